package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.SharedLog;
import io.plotstream.server.log.StoredCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plots' checkpoints in a shared log's store (cluster mode): the same JSON a file checkpoint holds
 * (figure, windows with their cursors, history, the position covered), so a node that starts, or whose
 * tail fell behind a trim, loads a plot from it and replays only what came after. Every node holds
 * every replica, but only the plot's steward (the node holding its short lease) writes a checkpoint:
 * the store keeps the one that covers most, so two writers could only waste work, never go back.
 * A replica's state is applied from the log, so its position's record is durable by construction.
 */
public final class SharedCheckpoints extends CheckpointRounds {

    private static final Logger LOG = LoggerFactory.getLogger(SharedCheckpoints.class);

    private final SharedLog log;
    private final ObjectMapper mapper;
    /** Plot id → the change count of its last checkpoint this node stored. */
    private final Map<String, Long> saved = new ConcurrentHashMap<>();
    /** Plot id → the position its loaded checkpoint covers; written at start only. */
    private final Map<String, Long> loadedPositions = new HashMap<>();

    public SharedCheckpoints(SharedLog log, PlotStore store, ObjectMapper mapper) {
        super(store);
        this.log = log;
        this.mapper = mapper;
    }

    @Override
    public int loadSaved() {
        int loaded = 0;
        try {
            for (String id : log.plotIds()) {
                Optional<StoredCheckpoint> checkpoint = log.loadCheckpoint(id);
                if (checkpoint.isEmpty()) {
                    continue;
                }
                try {
                    JsonNode state = mapper.readTree(checkpoint.get().state());
                    Plot plot = store.restore(id, state.path("figure"), state, state.get("history"), checkpoint.get().position());
                    saved.put(id, plot.changes());
                    loadedPositions.put(id, checkpoint.get().position());
                    loaded++;
                } catch (IOException | RuntimeException e) {
                    LOG.error("Skipping the stored checkpoint of plot {}: {}; its log replays from the start", id, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the plots' checkpoints: " + e.getMessage(), e);
        }
        return loaded;
    }

    @Override
    public long checkpointOf(String plotId) {
        return loadedPositions.getOrDefault(plotId, OperationLog.NONE);
    }

    @Override
    public void recovered() {
        saveChanged();
    }

    /** Sends one plot's checkpoint when it changed since this node's last and this node is its steward. */
    @Override
    boolean checkpoint(Plot plot) {
        String id = plot.id();
        Plot.CheckpointState state = plot.checkpointState();
        Long last = saved.get(id);
        if (last != null && last == state.changes()) {
            return false;
        }
        long position = state.lastOp().getNow(OperationLog.NONE); // applied from the log: complete
        if (position == OperationLog.NONE || !store.steward(id)) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(state.toJson(position));
        } catch (IOException e) {
            LOG.error("Checkpoint of plot {} could not be encoded: {}", id, e.getMessage());
            return false;
        }
        long changes = state.changes();
        log.storeCheckpoint(id, position, bytes).whenComplete((stored, error) -> {
            if (error != null) {
                LOG.warn("Checkpoint of plot {} at {} not stored ({}); retried at the next round", id, position, error.getMessage());
            } else {
                saved.put(id, changes);
            }
        });
        return true;
    }

    /** A plot's deletion was applied: the log may drop its records and its checkpoint (idempotent on every node). */
    @Override
    public void deleted(String plotId) {
        saved.remove(plotId);
        log.forget(plotId);
    }
}
