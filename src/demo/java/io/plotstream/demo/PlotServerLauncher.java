package io.plotstream.demo;

import io.plotstream.server.PlotServer;
import io.plotstream.server.ServerConfig;
import io.plotstream.server.plot.PlotSummary;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The live plot server of the demo, in this JVM: open mode (so any token gets a plot), the demo's
 * figures from {@code config/demo-plots} (so the demo tokens land in titled, multi-trace plots), the
 * dashboard of both from {@code config/demo-dashboards}, and a throw-away data directory (so every
 * run starts clean).
 */
final class PlotServerLauncher implements AutoCloseable {

    static final Path DEMO_PLOTS = Path.of("config", "demo-plots");
    static final Path DEMO_DASHBOARDS = Path.of("config", "demo-dashboards");

    private final PlotServer server;
    private final Path dataDir;

    private PlotServerLauncher(PlotServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    static PlotServerLauncher start(int port) throws Exception {
        Path dataDir = Files.createTempDirectory("plotly-demo-data");
        ServerConfig config = ServerConfig.builder()
                .port(port)
                .bind("127.0.0.1")
                .openMode(true)
                .dataDir(dataDir)
                .plotsDir(DEMO_PLOTS)
                .dashboardsDir(DEMO_DASHBOARDS)
                .build();
        PlotServer server = new PlotServer(config);
        try {
            server.start();
        } catch (IOException e) {
            deleteRecursively(dataDir);
            throw new IOException("the plot server cannot listen on port " + port + " (" + e.getMessage()
                    + "): is it in use? Choose another with --port", e);
        } catch (Exception e) {
            deleteRecursively(dataDir);
            throw e;
        }
        return new PlotServerLauncher(server, dataDir);
    }

    /** Where browsers go, e.g. {@code http://localhost:8090/}. */
    URI browserUri() {
        return URI.create("http://localhost:" + server.getPort() + "/");
    }

    /** Where the connector streams to: loopback by address, so no name resolution is involved. */
    String streamUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    int port() {
        return server.getPort();
    }

    /** Points currently held in every plot's windows (capped by each trace's maxpoints). */
    long pointsHeld() {
        return server.store().plots().stream().mapToLong(PlotSummary::points).sum();
    }

    /** Stream lines (writes) the server has received since it started. */
    long writesReceived() {
        return server.ingestMetrics().lines();
    }

    @Override
    public void close() {
        server.stop();
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
