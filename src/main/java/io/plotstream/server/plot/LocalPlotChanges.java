package io.plotstream.server.plot;

import io.plotstream.server.log.OperationLog;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One server over its own log: each change is appended under the plot's lock and applied under the
 * same lock at once, so the log's order of a plot is its apply order, and viewers see a point as soon
 * as it is applied (its acknowledgement waits for the log). Definition changes return once durable.
 */
final class LocalPlotChanges implements PlotChanges {

    private final PlotStore store;
    private final Clock clock;

    LocalPlotChanges(PlotStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Plot create(String requestedId, PlotDefinition definition, byte[] figure) {
        Plot plot;
        synchronized (store.definitions) {
            String id = requestedId == null ? store.freshId() : PlotStore.checkedId(requestedId);
            if (store.plot(id).isPresent()) {
                throw new PlotConflictException("plot '" + id + "' already exists (PUT /api/plots/" + id + " replaces it)");
            }
            plot = addLogged(id, definition, figure);
        }
        PlotStore.durable(plot.lastOp(), "creating plot " + plot.id());
        store.defined(plot);
        return plot;
    }

    @Override
    public boolean put(String id, PlotDefinition definition, byte[] figure) {
        Plot plot;
        boolean created;
        synchronized (store.definitions) {
            PlotStore.checkedId(id);
            plot = store.plot(id).orElse(null);
            created = plot == null;
            if (created) {
                plot = addLogged(id, definition, figure);
            } else {
                long now = clock.millis();
                synchronized (plot) {
                    CompletableFuture<Long> append = store.append(id, PlotOps.define(now, figure));
                    plot.redefine(definition, now);
                    plot.logged(append);
                }
                store.rebuildIndex();
            }
        }
        PlotStore.durable(plot.lastOp(), "defining plot " + id);
        store.defined(plot);
        return created;
    }

    @Override
    public boolean delete(String id) {
        Plot removed;
        CompletableFuture<Long> append;
        synchronized (store.definitions) {
            removed = store.plot(id).orElse(null);
            if (removed == null) {
                return false;
            }
            synchronized (removed) {
                append = store.append(id, PlotOps.delete(clock.millis()));
                removed.markDeleted();
                removed.logged(append);
            }
            store.remove(id);
        }
        removed.release();
        PlotStore.durable(append, "deleting plot " + id); // before the listeners remove its checkpoint files
        store.deleted(id);
        return true;
    }

    @Override
    public List<TokenBinding> bindOpenModeToken(String token) {
        Plot plot;
        synchronized (store.definitions) {
            List<TokenBinding> existing = store.bindings(token);
            if (!existing.isEmpty()) {
                return existing;
            }
            String id = PlotIds.forOpenToken(token);
            if (store.plot(id).isPresent()) { // a plot of that id whose trace no longer names the token
                throw new PlotConflictException("plot '" + id + "' exists but is not bound to this token");
            }
            PlotDefinition definition = store.figures().openModeFigure(token, id);
            plot = addLogged(id, definition, openModeFigureBytes(id, definition));
        }
        PlotStore.durable(plot.lastOp(), "creating open-mode plot " + plot.id());
        store.defined(plot);
        return store.bindings(token);
    }

    /** The figure of an open-mode plot as the log records it: the definition's own JSON (parsing it gives the same definition). */
    static byte[] openModeFigureBytes(String id, PlotDefinition definition) {
        return new Plot(id, definition).definitionJson().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public List<TokenBinding> bindingsForNewStream(String token) {
        return store.bindings(token);
    }

    @Override
    public CompletableFuture<Long> write(Plot plot, WriteBatch.PlotWrites writes) {
        CompletableFuture<Long> append;
        synchronized (plot) {
            if (plot.isDeleted()) { // the binding was looked up just before a deletion: nothing to write to
                return CompletableFuture.completedFuture(OperationLog.NONE);
            }
            long now = clock.millis();
            append = store.append(plot.id(), writes.record.finish(now));
            for (int i = 0; i < writes.writes.size(); i++) {
                plot.apply(writes.traceIndices.get(i), writes.writes.get(i), now);
            }
            plot.logged(append);
        }
        store.notifyChanged(plot.id());
        return append;
    }

    @Override
    public boolean trimAged(Plot plot, long now) {
        synchronized (plot) {
            if (plot.isDeleted() || !plot.hasAged(now)) {
                return false;
            }
            CompletableFuture<Long> append = store.append(plot.id(), PlotOps.trim(now));
            plot.trimAged(now);
            plot.logged(append);
        }
        return true;
    }

    /** Logs a DEFINE of a new plot, then adds it. Caller holds the store's definitions lock. */
    private Plot addLogged(String id, PlotDefinition definition, byte[] figure) {
        store.checkRoomForOneMore();
        long now = clock.millis();
        Plot plot = store.newPlot(id, definition, now);
        synchronized (plot) {
            plot.logged(store.append(id, PlotOps.define(now, figure)));
        }
        store.put(plot);
        return plot;
    }
}
