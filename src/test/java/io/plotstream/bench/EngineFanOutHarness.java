package io.plotstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.PlotServer;
import io.plotstream.server.ServerConfig;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One node, two engines, one run: the same fan-out load as {@link FanOutLatencyHarness} (the real
 * PlotServer on loopback, raw-socket NDJSON streams whose x is the send time, JDK WebSocket
 * viewers) against the embedded engine and against Redis ({@code --engine redis://}, a real
 * redis-server with AOF {@code appendfsync everysec} as docker/cluster runs it), interleaved
 * (embedded, redis, embedded, redis ...) so machine noise hits both alike. Two loads per round:
 * <b>fan-out</b> (paced streams, many viewers: p99 delay and frames/s per viewer) and <b>ingest</b>
 * (unpaced streams, one viewer per plot: lines/s the node takes in). In Redis mode a line is
 * appended to Redis, acknowledged, read back by the node's tail and only then applied and pushed,
 * so the delay includes the round trip through Redis.
 *
 * <p>Run (not through the bench profile, whose exec arguments are JMH's): {@code mvn -B -o -q test-compile}, then
 * {@code mvn -B -o -q org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.plotstream.bench.EngineFanOutHarness -Dexec.cleanupDaemonThreads=false
 * -Dexec.args="--rounds 2 --duration 10"}. Options: {@code rounds} (2),
 * {@code duration} s measured per run (10), {@code plots} (10), {@code viewers-per-plot} (10, fan-out load),
 * {@code rate} lines/s per stream in the fan-out load (200).
 */
public final class EngineFanOutHarness {

    private EngineFanOutHarness() {
    }

    /** One run's numbers. */
    record Result(String engine, String load, double linesPerSecond, double framesPerViewerSecond, double p50Ms,
                  double p99Ms, long viewerErrors) {
        String row() {
            return String.format(Locale.ROOT, "| %s | %s | %.0f | %.1f | %.1f | %.1f | %d |", load, engine,
                    linesPerSecond, framesPerViewerSecond, p50Ms, p99Ms, viewerErrors);
        }
    }

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args,
                Map.of("rounds", 2, "duration", 10, "plots", 10, "viewers-per-plot", 10, "rate", 200));
        int rounds = options.get("rounds");
        int duration = options.get("duration");
        int plots = options.get("plots");
        int viewers = options.get("viewers-per-plot");
        int rate = options.get("rate");
        String machine = MachineInfo.describe();
        System.out.println("machine: " + machine);
        List<Result> results = new ArrayList<>();
        try (Scratch scratch = Scratch.withRedis("engine-bench")) {
            Path dir = scratch.dir;
            FanOutLatencyHarness.HarnessOptions fanOut = FanOutLatencyHarness.HarnessOptions.parse(new String[] {
                    "--plots", "" + plots, "--viewers-per-plot", "" + viewers, "--duration", "" + duration,
                    "--warmup", "3", "--rate", "" + rate});
            FanOutLatencyHarness.HarnessOptions ingest = FanOutLatencyHarness.HarnessOptions.parse(new String[] {
                    "--plots", "" + plots, "--viewers-per-plot", "1", "--duration", "" + duration,
                    "--warmup", "3", "--rate", "0"});
            for (int round = 1; round <= rounds; round++) {
                for (String engine : List.of("embedded", scratch.redis().uri())) {
                    results.add(run("fan-out", fanOut, engine, dir.resolve("r" + round + "-fan-" + results.size()), machine));
                    results.add(run("ingest", ingest, engine, dir.resolve("r" + round + "-ing-" + results.size()), machine));
                }
            }
        }
        System.out.println();
        System.out.println("## Summary (" + rounds + " interleaved rounds; machine " + machine + "; load after "
                + MachineInfo.loadAverage() + ")");
        System.out.println();
        System.out.println("| load | engine | ingest lines/s (server) | frames/s per viewer | p50 ms | p99 ms | viewer errors |");
        System.out.println("|---|---|---|---|---|---|---|");
        results.forEach(r -> System.out.println(r.row()));
    }

    static Result run(String load, FanOutLatencyHarness.HarnessOptions options, String engine, Path dir, String machine)
            throws Exception {
        Path plotsDir = Files.createDirectories(dir.resolve("plots"));
        boolean redis = !engine.equals("embedded");
        ServerConfig.Builder config = ServerConfig.builder().port(0).bind("127.0.0.1").dataDir(dir.resolve("data"))
                .plotsDir(plotsDir).maxPoints(options.maxPoints()).engine(engine).nodeId("bench")
                .maxViewers(Math.max(1000, options.plots() * options.viewersPerPlot()));
        PlotServer server = new PlotServer(config.build());
        List<IngestWriter> writers = new ArrayList<>();
        List<LatencyViewer> viewers = new ArrayList<>();
        String prefix = "b" + Long.toHexString(System.nanoTime() & 0xffffff) + "-"; // fresh plots on a shared Redis
        try {
            server.start();
            ObjectMapper json = new ObjectMapper();
            long origin = System.nanoTime();
            MeasureWindow window = new MeasureWindow();
            for (int p = 0; p < options.plots(); p++) {
                server.store().create(prefix + p, json.readTree("{\"data\":[{\"type\":\"scatter\",\"stream\":{\"token\":\""
                        + prefix + "tok" + p + "\",\"maxpoints\":" + options.maxPoints() + "}}]}"));
            }
            HttpClient http = HttpClient.newHttpClient();
            int capacity = LatencyViewer.capacityFor(30, options.durationSeconds(), 1);
            for (int p = 0; p < options.plots(); p++) {
                for (int v = 0; v < options.viewersPerPlot(); v++) {
                    viewers.add(LatencyViewer.open(http, server.getPort(), List.of(prefix + p), false, origin, window, capacity));
                }
            }
            for (LatencyViewer viewer : viewers) {
                viewer.awaitFirstFrame(10, TimeUnit.SECONDS);
            }
            for (int p = 0; p < options.plots(); p++) {
                writers.add(IngestWriter.start(server.getPort(), prefix + "tok" + p, origin, options.rate(), options.linesPerChunk()));
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
            long serverLinesBefore = server.ingestMetrics().lines();
            window.open();
            Thread.sleep(TimeUnit.SECONDS.toMillis(options.durationSeconds()));
            window.close();
            long serverLines = server.ingestMetrics().lines() - serverLinesBefore;
            String loadAfter = MachineInfo.loadAverage();
            for (IngestWriter writer : writers) {
                writer.stop();
            }
            List<String> ends = new ArrayList<>();
            for (IngestWriter writer : writers) {
                ends.add(writer.finish(10, TimeUnit.SECONDS));
            }
            LatencyViewer.closeAll(viewers, 5, TimeUnit.SECONDS);
            ViewerTotals seen = ViewerTotals.of(viewers);
            double seconds = window.seconds();
            Result result = new Result(redis ? "redis" : "embedded", load, serverLines / seconds,
                    seen.frames() / seconds / viewers.size(), ms(seen.percentile(50)), ms(seen.percentile(99)), seen.errors());
            System.out.println(result.row() + "   (load after " + loadAfter + "; ends: " + ends.get(0) + ")");
            return result;
        } finally {
            for (IngestWriter writer : writers) {
                writer.abort();
            }
            for (LatencyViewer viewer : viewers) {
                viewer.abort();
            }
            server.stop();
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
