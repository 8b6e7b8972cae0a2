package io.plotstream.server.plot;

import io.plotstream.server.log.LogUnavailableException;
import io.plotstream.server.log.PlotExistsInLogException;
import io.plotstream.server.log.SharedLog;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cluster node over a shared log: changes are appended and NOT applied here; this node's tail
 * ({@link ReplicaFeed}) applies them when it reads them back, in the log's order, as every other node
 * does. So all replicas apply the same records in the same order and every cursor means the same on
 * every node. A stream's lines are acknowledged once the log confirmed them (viewers of the writing
 * node see them a tail round trip later); an API change returns once durable AND applied here, so
 * the caller reads its own write from the node it asked.
 *
 * <p>Creation that must not overwrite (a POST, open mode's first stream of a token) is decided by the
 * log itself ({@link SharedLog#appendDefinition} with {@code onlyIfAbsent}), so however many nodes see
 * a new token first there is one plot, and one DEFINE. Age trims are decided by the plot's steward, the
 * node holding its short lease, so they are logged once rather than once per node.
 */
final class SharedPlotChanges implements PlotChanges {

    private final PlotStore store;
    private final SharedLog log;
    private final Clock clock;
    private final ClusterNode node;
    private final AppliedPositions applied = new AppliedPositions();
    private final StewardLeases leases;

    SharedPlotChanges(PlotStore store, SharedLog log, Clock clock, ClusterNode node) {
        this.store = store;
        this.log = log;
        this.clock = clock;
        this.node = node;
        this.leases = new StewardLeases(log, node, clock);
    }

    AppliedPositions applied() {
        return applied;
    }

    StewardLeases leases() {
        return leases;
    }

    @Override
    public Plot create(String requestedId, PlotDefinition definition, byte[] figure) {
        String id = requestedId == null ? store.freshId() : PlotStore.checkedId(requestedId);
        if (store.plot(id).isPresent()) {
            throw new PlotConflictException("plot '" + id + "' already exists (PUT /api/plots/" + id + " replaces it)");
        }
        store.checkRoomForOneMore();
        long position;
        try {
            position = durable(log.appendDefinition(id, PlotOps.define(clock.millis(), figure), true), "creating plot " + id);
        } catch (PlotExistsInLogException e) {
            throw new PlotConflictException("plot '" + id + "' already exists (PUT /api/plots/" + id + " replaces it)");
        }
        awaitApplied(id, position, "creating plot " + id);
        return store.plot(id).orElseThrow(() -> new LogUnavailableException("creating plot " + id
                + ": it was deleted through another node at once", null));
    }

    @Override
    public boolean put(String id, PlotDefinition definition, byte[] figure) {
        PlotStore.checkedId(id);
        boolean existed = store.plot(id).isPresent();
        if (!existed) {
            store.checkRoomForOneMore();
        }
        long position = durable(log.appendDefinition(id, PlotOps.define(clock.millis(), figure), false), "defining plot " + id);
        awaitApplied(id, position, "defining plot " + id);
        return !existed;
    }

    @Override
    public boolean delete(String id) {
        if (store.plot(id).isEmpty()) {
            return false;
        }
        long position = durable(log.appendDeletion(id, PlotOps.delete(clock.millis())), "deleting plot " + id);
        awaitApplied(id, position, "deleting plot " + id);
        return true;
    }

    @Override
    public List<TokenBinding> bindOpenModeToken(String token) {
        String id = PlotIds.forOpenToken(token);
        if (store.plot(id).isPresent()) { // a plot of that id whose trace no longer names the token
            throw new PlotConflictException("plot '" + id + "' exists but is not bound to this token");
        }
        store.checkRoomForOneMore();
        PlotDefinition definition = store.figures().openModeFigure(token, id);
        byte[] figure = LocalPlotChanges.openModeFigureBytes(id, definition);
        String what = "creating open-mode plot " + id;
        try {
            long position = durable(log.appendDefinition(id, PlotOps.define(clock.millis(), figure), true), what);
            awaitApplied(id, position, what);
        } catch (PlotExistsInLogException e) {
            // another node created it first: its DEFINE precedes our refusal in the log, so the tail brings it
            awaitCondition(() -> !store.bindings(token).isEmpty(), what);
        }
        return store.bindings(token);
    }

    /** How long a new stream's unknown token waits for another node's definition to arrive here. */
    static final long UNKNOWN_TOKEN_WAIT_MS = 1000;

    @Override
    public List<TokenBinding> bindingsForNewStream(String token) {
        List<TokenBinding> bindings = store.bindings(token);
        if (bindings.isEmpty()) {
            try {
                applied.await(() -> !store.bindings(token).isEmpty(), UNKNOWN_TOKEN_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            bindings = store.bindings(token);
        }
        return bindings;
    }

    @Override
    public CompletableFuture<Long> write(Plot plot, WriteBatch.PlotWrites writes) {
        // No plot lock: the log orders concurrent appends of one plot, and the tail applies that order.
        return store.append(plot.id(), writes.record.finish(clock.millis()));
    }

    @Override
    public boolean trimAged(Plot plot, long now) {
        if (plot.hasAged(now) && leases.holds(plot.id())) {
            store.append(plot.id(), PlotOps.trim(now)); // a failed trim is decided again at the next sweep
        }
        return false; // the tail applies the trim and tells this node's viewers
    }

    private long durable(CompletableFuture<Long> append, String what) {
        try {
            return append.get(node.applyWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException(what + ": interrupted while waiting for the log", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PlotExistsInLogException exists) {
                throw exists;
            }
            throw new LogUnavailableException(what + ": the log could not make it durable: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new LogUnavailableException(what + ": the log did not make it durable within "
                    + node.applyWait().toMillis() + " ms", e);
        }
    }

    private void awaitApplied(String id, long position, String what) {
        awaitCondition(() -> appliedUpTo(id, position), what);
    }

    private boolean appliedUpTo(String id, long position) {
        return applied.appliedAtLeast(id, position);
    }

    private void awaitCondition(java.util.function.BooleanSupplier condition, String what) {
        try {
            if (!applied.await(condition, node.applyWait().toMillis())) {
                throw new LogUnavailableException(what + ": durable, but this node's replica did not apply it within "
                        + node.applyWait().toMillis() + " ms (is its tail of the log stalled?)", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException(what + ": interrupted while waiting for the replica", e);
        }
    }

    /** Positions for which this node's lease check already ran, so a sweep asks the log at most once per lease. */
    static final class StewardLeases {
        private final SharedLog log;
        private final ClusterNode node;
        private final Clock clock;
        private final ConcurrentHashMap<String, Long> heldUntil = new ConcurrentHashMap<>();

        StewardLeases(SharedLog log, ClusterNode node, Clock clock) {
            this.log = log;
            this.node = node;
            this.clock = clock;
        }

        /**
         * Whether this node is the plot's steward now: it holds the lease it claimed, or claims it.
         * Held for 80 % of the lease here, so this node stops before the log lets another take over.
         */
        boolean holds(String plotId) {
            long now = clock.millis();
            Long until = heldUntil.get(plotId);
            if (until != null && until > now) {
                return true;
            }
            if (log.claimCheckpoint(plotId, node.nodeId(), node.stewardLease())) {
                heldUntil.put(plotId, now + node.stewardLease().toMillis() * 4 / 5);
                return true;
            }
            heldUntil.remove(plotId);
            return false;
        }
    }
}
