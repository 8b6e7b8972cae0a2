package io.plotstream.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.api.AccessKeys;
import io.plotstream.server.api.ApiHandler;
import io.plotstream.server.api.DashboardApi;
import io.plotstream.server.dashboard.DashboardStore;
import io.plotstream.server.api.PrometheusMetrics;
import io.plotstream.server.ingest.ActiveStreams;
import io.plotstream.server.ingest.IngestHandler;
import io.plotstream.server.ingest.IngestMetrics;
import io.plotstream.server.ingest.IngestSettings;
import io.plotstream.server.plot.Figures;
import io.plotstream.server.log.ChannelFactory;
import io.plotstream.server.log.RecoveryReport;
import io.plotstream.server.ingest.WriteParser;
import io.plotstream.server.plot.HistoryLimits;
import io.plotstream.server.plot.PlotCheckpoints;
import io.plotstream.server.plot.PlotStore;
import io.plotstream.server.web.ViewerModule;
import io.plotstream.server.web.ViewerOptions;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * The live plot server: Jetty 12 core handlers (no servlets) for ingest, the REST API and the
 * viewer module, over the plot store and its data directory. {@link #start()} and {@link #stop()}
 * for programs and tests (port 0 picks a free port: {@link #getPort()}).
 */
public final class PlotServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlotServer.class);
    /** Jetty's own idle timeout sits this far beyond ours, so a quiet stream gets its 408 rather than a silent close. */
    private static final Duration JETTY_IDLE_MARGIN = Duration.ofSeconds(30);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(3);

    private final ServerConfig config;
    private final ObjectMapper mapper;
    private final PlotStore store;
    private final Engine engine;
    private final IngestMetrics ingestMetrics = new IngestMetrics();
    private Server server;
    private ServerConnector connector;
    private PlotCheckpoints persistence;
    private IngestHandler ingest;
    private volatile ViewerModule viewers; // read by a cluster node's tail thread too
    private volatile DashboardStore dashboards; // read by a cluster node's tail thread too
    private HeaderDeadline headerDeadline;
    private NetworkConnectionLimit connectionLimit;

    public PlotServer(ServerConfig config) {
        this(config, ChannelFactory.FILES);
    }

    /** @param logChannels opens the operation log's segment files (tests inject failing disks) */
    public PlotServer(ServerConfig config, ChannelFactory logChannels) {
        this.config = config;
        this.engine = config.clustered() ? new RedisEngine(config) : new EmbeddedEngine(config, logChannels);
        this.mapper = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Math.max(64, config.maxJsonDepth)).build())
                .build());
        this.store = new PlotStore(new Figures(config.maxPoints, config.maxTracesPerPlot), config.maxPlots,
                new HistoryLimits(config.historyBytesPerTrace, config.historyBytesTotal), Clock.systemUTC(), engine.log(),
                engine.clusterNode());
    }

    public synchronized void start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        persistence = engine.checkpoints(store, mapper);
        int restored = persistence.loadSaved();
        // Records logged under any earlier limits must replay: the replay parser takes what a stream may ever send.
        WriteParser replayParser = new WriteParser(1000, 64 * 1024 * 1024);
        RecoveryReport recovery = store.recover(persistence::checkpointOf, replayParser::parse);
        if (!recovery.problem().isEmpty()) {
            LOG.warn("Operation log recovery: {} (dropped {} bytes); serving what precedes it", recovery.problem(),
                    recovery.droppedBytes());
        }
        persistence.recovered();
        store.addLifecycleListener(persistence);
        // A cluster node follows what the other nodes change from here on (its own definitions below come back that way too).
        engine.follow(store, replayParser::parse, this::dashboardChangedElsewhere, this::engineReachable);
        int fromFiles = PlotCheckpoints.loadFigureDirectory(store, mapper, config.plotsDir);
        persistence.start(config.snapshotInterval);
        // After the plots: a dashboard file's panels must name plots that exist.
        dashboards = new DashboardStore(engine.dashboards(), config.maxDashboards, config.maxPanels,
                id -> store.plot(id).isPresent());
        int dashboardsRestored = dashboards.loadSaved();
        int dashboardsFromFiles = dashboards.loadDirectory(config.dashboardsDir);

        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("plot-server");
        server = new Server(threads);
        server.setStopTimeout(500); // streams already got their 503; idle keep-alive connections need no grace
        connector = connector(server);
        server.addConnector(connector);
        // Beyond --max-connections the connector stops accepting (new clients wait in the kernel's
        // backlog) until one closes; Jetty 12's replacement for the deprecated ConnectionLimit.
        connectionLimit = new NetworkConnectionLimit(config.maxConnections, connector);
        server.addBean(connectionLimit);
        headerDeadline = new HeaderDeadline(connector, config.headerTimeout);

        ActiveStreams activeStreams = new ActiveStreams(config.maxStreamsPerToken, config.maxStreams);
        ingest = new IngestHandler(store,
                new IngestSettings(config.openMode, config.maxLineBytes, config.maxJsonDepth, config.idleTimeout.toMillis(),
                        config.multiplexed),
                ingestMetrics, activeStreams, server.getScheduler());
        // The pages read the dashboards (/dashboards/{id}, /dashboards.json) through the DashboardReader only.
        viewers = new ViewerModule(server, store, dashboards, ViewerOptions.from(config));
        PrometheusMetrics metrics = new PrometheusMetrics(ingestMetrics, activeStreams, store, viewers::stats,
                this::openConnections, this::headerTimeouts);
        ApiHandler api = new ApiHandler(store, mapper, new AccessKeys(config.adminKey, config.viewKey),
                config.maxBodyBytes, metrics, activeStreams);
        DashboardApi dashboardApi = new DashboardApi(dashboards, new AccessKeys(config.adminKey, config.viewKey),
                config.maxBodyBytes);
        server.setHandler(new PlotServerHandler(ingest, dashboardApi, api, viewers.handler()));
        try {
            server.start();
        } catch (Exception e) {
            stop();
            throw e;
        }
        headerDeadline.start();
        LOG.info("Plot server listening on {} ({} plots restored, {} log records replayed, {} from {}; {} dashboards "
                        + "restored, {} from {}); {}",
                uri(), restored, recovery.records(), fromFiles, config.plotsDir, dashboardsRestored, dashboardsFromFiles,
                config.dashboardsDir, config);
        for (String warning : config.warnings()) {
            LOG.warn("Configuration: {}", warning);
        }
        if (config.openMode) {
            // One line per call: the log backend escapes newlines inside a message.
            LOG.warn("************************************************************************");
            LOG.warn("* OPEN MODE IS ON: a stream on ANY token creates a plot for it.");
            LOG.warn("* Anyone who can reach {} can write to this server.", uri());
            LOG.warn("* For demos and first steps only: define plots and turn open mode off.");
            LOG.warn("************************************************************************");
        }
    }

    private ServerConnector connector(Server server) {
        HttpConfiguration http = new HttpConfiguration();
        // Plotly's Python client sends two Host headers (one from httplib, one of its own).
        http.setHttpCompliance(HttpCompliance.RFC7230.with("plotly-clients", HttpCompliance.Violation.DUPLICATE_HOST_HEADERS));
        http.setRequestHeaderSize(config.maxHeaderBytes);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Dispatch at the headers: the stream's idle clock starts then, not at the first byte.
        http.setDelayDispatchUntilContent(false);
        // Heap buffers let the line splitter hand lines to the JSON parser in place.
        http.setUseInputDirectByteBuffers(false);
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        ServerConnector connector;
        if (config.tls()) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // clients name the old Plotly hosts in Host; the certificate is ours
            http.addCustomizer(secure);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(config.tlsKeystore.toString());
            ssl.setKeyStorePassword(config.tlsKeystorePassword);
            ssl.setKeyStoreType(config.tlsKeystoreType);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, http11.getProtocol()), http11);
        } else {
            connector = new ServerConnector(server, http11);
        }
        connector.setHost(config.bind);
        connector.setPort(config.port);
        connector.setIdleTimeout(config.idleTimeout.plus(JETTY_IDLE_MARGIN).toMillis());
        return connector;
    }

    /** Ends open streams with 503, stops Jetty and the viewer module, and saves the windows one last time. */
    public synchronized void stop() {
        if (ingest != null) {
            ingest.shutdown(SHUTDOWN_WAIT);
        }
        if (headerDeadline != null) {
            headerDeadline.close();
        }
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("Stopping Jetty failed: {}", e.toString());
            }
        }
        if (viewers != null) {
            viewers.close();
        }
        if (persistence != null) {
            persistence.close();
        }
        engine.close();
        LOG.info("Plot server stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** The bound port (the real one when configured with port 0). */
    public int getPort() {
        return connector.getLocalPort();
    }

    public URI uri() {
        String host = "0.0.0.0".equals(config.bind) ? "127.0.0.1" : config.bind;
        return URI.create((config.tls() ? "https" : "http") + "://" + host + ":" + getPort() + "/");
    }

    /** Another node changed a dashboard: this node's copy is re-read. */
    private void dashboardChangedElsewhere(String dashboardId) {
        DashboardStore current = dashboards;
        if (current != null) {
            try {
                current.reload(dashboardId);
            } catch (java.io.UncheckedIOException e) {
                LOG.warn("Dashboard {} changed through another node, but reading it failed ({}); the next change or a "
                        + "restart brings it", dashboardId, e.getMessage());
            }
        }
    }

    /** The shared log was lost or is back: viewers keep what they have and are told it is stale meanwhile. */
    private void engineReachable(boolean up) {
        ViewerModule current = viewers;
        if (current != null) {
            String problem = up ? "" : store.log().health().problem();
            // the tail may notice before the log's own connection has a reason to give
            current.engineReachable(up, problem.isEmpty() ? engine.unreachable() : problem);
        }
        if (up) {
            LOG.info("Engine {} reachable again: streams are accepted and viewers get live data again", config.engine);
        } else {
            LOG.warn("Engine {} unreachable: streams end with 503 and viewers show their plots as stale until it is back",
                    config.engine);
        }
    }

    public PlotStore store() {
        return store;
    }

    /** The dashboards (null before {@link #start()}); what the viewer pages read. */
    public DashboardStore dashboards() {
        return dashboards;
    }

    /** Open TCP connections of the connector now (for tests and metrics). */
    public int openConnections() {
        return connector == null ? 0 : connector.getConnectedEndPoints().size();
    }

    /** Connections closed because their request headers took longer than {@code --header-timeout}. */
    public long headerTimeouts() {
        return headerDeadline == null ? 0 : headerDeadline.closedConnections();
    }

    public IngestMetrics ingestMetrics() {
        return ingestMetrics;
    }

    public ServerConfig config() {
        return config;
    }
}
