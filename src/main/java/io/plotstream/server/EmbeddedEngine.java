package io.plotstream.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.dashboard.DashboardRepository;
import io.plotstream.server.dashboard.FileDashboards;
import io.plotstream.server.log.ChannelFactory;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.SegmentLog;
import io.plotstream.server.log.SegmentLogOptions;
import io.plotstream.server.plot.ClusterNode;
import io.plotstream.server.plot.LineDecoder;
import io.plotstream.server.plot.NoLog;
import io.plotstream.server.plot.PlotCheckpoints;
import io.plotstream.server.plot.PlotPersistence;
import io.plotstream.server.plot.PlotStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** One server: segment files in the data directory ({@code --log segments}) or none, checkpoints as files. */
final class EmbeddedEngine implements Engine {

    private final ServerConfig config;
    private final OperationLog log;

    EmbeddedEngine(ServerConfig config, ChannelFactory channels) {
        this.config = config;
        this.log = open(config, channels);
    }

    private static OperationLog open(ServerConfig config, ChannelFactory channels) {
        if ("none".equals(config.log)) {
            return new NoLog();
        }
        long segment = Math.min(SegmentLogOptions.DEFAULT_SEGMENT_BYTES, config.logLimit / 4);
        try {
            return SegmentLog.open(config.dataDir, SegmentLogOptions.defaults().withLimitBytes(config.logLimit)
                    .withSegmentBytes(segment).withChannels(channels));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the operation log in " + config.dataDir.toAbsolutePath(), e);
        }
    }

    @Override
    public OperationLog log() {
        return log;
    }

    @Override
    public ClusterNode clusterNode() {
        return null;
    }

    @Override
    public PlotCheckpoints checkpoints(PlotStore store, ObjectMapper mapper) {
        return new PlotPersistence(config.dataDir, store, mapper);
    }

    @Override
    public DashboardRepository dashboards() {
        return new FileDashboards(config.dataDir);
    }

    @Override
    public void follow(PlotStore store, LineDecoder decoder, Consumer<String> dashboardChanged, Consumer<Boolean> reachable) {
        // one server: nobody else changes its plots
    }

    @Override
    public String unreachable() {
        return "the operation log cannot be written";
    }

    @Override
    public void close() {
        log.close();
    }
}
