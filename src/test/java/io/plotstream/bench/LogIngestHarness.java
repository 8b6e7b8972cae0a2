package io.plotstream.bench;

import io.plotstream.integration.server.AckStreamClient;
import io.plotstream.server.PlotServer;
import io.plotstream.server.ServerConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The operation log's cost on the REAL plot server through loopback sockets (issue 13): ingest
 * lines/s with {@code --log none} (no log: the server before issue 13, apart from the batch
 * grouping), with the log and plain Plotly streams, and with the log and acknowledging streams;
 * the three variants interleaved round by round in one run (fresh server and data directory each
 * time), so a load change on the shared machine hits all of them. Then the acknowledgement latency:
 * paced ack streams, each line's send time against the arrival of the ack that covers it (client
 * side, so it includes both socket hops: an upper bound of arrival → ack).
 *
 * <p>Run: {@code mvn -B -o -q test-compile} then {@code mvn -B -o -q
 * org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.plotstream.bench.LogIngestHarness -Dexec.cleanupDaemonThreads=false
 * -Dexec.args="--rounds 3 --duration 8"}. Options ({@code --key value}): {@code streams} (4, one plot each),
 * {@code rounds} (3), {@code duration} s measured per variant and round (8), {@code warmup} s (2),
 * {@code lines-per-chunk} (50), {@code latency-rate} lines/s per stream of the latency run (2000),
 * {@code latency-chunk} lines per chunk there (10), {@code latency-duration} s (10), {@code warmup-rounds}
 * not counted (1: the JIT's first pass favours whichever variant runs later).
 */
public final class LogIngestHarness {

    private static final String[] VARIANTS = {"none", "log", "log+ack"};

    private LogIngestHarness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> o = options(args);
        System.out.println("machine: " + MachineInfo.describe());
        System.out.println("options: " + o);
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> cpuPerLine = new LinkedHashMap<>();
        for (String v : VARIANTS) {
            rates.put(v, new ArrayList<>());
            cpuPerLine.put(v, new ArrayList<>());
        }
        for (int round = 1 - o.get("warmup-rounds"); round <= o.get("rounds"); round++) {
            for (String variant : VARIANTS) {
                double[] measured = throughput(variant, o);
                double rate = measured[0];
                if (round < 1) {
                    System.out.printf(Locale.ROOT, "warmup   %-8s %,12.0f lines/s (not counted: the JIT)%n", variant, rate);
                    continue;
                }
                rates.get(variant).add(rate);
                cpuPerLine.get(variant).add(measured[1]);
                System.out.printf(Locale.ROOT, "round %d %-8s %,12.0f lines/s  %,7.0f ns server CPU per line   load %s%n",
                        round, variant, rate, measured[1], MachineInfo.loadAverage());
            }
        }
        System.out.println();
        System.out.println("| variant | lines/s per round | median | ratio to none (median) |");
        System.out.println("|---|---|---|---|");
        double none = median(rates.get("none"));
        for (String v : VARIANTS) {
            double m = median(rates.get(v));
            System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %.2f |%n", v,
                    String.join(" / ", rates.get(v).stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList()), m, m / none);
        }
        System.out.println();
        System.out.println("| variant | server CPU ns per line, per round | median | capacity ratio to none (CPU none / CPU variant) |");
        System.out.println("|---|---|---|---|");
        double noneCpu = median(cpuPerLine.get("none"));
        for (String v : VARIANTS) {
            double m = median(cpuPerLine.get(v));
            System.out.printf(Locale.ROOT, "| %s | %s | %,.0f | %.2f |%n", v,
                    String.join(" / ", cpuPerLine.get(v).stream().map(r -> String.format(Locale.ROOT, "%,.0f", r)).toList()), m,
                    noneCpu / m);
        }
        double[] latency = latency(o);
        System.out.printf(Locale.ROOT, "%nack latency (send → ack, %d streams × %d lines/s, %d lines/chunk): %,d lines, "
                        + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; load %s%n", o.get("streams"),
                o.get("latency-rate"), o.get("latency-chunk"), (long) latency[0], latency[1], latency[2], latency[3],
                latency[4], MachineInfo.loadAverage());
    }

    private static Map<String, Integer> options(String[] args) {
        Map<String, Integer> o = new LinkedHashMap<>();
        o.put("streams", 4);
        o.put("rounds", 3);
        o.put("duration", 8);
        o.put("warmup", 2);
        o.put("lines-per-chunk", 50);
        o.put("latency-rate", 2000);
        o.put("latency-chunk", 10);
        o.put("latency-duration", 10);
        o.put("warmup-rounds", 1);
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!o.containsKey(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: " + o.keySet());
            }
            o.put(key, Integer.parseInt(args[i + 1]));
        }
        return o;
    }

    private record Server(PlotServer server, Path dir) implements AutoCloseable {
        static Server start(String log, int plots) throws Exception {
            Path dir = Files.createTempDirectory("log-bench");
            PlotServer server = new PlotServer(ServerConfig.builder().port(0).bind("127.0.0.1")
                    .dataDir(dir.resolve("data")).plotsDir(dir.resolve("none")).log(log).build());
            server.start();
            HttpClient http = HttpClient.newHttpClient();
            for (int p = 0; p < plots; p++) {
                http.send(HttpRequest.newBuilder(URI.create(server.uri() + "api/plots/p" + p))
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":[{\"stream\":{\"token\":\"" + token(p)
                                + "\",\"maxpoints\":10000}}]}")).build(), HttpResponse.BodyHandlers.discarding());
            }
            return new Server(server, dir);
        }

        @Override
        public void close() throws Exception {
            server.stop();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String token(int p) {
        return String.format(Locale.ROOT, "benchtoken%02d", p);
    }

    /**
     * CPU time of the server's threads (everything but this harness's clients and main): on a machine
     * shared with other builds, the CPU a line costs is steadier than the wall-clock rate.
     */
    private static long serverCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            if (name.startsWith("bench-writer") || name.startsWith("ack-client-reader") || name.startsWith("latency-writer")
                    || name.equals("main") || name.startsWith("HttpClient")) {
                continue;
            }
            long cpu = mx.getThreadCpuTime(info.getThreadId());
            total += Math.max(0, cpu);
        }
        return total;
    }

    /** Unpaced streams for warmup + duration; {lines/s the server ingested, server CPU ns per line} in the measured window. */
    private static double[] throughput(String variant, Map<String, Integer> o) throws Exception {
        int streams = o.get("streams");
        boolean acks = variant.equals("log+ack");
        try (Server server = Server.start(variant.equals("none") ? "none" : "segments", streams)) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            List<AckStreamClient> clients = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                AckStreamClient client = new AckStreamClient(server.server().getPort(), token(s), acks);
                if (acks) {
                    client.awaitHead(10_000);
                }
                clients.add(client);
                Thread writer = new Thread(() -> {
                    StringBuilder chunk = new StringBuilder();
                    long n = 0;
                    while (!stop.get()) {
                        chunk.setLength(0);
                        for (int i = 0; i < o.get("lines-per-chunk"); i++, n++) {
                            chunk.append("{\"x\":").append(n).append(",\"y\":").append(n % 1000).append(".5}\n");
                        }
                        if (!client.trySend(chunk.toString())) {
                            return;
                        }
                    }
                }, "bench-writer-" + s);
                writer.start();
                writers.add(writer);
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(o.get("warmup")));
            long startLines = server.server().ingestMetrics().lines();
            long startCpu = serverCpuNanos();
            long start = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(o.get("duration")));
            long lines = server.server().ingestMetrics().lines() - startLines;
            long cpu = serverCpuNanos() - startCpu;
            double seconds = (System.nanoTime() - start) / 1e9;
            stop.set(true);
            for (AckStreamClient client : clients) {
                client.close();
            }
            for (Thread writer : writers) {
                writer.join(5000);
            }
            return new double[]{lines / seconds, (double) cpu / Math.max(1, lines)};
        }
    }

    /** Paced ack streams: {count, p50, p90, p99, max} of send → ack in ms. */
    private static double[] latency(Map<String, Integer> o) throws Exception {
        int streams = o.get("streams");
        int rate = o.get("latency-rate");
        int perChunk = o.get("latency-chunk");
        int seconds = o.get("latency-duration") + o.get("warmup");
        long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.get("warmup"));
        List<long[]> samples = new ArrayList<>();
        try (Server server = Server.start("segments", streams)) {
            List<Thread> writers = new ArrayList<>();
            List<AckStreamClient> clients = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                int capacity = rate * seconds + 2 * perChunk + 16;
                long[] sent = new long[capacity + 1];
                long[] latencies = new long[capacity + 1];
                int[] count = {0};
                long[] acked = {0};
                AckStreamClient client = new AckStreamClient(server.server().getPort(), token(s));
                client.onAck(n -> {
                    long now = System.nanoTime();
                    for (long i = acked[0] + 1; i <= n && i < sent.length; i++) {
                        if (sent[(int) i] >= measureFrom) {
                            latencies[count[0]++] = now - sent[(int) i];
                        }
                    }
                    acked[0] = n;
                });
                client.awaitHead(10_000);
                clients.add(client);
                samples.add(latencies);
                Thread writer = new Thread(() -> {
                    long interval = TimeUnit.SECONDS.toNanos(1) * perChunk / rate;
                    long next = System.nanoTime();
                    int line = 0;
                    StringBuilder chunk = new StringBuilder();
                    while (line + perChunk < capacity && System.nanoTime() < measureFrom + TimeUnit.SECONDS.toNanos(seconds - o.get("warmup"))) {
                        chunk.setLength(0);
                        for (int i = 0; i < perChunk; i++) {
                            chunk.append("{\"x\":").append(line + i).append(",\"y\":1.5}\n");
                        }
                        long now = System.nanoTime();
                        for (int i = 1; i <= perChunk; i++) {
                            sent[line + i] = now;
                        }
                        line += perChunk;
                        if (!client.trySend(chunk.toString())) {
                            return;
                        }
                        next += interval;
                        LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
                    }
                }, "latency-writer-" + s);
                writer.start();
                writers.add(writer);
            }
            for (Thread writer : writers) {
                writer.join();
            }
            Thread.sleep(500); // the last acks
            for (AckStreamClient client : clients) {
                client.close();
            }
            io.plotstream.server.ingest.LatencyHistogram h = server.server().ingestMetrics().durableLatency();
            System.out.println("server side, chunk arrival → durable (histogram bucket bounds): p50 ≤ " + bucket(h, 0.5)
                    + " s, p99 ≤ " + bucket(h, 0.99) + " s, " + h.count() + " chunks");
        }
        long[] all = samples.stream().flatMapToLong(a -> Arrays.stream(a).filter(v -> v > 0)).sorted().toArray();
        if (all.length == 0) {
            return new double[]{0, 0, 0, 0, 0};
        }
        return new double[]{all.length, ms(all, 0.50), ms(all, 0.90), ms(all, 0.99), all[all.length - 1] / 1e6};
    }

    private static String bucket(io.plotstream.server.ingest.LatencyHistogram h, double q) {
        long target = (long) Math.ceil(q * h.count());
        double[] bounds = io.plotstream.server.ingest.LatencyHistogram.BOUNDS;
        for (int i = 0; i < bounds.length; i++) {
            if (h.cumulative(i) >= target) {
                return Double.toString(bounds[i]);
            }
        }
        return "+Inf";
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e6;
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
