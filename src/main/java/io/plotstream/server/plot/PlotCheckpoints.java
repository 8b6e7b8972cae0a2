package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the plots' checkpoints live: {@link PlotPersistence} (files in the data directory, one server)
 * or {@link SharedCheckpoints} (the shared log's store, a cluster). Chosen once by the server.
 * Lifecycle: {@link #loadSaved}, the log's recovery (asking {@link #checkpointOf}), {@link #recovered},
 * then {@link #start}, and {@link #close} at shutdown.
 */
public interface PlotCheckpoints extends PlotLifecycleListener, AutoCloseable {

    /** Restores every stored checkpoint into the store; returns how many. */
    int loadSaved();

    /** The log position the loaded checkpoint of a plot covers (for the log's recovery). */
    long checkpointOf(String plotId);

    /** After the log's recovery: tidy what the log deleted, checkpoint what replay changed. */
    void recovered();

    /** Starts checkpointing changed plots every {@code interval}, and the store's window sweeper. */
    void start(Duration interval);

    /** Checkpoints what changed since the last checkpoint; returns how many were written (or sent). */
    int saveChanged();

    @Override
    void close();

    /**
     * Defines a plot from every {@code *.json} figure file of a directory (id = file name without
     * {@code .json}); a plot that already exists is redefined, keeping its windows where tokens stay.
     * A bad file is logged and skipped.
     */
    static int loadFigureDirectory(PlotStore store, ObjectMapper mapper, Path directory) {
        if (directory == null || !Files.isDirectory(directory)) {
            return 0;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory, "*.json")) {
            listing.forEach(files::add);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + directory, e);
        }
        files.sort(null);
        int loaded = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            try {
                store.put(name.substring(0, name.length() - ".json".length()), mapper.readTree(file.toFile()));
                loaded++;
            } catch (IOException | RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(PlotCheckpoints.class).error("Skipping figure file {}: {}", file, e.getMessage());
            }
        }
        return loaded;
    }
}
