package io.plotstream.server.plot;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How a store's changes reach the log and the plots: one of two orders, chosen once per store.
 * {@link LocalPlotChanges} (one server, its own log): append and apply under the plot's lock, so the
 * log's order is this process's apply order. {@link SharedPlotChanges} (a cluster over a shared log):
 * append only; every node, the appending one too, applies what its log tail reads back, so all nodes
 * apply the same records in the same order.
 */
interface PlotChanges {

    /** Creates a plot (a null id gets a random one); throws {@link PlotConflictException} when it exists. */
    Plot create(String requestedId, PlotDefinition definition, byte[] figure);

    /** Creates or redefines a plot; true when it was created. */
    boolean put(String id, PlotDefinition definition, byte[] figure);

    /** Deletes a plot; false when there is none of that id. */
    boolean delete(String id);

    /** Open mode: creates the token's one-trace plot unless it exists; returns the token's bindings. */
    List<TokenBinding> bindOpenModeToken(String token);

    /**
     * The bindings of a token a stream just named. A cluster node waits a moment for a plot defined
     * through another node that its tail has not brought yet, so a writer that comes right after a
     * create is not refused; one server answers at once.
     */
    List<TokenBinding> bindingsForNewStream(String token);

    /** Logs one plot's share of a chunk; the future completes with the record's position once durable. */
    CompletableFuture<Long> write(Plot plot, WriteBatch.PlotWrites writes);

    /** Trims a plot's aged points as of {@code now}; true when viewers of this node should hear of it now. */
    boolean trimAged(Plot plot, long now);
}
