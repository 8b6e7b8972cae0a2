package io.plotstream.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.dashboard.DashboardRepository;
import io.plotstream.server.dashboard.RedisDashboards;
import io.plotstream.server.log.LogTail;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.redis.RedisLog;
import io.plotstream.server.log.redis.RedisLogOptions;
import io.plotstream.server.plot.ClusterNode;
import io.plotstream.server.plot.LineDecoder;
import io.plotstream.server.plot.Plot;
import io.plotstream.server.plot.PlotCheckpoints;
import io.plotstream.server.plot.PlotStore;
import io.plotstream.server.plot.ReplicaFeed;
import io.plotstream.server.plot.SharedCheckpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A cluster node over Redis ({@code --engine redis://...}): the plots' log, checkpoints and dashboards
 * live in Redis; this node holds a replica of every plot, fed by one tail of the log, so any node takes
 * any stream and any viewer and every cursor means the same everywhere.
 */
final class RedisEngine implements Engine {

    /** How long one node alone trims and checkpoints a plot: the checkpoint interval's order. */
    private static final Duration STEWARD_LEASE = Duration.ofSeconds(10);
    /** How long an API change waits for the log and then for this node's replica. */
    private static final Duration APPLY_WAIT = Duration.ofSeconds(10);

    private final RedisLog log;
    private final ClusterNode node;
    private LogTail tail;

    RedisEngine(ServerConfig config) {
        // The environment names the ACL user and the TLS CA file; the password may also come from the config.
        Map<String, String> environment = new HashMap<>(System.getenv());
        if (config.redisPassword != null) {
            environment.put(RedisLogOptions.PASSWORD_VARIABLE, config.redisPassword);
        }
        try {
            this.log = RedisLog.open(RedisLogOptions.of(config.engine, environment));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the engine " + config.engine.replaceAll("//[^@/]*@", "//***@")
                    + ": " + e.getMessage(), e);
        }
        this.node = new ClusterNode(config.nodeId != null ? config.nodeId : defaultNodeId(), STEWARD_LEASE, APPLY_WAIT);
    }

    /** host-pid: unique among running nodes, and readable in Redis's lease keys and in logs. */
    private static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "node";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    @Override
    public OperationLog log() {
        return log;
    }

    @Override
    public ClusterNode clusterNode() {
        return node;
    }

    @Override
    public PlotCheckpoints checkpoints(PlotStore store, ObjectMapper mapper) {
        return new SharedCheckpoints(log, store, mapper);
    }

    @Override
    public DashboardRepository dashboards() {
        return new RedisDashboards(log);
    }

    @Override
    public void follow(PlotStore store, LineDecoder decoder, Consumer<String> dashboardChanged, Consumer<Boolean> reachable) {
        ReplicaFeed feed = store.replicaFeed(decoder, dashboardChanged, reachable);
        Map<String, Long> positions = new HashMap<>();
        for (Plot plot : store.all()) {
            positions.put(plot.id(), store.position(plot.id()));
        }
        tail = log.tail(positions, feed);
        feed.following(tail);
    }

    @Override
    public String unreachable() {
        return "redis unreachable at " + log.endpoint();
    }

    @Override
    public void close() {
        if (tail != null) {
            tail.close();
        }
        log.close();
    }
}
