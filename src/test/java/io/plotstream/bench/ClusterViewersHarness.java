package io.plotstream.bench;

import io.plotstream.testing.PlotServerNodes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Viewers of one plot served by one node against the same viewers spread over three: three
 * plot-server JVMs ({@code target/plot-server.jar --engine redis://}) on one redis-server (AOF
 * everysec), and this JVM holding the viewer clients (JDK WebSockets, {@link LatencyViewer}) and the
 * one stream writing the plot (to node1, paced; its x is the send time, so this JVM's clock times
 * every frame). Runs alternate "1 node" (every viewer on node1) and "3 nodes" (viewers round-robin)
 * on the same three running JVMs, so the log-following cost of idle nodes is in both. Besides the
 * delay and frames/s per viewer it reads each node's CPU time (/proc/PID/stat) over the measured
 * window: CPU seconds per viewer per second is what sizing rests on. All on one 2-core machine, so
 * three nodes share the cores of one: this measures what a node costs per viewer, not more cores.
 *
 * <p>Run after {@code mvn -DskipTests package}: {@code mvn -B -o -q org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.plotstream.bench.ClusterViewersHarness
 * -Dexec.cleanupDaemonThreads=false -Dexec.args="--viewers 300 --rounds 2 --duration 10"}. Options: {@code viewers}
 * (300), {@code rounds} (2), {@code duration} s (10), {@code rate} lines/s into the plot (200).
 */
public final class ClusterViewersHarness {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private ClusterViewersHarness() {
    }

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, Map.of("viewers", 300, "rounds", 2, "duration", 10, "rate", 200));
        int viewers = options.get("viewers");
        int rounds = options.get("rounds");
        int duration = options.get("duration");
        int rate = options.get("rate");
        String machine = MachineInfo.describe();
        System.out.println("machine: " + machine);
        List<String> rows = new ArrayList<>();
        try (Scratch scratch = Scratch.withRedis("cluster-viewers");
             PlotServerNodes nodes = PlotServerNodes.start(scratch.dir, scratch.redis().uri(), 3,
                     List.of("--max-viewers", "20000", "--max-connections", "30000"))) {
            definePlots(nodes, rounds);
            for (int round = 1; round <= rounds; round++) {
                for (int spread : List.of(1, 3)) {
                    rows.add(run(nodes, spread, viewers, duration, rate, round));
                }
            }
        }
        System.out.println();
        System.out.println("## Summary: " + viewers + " viewers of one plot, " + rate + " lines/s; " + machine
                + "; load after " + MachineInfo.loadAverage());
        System.out.println();
        System.out.println("| nodes serving | viewers per node | frames/s per viewer | p50 ms | p99 ms | viewer errors |"
                + " CPU s/s node1 / node2 / node3 | CPU ms per viewer-second |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static String run(PlotServerNodes nodes, int spread, int viewerCount, int duration, int rate, int round)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String id = plotId(round, spread);
        String token = token(id);
        long origin = System.nanoTime();
        MeasureWindow window = new MeasureWindow();
        List<LatencyViewer> viewers = new ArrayList<>();
        IngestWriter writer = null;
        try {
            int capacity = LatencyViewer.capacityFor(30, duration, 1);
            for (int v = 0; v < viewerCount; v++) {
                PlotServerNodes.Node node = nodes.node(1 + v % spread);
                viewers.add(LatencyViewer.open(http, node.port(), List.of(id), false, origin, window, capacity));
            }
            for (LatencyViewer viewer : viewers) {
                viewer.awaitFirstFrame(30, TimeUnit.SECONDS);
            }
            writer = IngestWriter.start(nodes.node(1).port(), token, origin, rate, 10);
            Thread.sleep(3_000);
            long[] cpuBefore = cpuTicks(nodes);
            window.open();
            Thread.sleep(TimeUnit.SECONDS.toMillis(duration));
            window.close();
            long[] cpuAfter = cpuTicks(nodes);
            double seconds = window.seconds();
            writer.stop();
            writer.finish(10, TimeUnit.SECONDS);
            LatencyViewer.closeAll(viewers, 5, TimeUnit.SECONDS);
            ViewerTotals seen = ViewerTotals.of(viewers);
            double[] cpu = new double[3];
            double cpuTotal = 0;
            for (int n = 0; n < 3; n++) {
                cpu[n] = (cpuAfter[n] - cpuBefore[n]) / (double) TICKS_PER_SECOND / seconds;
                cpuTotal += cpu[n];
            }
            String row = String.format(Locale.ROOT, "| %d | %d | %.1f | %.1f | %.1f | %d | %.2f / %.2f / %.2f | %.3f |",
                    spread, viewerCount / spread, seen.frames() / seconds / viewerCount, seen.percentile(50) / 1e6,
                    seen.percentile(99) / 1e6, seen.errors(), cpu[0], cpu[1], cpu[2], 1000 * cpuTotal / viewerCount);
            System.out.println(row + "   (round " + round + ", load after " + MachineInfo.loadAverage() + ")");
            return row;
        } finally {
            if (writer != null) {
                writer.abort();
            }
            for (LatencyViewer viewer : viewers) {
                viewer.abort();
            }
        }
    }

    private static String plotId(int round, int spread) {
        return "v" + round + "x" + spread;
    }

    private static String token(String plotId) {
        return "tok" + plotId + "abc";
    }

    /**
     * Every run's plot, defined through node1 before any run, and present on every node. Each gets
     * one point through node1 at once: a node whose tail learns of a plot only after the defining
     * node's checkpoint trimmed the whole log sees no record and so never loads it (found here;
     * reported on issue 14), while a record after the checkpoint makes it reload from the checkpoint.
     */
    private static void definePlots(PlotServerNodes nodes, int rounds) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> ids = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int spread : List.of(1, 3)) {
                String id = plotId(round, spread);
                ids.add(id);
                HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(nodes.node(1).url() + "/api/plots/" + id))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":[{\"type\":\"scatter\",\"stream\":{\"token\":\""
                                + token(id) + "\",\"maxpoints\":1000}}]}")).build(), HttpResponse.BodyHandlers.ofString());
                if (put.statusCode() >= 300) {
                    throw new IllegalStateException("PUT " + id + ": " + put.statusCode() + " " + put.body());
                }
                HttpResponse<String> point = http.send(HttpRequest.newBuilder(URI.create(nodes.node(1).url() + "/"))
                        .header("plotly-streamtoken", token(id))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"x\":0,\"y\":0}\n")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (point.statusCode() != 200) {
                    throw new IllegalStateException("first point of " + id + ": " + point.statusCode() + " " + point.body());
                }
            }
        }
        for (String id : ids) {
            for (PlotServerNodes.Node node : nodes.nodes()) {
                node.await("plot " + id, Duration.ofSeconds(30), () -> {
                    try {
                        return http.send(HttpRequest.newBuilder(URI.create(node.url() + "/api/plots/" + id)).build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException | InterruptedException e) {
                        return false;
                    }
                });
            }
        }
    }

    /** utime + stime of each node's JVM, in clock ticks. */
    private static long[] cpuTicks(PlotServerNodes nodes) throws IOException {
        long[] ticks = new long[3];
        for (int n = 0; n < 3; n++) {
            String stat = Files.readString(Path.of("/proc", Long.toString(nodes.node(n + 1).pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks[n] = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        }
        return ticks;
    }
}
