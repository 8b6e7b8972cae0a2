package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.files.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The data directory: {@code plots/<id>.json} holds each definition (written at once when a plot is
 * defined), {@code windows/<id>.json} its windows (written every snapshot interval when the plot
 * changed, and at shutdown), {@code history/<id>.json} its traces' downsampled histories (at most
 * every {@link #HISTORY_INTERVAL} when the plot changed, and at shutdown: a history file can be a few
 * MB, so it is not rewritten with every window save; a crash loses at most that much history). Every file is written to a temporary file and moved into place
 * atomically, so a crash leaves the old or the new file, never half of one.
 */
public final class PlotPersistence implements PlotLifecycleListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlotPersistence.class);

    private final PlotStore store;
    private final ObjectMapper mapper;
    private final Path plotsDir;
    private final Path windowsDir;
    private final Path historyDir;
    /** How often at most a changed plot's history file is rewritten while running. */
    public static final Duration HISTORY_INTERVAL = Duration.ofSeconds(60);
    /** Plot id → the change count when its history was last saved; guarded by {@link #saved}. */
    private final Map<String, Long> historySaved = new HashMap<>();
    private long lastHistoryRound = System.nanoTime();
    /** Plot id → the change count last saved; guarded by itself, and it serialises all file writes. */
    private final Map<String, Long> saved = new HashMap<>();
    private ScheduledExecutorService scheduler;

    public PlotPersistence(Path dataDir, PlotStore store, ObjectMapper mapper) {
        this.store = store;
        this.mapper = mapper;
        this.plotsDir = dataDir.resolve("plots");
        this.windowsDir = dataDir.resolve("windows");
        this.historyDir = dataDir.resolve("history");
        try {
            Files.createDirectories(plotsDir);
            Files.createDirectories(windowsDir);
            Files.createDirectories(historyDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir.toAbsolutePath(), e);
        }
    }

    /** Loads every saved plot and its windows; a file that cannot be read is logged and skipped. */
    public int loadSaved() {
        int loaded = 0;
        for (Path file : jsonFiles(plotsDir)) {
            String id = idOf(file);
            try {
                JsonNode definition = mapper.readTree(file.toFile());
                Path windowsFile = windowsDir.resolve(id + ".json");
                JsonNode windows = Files.exists(windowsFile) ? mapper.readTree(windowsFile.toFile()) : null;
                JsonNode history = null;
                Path historyFile = historyDir.resolve(id + ".json");
                try {
                    history = Files.exists(historyFile) ? mapper.readTree(historyFile.toFile()) : null;
                } catch (IOException e) {
                    LOG.error("Ignoring the unreadable history of plot {}: {}", id, e.getMessage());
                }
                Plot plot = store.restore(id, definition.path("figure"), windows, history);
                synchronized (saved) {
                    saved.put(id, plot.changes());
                    historySaved.put(id, plot.changes());
                }
                loaded++;
            } catch (IOException | RuntimeException e) {
                LOG.error("Skipping saved plot {}: {}", file, e.getMessage());
            }
        }
        return loaded;
    }

    /**
     * Defines a plot from every {@code *.json} figure file of a directory (id = file name without
     * {@code .json}); a plot that already exists is redefined, keeping its windows where tokens stay.
     */
    public int loadFigureDirectory(Path directory) {
        if (directory == null || !Files.isDirectory(directory)) {
            return 0;
        }
        int loaded = 0;
        for (Path file : jsonFiles(directory)) {
            try {
                store.put(idOf(file), mapper.readTree(file.toFile()));
                loaded++;
            } catch (IOException | RuntimeException e) {
                LOG.error("Skipping figure file {}: {}", file, e.getMessage());
            }
        }
        return loaded;
    }

    /**
     * Starts saving changed windows every {@code interval}, and the store's time-window sweeper
     * ({@link PlotStore#startSweeping}; stopped again by {@link #close}).
     */
    public void start(Duration interval) {
        store.startSweeping();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plot-snapshots");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(100, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::saveChangedQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Saves every plot changed since its last save (histories only when {@link #HISTORY_INTERVAL} passed); returns how many were written. */
    public int saveChanged() {
        boolean historyDue = System.nanoTime() - lastHistoryRound >= HISTORY_INTERVAL.toNanos();
        int written = saveChanged(historyDue);
        if (historyDue) {
            lastHistoryRound = System.nanoTime();
        }
        return written;
    }

    /** Saves every plot changed since its last save, and its history too when {@code withHistory}. */
    public int saveChanged(boolean withHistory) {
        int written = 0;
        for (Plot plot : store.all()) {
            if (withHistory) {
                saveHistory(plot);
            }
            long changes = plot.changes();
            synchronized (saved) {
                Long last = saved.get(plot.id());
                if (last != null && last == changes) {
                    continue;
                }
                if (store.plot(plot.id()).orElse(null) != plot) {
                    continue; // deleted or replaced meanwhile
                }
                write(plotsDir.resolve(plot.id() + ".json"), definitionFile(plot));
                write(windowsDir.resolve(plot.id() + ".json"), plot.windowsJson());
                saved.put(plot.id(), changes);
                written++;
            }
        }
        return written;
    }

    private void saveHistory(Plot plot) {
        long changes = plot.changes();
        synchronized (saved) {
            Long last = historySaved.get(plot.id());
            if ((last != null && last == changes) || store.plot(plot.id()).orElse(null) != plot) {
                return;
            }
            write(historyDir.resolve(plot.id() + ".json"), plot.historyJson());
            historySaved.put(plot.id(), changes);
        }
    }

    private void saveChangedQuietly() {
        try {
            saveChanged();
        } catch (RuntimeException e) {
            LOG.error("Saving plot windows failed (will retry): {}", e.getMessage(), e);
        }
    }

    @Override
    public void defined(Plot plot) {
        synchronized (saved) {
            long changes = plot.changes();
            write(plotsDir.resolve(plot.id() + ".json"), definitionFile(plot));
            write(windowsDir.resolve(plot.id() + ".json"), plot.windowsJson());
            saved.put(plot.id(), changes);
        }
    }

    @Override
    public void deleted(String plotId) {
        synchronized (saved) {
            saved.remove(plotId);
            historySaved.remove(plotId);
            try {
                AtomicFiles.delete(plotsDir.resolve(plotId + ".json"));
                AtomicFiles.delete(windowsDir.resolve(plotId + ".json"));
                AtomicFiles.delete(historyDir.resolve(plotId + ".json"));
            } catch (IOException e) {
                LOG.error("Could not delete the files of plot {}: {}", plotId, e.getMessage());
            }
        }
    }

    /** Stops the periodic saving and saves what changed one last time. */
    @Override
    public void close() {
        store.stopSweeping();
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        saveChanged(true);
    }

    private ObjectNode definitionFile(Plot plot) {
        ObjectNode file = mapper.createObjectNode();
        file.put("id", plot.id());
        file.set("figure", plot.definitionJson());
        return file;
    }

    private void write(Path target, JsonNode content) {
        try {
            AtomicFiles.replace(target, mapper.writeValueAsBytes(content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static Iterable<Path> jsonFiles(Path directory) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            List<Path> list = new ArrayList<>();
            files.forEach(list::add);
            list.sort(null);
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    private static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }
}
