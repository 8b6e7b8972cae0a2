package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.files.AtomicFiles;
import io.plotstream.server.log.OperationLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The plots' checkpoints in the data directory. The operation log holds every change; a checkpoint
 * bounds how much of it recovery replays and lets the log drop what it covers.
 *
 * <p>{@code windows/<id>.json} is the checkpoint: the plot's definition ({@code figure}), windows
 * (with age stamps), histories and the log {@code position} it covers, all copied under one hold of
 * the plot's lock so the state is exactly that after the record at {@code position}. It is written
 * (to a temporary file, forced, moved into place atomically) every checkpoint interval when the plot
 * changed, when a plot is defined, and at shutdown; only then is the log told
 * ({@link OperationLog#checkpointed}). {@code plots/<id>.json} repeats the definition for people and
 * for older servers. Files without a position (written before the log) still load, as covering
 * nothing ({@link OperationLog#NONE}), with {@code history/<id>.json} beside them.
 */
public final class PlotPersistence extends CheckpointRounds {

    private static final Logger LOG = LoggerFactory.getLogger(PlotPersistence.class);
    /** How long a checkpoint waits for the record its state ends at to be durable (else it is skipped this round). */
    private static final long DURABLE_WAIT_SECONDS = 10;

    private final ObjectMapper mapper;
    private final Path plotsDir;
    private final Path windowsDir;
    private final Path historyDir;
    /** Plot id → the change count last checkpointed; guarded by itself, and it serialises all file writes. */
    private final Map<String, Long> saved = new HashMap<>();
    /** Plot id → the log position its loaded checkpoint covers (for recovery). */
    private final Map<String, Long> loadedPositions = new HashMap<>();

    public PlotPersistence(Path dataDir, PlotStore store, ObjectMapper mapper) {
        super(store);
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

    /** Loads every checkpoint (or older files); a file that cannot be read is logged and skipped. */
    @Override
    public int loadSaved() {
        int loaded = 0;
        for (Path file : jsonFiles(plotsDir)) {
            String id = idOf(file);
            try {
                Path windowsFile = windowsDir.resolve(id + ".json");
                JsonNode windows = Files.exists(windowsFile) ? mapper.readTree(windowsFile.toFile()) : null;
                Plot plot;
                long position = OperationLog.NONE;
                if (windows != null && windows.has("position")) {
                    position = windows.path("position").asLong(OperationLog.NONE);
                    plot = store.restore(id, windows.path("figure"), windows, windows.get("history"), position);
                } else { // written before the log: definition, windows and history in three files
                    JsonNode definition = mapper.readTree(file.toFile());
                    plot = store.restore(id, definition.path("figure"), windows, legacyHistory(id));
                }
                synchronized (saved) {
                    saved.put(id, plot.changes());
                    loadedPositions.put(id, position);
                }
                loaded++;
            } catch (IOException | RuntimeException e) {
                LOG.error("Skipping saved plot {}: {}", file, e.getMessage());
            }
        }
        return loaded;
    }

    private JsonNode legacyHistory(String id) {
        Path historyFile = historyDir.resolve(id + ".json");
        try {
            return Files.exists(historyFile) ? mapper.readTree(historyFile.toFile()) : null;
        } catch (IOException e) {
            LOG.error("Ignoring the unreadable history of plot {}: {}", id, e.getMessage());
            return null;
        }
    }

    /** The log position the loaded checkpoint of a plot covers ({@link OperationLog#NONE}: none); for {@link PlotStore#recover}. */
    @Override
    public long checkpointOf(String plotId) {
        synchronized (saved) {
            return loadedPositions.getOrDefault(plotId, OperationLog.NONE);
        }
    }

    /**
     * After the log was replayed: removes the files of plots the log deleted (and lets the log forget
     * them), and checkpoints what replay changed, so the next start replays less.
     */
    @Override
    public void recovered() {
        List<String> gone;
        synchronized (saved) {
            gone = new ArrayList<>();
            for (String id : loadedPositions.keySet()) {
                if (store.plot(id).isEmpty()) {
                    gone.add(id);
                }
            }
        }
        gone.forEach(this::deleted);
        saveChanged();
    }

    /** Kept for callers of the time before the log: histories are now part of every checkpoint. */
    public int saveChanged(boolean withHistory) {
        return saveChanged();
    }

    /**
     * Writes one plot's checkpoint if it changed: state and position taken under the plot's lock, the
     * position's record awaited (a checkpoint never claims a position the log does not hold), the file
     * written durably, then the log told. False when unchanged, deleted, or the log failed.
     */
    @Override
    boolean checkpoint(Plot plot) {
        synchronized (saved) {
            if (store.plot(plot.id()).orElse(null) != plot) {
                return false; // deleted or replaced meanwhile
            }
            Plot.CheckpointState state = plot.checkpointState();
            Long last = saved.get(plot.id());
            if (last != null && last == state.changes()) {
                return false;
            }
            long position;
            try {
                position = state.lastOp().get(DURABLE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("Checkpoint of plot {} skipped: its last operation is not durable ({})", plot.id(),
                        e instanceof ExecutionException ? e.getCause().getMessage() : "timed out");
                return false;
            }
            ObjectNode checkpoint = state.toJson(position);
            write(windowsDir.resolve(plot.id() + ".json"), checkpoint);
            write(plotsDir.resolve(plot.id() + ".json"), definitionFile(plot.id(), state.figure()));
            saved.put(plot.id(), state.changes());
            if (position != OperationLog.NONE) {
                store.log().checkpointed(plot.id(), position);
            }
            return true;
        }
    }

    /** A plot's deletion is durable in the log: its files go, then the log may forget it. */
    @Override
    public void deleted(String plotId) {
        synchronized (saved) {
            saved.remove(plotId);
            loadedPositions.remove(plotId);
            try {
                AtomicFiles.delete(windowsDir.resolve(plotId + ".json"));
                AtomicFiles.delete(plotsDir.resolve(plotId + ".json"));
                AtomicFiles.delete(historyDir.resolve(plotId + ".json"));
            } catch (IOException e) {
                LOG.error("Could not delete the files of plot {}: {}", plotId, e.getMessage());
                return; // the log keeps its records: the deletion replays at the next start
            }
        }
        store.log().forget(plotId);
    }

    private ObjectNode definitionFile(String id, ObjectNode figure) {
        ObjectNode file = mapper.createObjectNode();
        file.put("id", id);
        file.set("figure", figure);
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
