package io.plotstream.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.dashboard.DashboardRepository;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.plot.ClusterNode;
import io.plotstream.server.plot.LineDecoder;
import io.plotstream.server.plot.PlotCheckpoints;
import io.plotstream.server.plot.PlotStore;

import java.util.function.Consumer;

/**
 * Where the plots' operations are stored, and what follows from it for this server; chosen once from
 * {@code --engine}: {@link EmbeddedEngine} (one server, its own log and checkpoint files) or
 * {@link RedisEngine} (a cluster node: the log, checkpoints and dashboards in Redis, the replicas fed
 * by a tail of the log).
 */
interface Engine extends AutoCloseable {

    /** Where every change is appended before it counts. */
    OperationLog log();

    /** This node's part in a cluster, or null for one server (the store then applies as it appends). */
    ClusterNode clusterNode();

    /** Where the plots' checkpoints are kept. */
    PlotCheckpoints checkpoints(PlotStore store, ObjectMapper mapper);

    /** Where dashboard definitions are kept (and, in a cluster, announced to every node). */
    DashboardRepository dashboards();

    /**
     * After recovery: keep this node's plots (and dashboards) up to date with what other nodes change.
     * Nothing for one server.
     */
    void follow(PlotStore store, LineDecoder decoder, Consumer<String> dashboardChanged, Consumer<Boolean> reachable);

    /** What viewers are told when this node loses the engine and the log has not said why yet. */
    String unreachable();

    /** Stops following and closes the log. */
    @Override
    void close();
}
