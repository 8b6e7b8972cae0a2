package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.log.LogTail;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.SharedLog;
import io.plotstream.server.log.StoredCheckpoint;
import io.plotstream.server.log.TailListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Feeds this node's replicas from the shared log's tail: every record of every plot, applied in the
 * log's order and then told to this node's listeners (viewers, checkpoints). Runs on the tail's one
 * thread, which owns {@link #deletedAt}. A plot whose records were trimmed before this node read them
 * (it fell behind a checkpoint, or first hears of a plot mid-way) is reloaded from its stored
 * checkpoint and followed again from there.
 */
public final class ReplicaFeed implements TailListener {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaFeed.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PlotStore store;
    private final SharedLog log;
    private final LineDecoder decoder;
    private final AppliedPositions applied;
    private final Consumer<String> dashboardChanged;
    private final Consumer<Boolean> reachable;
    /** Plot id → the position of its deletion, so writes that raced a deletion are dropped, not reloaded. */
    private final Map<String, Long> deletedAt = new HashMap<>();
    private volatile LogTail tail;

    ReplicaFeed(PlotStore store, SharedLog log, LineDecoder decoder, AppliedPositions applied,
                Consumer<String> dashboardChanged, Consumer<Boolean> reachable) {
        this.store = store;
        this.log = log;
        this.decoder = decoder;
        this.applied = applied;
        this.dashboardChanged = dashboardChanged;
        this.reachable = reachable;
    }

    /** The tail this feed restarts after a reload; set once the tail is started with this feed. */
    public void following(LogTail tail) {
        this.tail = tail;
    }

    @Override
    public void record(String plotId, long position, byte[] record) {
        PlotStore.Applied outcome;
        try {
            outcome = store.apply(plotId, position, record, decoder);
        } catch (RuntimeException e) {
            LOG.error("Skipping log record of plot {} at position {}: {}", plotId, position, e.getMessage());
            applied.applied(plotId, position);
            return;
        }
        switch (outcome) {
            case DEFINED -> {
                deletedAt.remove(plotId);
                store.plot(plotId).ifPresent(store::defined);
            }
            case DELETED -> {
                deletedAt.put(plotId, position);
                store.deleted(plotId);
            }
            case CHANGED -> store.notifyChanged(plotId);
            case UNKNOWN_PLOT -> {
                Long deleted = deletedAt.get(plotId);
                if (deleted == null || deleted > position) {
                    reload(plotId, "record " + position + " of a plot this node does not hold");
                    return; // the reload published the applied position
                }
            }
            case UNCHANGED -> {
            }
        }
        applied.applied(plotId, position);
    }

    @Override
    public void gap(String plotId, long lastSeen, long next) {
        reload(plotId, "records " + (lastSeen + 1) + ".." + (next - 1) + " were dropped before this node read them");
    }

    /** Loads the plot's stored checkpoint into the replica and follows its log again from there. */
    private void reload(String plotId, String why) {
        long from = OperationLog.NONE;
        try {
            Optional<StoredCheckpoint> checkpoint = log.loadCheckpoint(plotId);
            if (checkpoint.isPresent()) {
                JsonNode state = MAPPER.readTree(checkpoint.get().state());
                store.reload(plotId, state.path("figure"), state, state.get("history"), checkpoint.get().position());
                from = checkpoint.get().position();
                applied.applied(plotId, from);
                LOG.info("Replica of plot {} reloaded from its checkpoint at {}: {}", plotId, from, why);
            } else {
                LOG.warn("Replica of plot {}: {}, and no checkpoint is stored; following it from its first record", plotId, why);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Replica of plot {}: {}; reloading from its checkpoint failed ({}); trying again from its start",
                    plotId, why, e.getMessage());
        }
        LogTail current = tail;
        if (current != null) {
            current.restart(plotId, from);
        }
    }

    @Override
    public void plotAnnounced(String plotId) {
        LOG.debug("Plot {} was defined or deleted through another node", plotId);
    }

    @Override
    public void dashboardChanged(String dashboardId) {
        dashboardChanged.accept(dashboardId);
    }

    @Override
    public void reachable(boolean up) {
        reachable.accept(up);
    }
}
