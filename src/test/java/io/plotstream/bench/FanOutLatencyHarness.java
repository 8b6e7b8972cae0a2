package io.plotstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.PlotServer;
import io.plotstream.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end fan-out latency of the REAL plot server on loopback: {@code plots} plots, each fed by
 * one chunked NDJSON stream over a raw socket, each watched by {@code viewers-per-plot} JDK
 * {@link java.net.http.WebSocket} viewers on {@code /ws/plots/{id}}.
 *
 * <p>Every line's x is its send time ({@code System.nanoTime()} minus the run's origin, taken as the
 * line is written into the chunk), so a viewer turns each frame's new x values back into delays:
 * the <b>oldest new point</b> of a frame (how long the longest-waiting point took: the delay that
 * matters to a user) and the <b>newest</b> (how fresh the plot is right after the frame). Sender
 * and viewers are in this one JVM, so both clocks are the same {@code nanoTime}.
 *
 * <p>Not a JMH benchmark (it measures a distribution over a bounded run, with sockets and several
 * threads); a plain main, bounded in time, cleaning up its server, sockets and temp directory.
 *
 * <p>Run: {@code mvn -B -o -q -Pbench test-compile exec:java -Dexec.mainClass=io.plotstream.bench.FanOutLatencyHarness
 * -Dexec.cleanupDaemonThreads=false -Dexec.args="--duration 20 --rate 0"}. Options (all {@code --key value}):
 * {@code plots} (10), {@code viewers-per-plot} (10), {@code duration} s measured (20), {@code warmup} s (3),
 * {@code rate} lines/s per stream, 0 = as fast as the socket takes them (0), {@code lines-per-chunk} (20),
 * {@code maxpoints} per trace (10000), {@code pushes-per-second} (server default 30), {@code sample-stacks} 1 to
 * sample where the fan-out thread spends its time (0; it costs CPU, so leave it off for the numbers),
 * {@code live} K: each viewer opens one multiplexed {@code /ws/live} socket watching K plots (its own and the
 * next K-1) instead of {@code /ws/plots/{id}}, as a dashboard page does (0: single-plot sockets).
 */
public final class FanOutLatencyHarness {

    private FanOutLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions options = HarnessOptions.parse(args);
        String machine = MachineInfo.describe();
        System.out.println("machine: " + machine);
        System.out.println("options: " + options);
        HarnessReport report = run(options);
        report.print(System.out, machine);
    }

    static HarnessReport run(HarnessOptions options) throws Exception {
        Path dir = Files.createTempDirectory("fanout-bench");
        Path plotsDir = Files.createDirectories(dir.resolve("plots"));
        ServerConfig.Builder config = ServerConfig.builder().port(0).bind("127.0.0.1")
                .dataDir(dir.resolve("data")).plotsDir(plotsDir).maxPoints(options.maxPoints())
                .maxViewers(Math.max(1000, options.plots() * options.viewersPerPlot()));
        if (options.pushesPerSecond() > 0) {
            config.maxPushesPerSecond(options.pushesPerSecond());
        }
        PlotServer server = new PlotServer(config.build());
        List<IngestWriter> writers = new ArrayList<>();
        List<LatencyViewer> viewers = new ArrayList<>();
        try {
            server.start();
            ObjectMapper json = new ObjectMapper();
            long origin = System.nanoTime();
            MeasureWindow window = new MeasureWindow();
            for (int p = 0; p < options.plots(); p++) {
                String token = "benchtoken" + p;
                server.store().create(plotId(p), json.readTree("{\"data\":[{\"type\":\"scatter\",\"stream\":{\"token\":\""
                        + token + "\",\"maxpoints\":" + options.maxPoints() + "}}],\"layout\":{\"title\":\"bench " + p + "\"}}"));
            }
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            int pushes = options.pushesPerSecond() > 0 ? options.pushesPerSecond() : 30;
            int capacity = LatencyViewer.capacityFor(pushes, options.durationSeconds(), Math.max(1, options.live()));
            for (int p = 0; p < options.plots(); p++) {
                for (int v = 0; v < options.viewersPerPlot(); v++) {
                    if (options.live() == 0) {
                        viewers.add(LatencyViewer.open(http, server.getPort(), List.of(plotId(p)), false, origin,
                                window, capacity));
                    } else {
                        // A dashboard: one /ws/live socket for `live` plots, starting at this viewer's own.
                        List<String> ids = new ArrayList<>();
                        for (int k = 0; k < Math.min(options.live(), options.plots()); k++) {
                            ids.add(plotId((p + k) % options.plots()));
                        }
                        viewers.add(LatencyViewer.open(http, server.getPort(), ids, true, origin, window, capacity));
                    }
                }
            }
            for (LatencyViewer viewer : viewers) {
                viewer.awaitFirstFrame(10, TimeUnit.SECONDS);
            }
            for (int p = 0; p < options.plots(); p++) {
                writers.add(IngestWriter.start(server.getPort(), "benchtoken" + p, origin, options.rate(),
                        options.linesPerChunk()));
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
            long linesBefore = sum(writers);
            long serverLinesBefore = server.ingestMetrics().lines();
            java.util.Map<String, Long> countersBefore = ViewerCounters.readOrEmpty(http, server.getPort());
            ThreadCpu cpu = new ThreadCpu();
            cpu.begin();
            StackSampler fanOutStacks = options.sampleStacks() ? new StackSampler("viewer-fanout") : null;
            if (fanOutStacks != null) {
                fanOutStacks.start();
            }
            window.open();
            Thread.sleep(TimeUnit.SECONDS.toMillis(options.durationSeconds()));
            window.close();
            List<String> cpuByThread = cpu.top(8);
            if (fanOutStacks != null) {
                System.out.println("viewer-fanout thread, where its wall time went (sampled):");
                fanOutStacks.stop(8).forEach(line -> System.out.println("  " + line));
            }
            java.util.Map<String, Long> counters = ViewerCounters.difference(ViewerCounters.readOrEmpty(http, server.getPort()),
                    countersBefore);
            long linesSent = sum(writers) - linesBefore;
            long serverLines = server.ingestMetrics().lines() - serverLinesBefore;
            String loadAfter = MachineInfo.loadAverage();
            // Stop every writer first, then collect answers: the server drains all streams at once.
            for (IngestWriter writer : writers) {
                writer.stop();
            }
            List<String> writerEnds = new ArrayList<>();
            for (IngestWriter writer : writers) {
                writerEnds.add(writer.finish(10, TimeUnit.SECONDS));
            }
            LatencyViewer.closeAll(viewers, 5, TimeUnit.SECONDS);
            return new HarnessReport(options, window.seconds(), linesSent, serverLines, viewers, writerEnds, loadAfter, cpuByThread, counters);
        } finally {
            for (IngestWriter writer : writers) {
                writer.abort();
            }
            for (LatencyViewer viewer : viewers) {
                viewer.abort();
            }
            server.stop();
            Scratch.deleteTree(dir);
        }
    }

    static String plotId(int p) {
        return "bench-" + p;
    }

    private static long sum(List<IngestWriter> writers) {
        long total = 0;
        for (IngestWriter writer : writers) {
            total += writer.linesWritten();
        }
        return total;
    }

    /** Options of one run; {@link #parse} names the bad argument. */
    record HarnessOptions(int plots, int viewersPerPlot, int durationSeconds, int warmupSeconds, int rate,
                          int linesPerChunk, int maxPoints, int pushesPerSecond, boolean sampleStacks, int live) {

        static HarnessOptions parse(String[] args) {
            int plots = 10;
            int viewers = 10;
            int duration = 20;
            int warmup = 3;
            int rate = 0;
            int linesPerChunk = 20;
            int maxPoints = 10_000;
            int pushes = 0;
            int sample = 0;
            int live = 0;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length || !args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --key value pairs, got '" + args[i] + "'");
                }
                int value;
                try {
                    value = Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(args[i] + ": expected a whole number, got '" + args[i + 1] + "'");
                }
                switch (args[i].substring(2)) {
                    case "plots" -> plots = value;
                    case "viewers-per-plot" -> viewers = value;
                    case "duration" -> duration = value;
                    case "warmup" -> warmup = value;
                    case "rate" -> rate = value;
                    case "lines-per-chunk" -> linesPerChunk = value;
                    case "maxpoints" -> maxPoints = value;
                    case "pushes-per-second" -> pushes = value;
                    case "sample-stacks" -> sample = value;
                    case "live" -> live = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (plots < 1 || viewers < 1 || duration < 1 || warmup < 0 || rate < 0 || linesPerChunk < 1
                    || maxPoints < 1 || pushes < 0 || live < 0 || live > 64) {
                throw new IllegalArgumentException("options out of range: plots, viewers-per-plot, duration, "
                        + "lines-per-chunk and maxpoints must be >= 1; warmup, rate, pushes-per-second >= 0; live 0..64");
            }
            if (duration > 600) {
                throw new IllegalArgumentException("--duration is bounded to 600 s, was " + duration);
            }
            return new HarnessOptions(plots, viewers, duration, warmup, rate, linesPerChunk, maxPoints, pushes, sample != 0,
                    live);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d plots x %d viewers, %d s measured after %d s warm-up, rate %s, "
                            + "%d lines/chunk, maxpoints %d, pushes/s %s, sockets %s", plots, viewersPerPlot, durationSeconds,
                    warmupSeconds, rate == 0 ? "full (unpaced)" : rate + " lines/s per stream", linesPerChunk,
                    maxPoints, pushesPerSecond == 0 ? "server default" : Integer.toString(pushesPerSecond),
                    live == 0 ? "/ws/plots/{id}" : "/ws/live with " + live + " plots each");
        }
    }
}
