package io.plotstream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.PlotServer;
import io.plotstream.server.ServerConfig;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * "Is the heap flat while the plot server is down for 5 minutes at full input rate?"
 *
 * <p>One JVM holds a KRaft broker and one distributed Connect worker (Kafka's
 * {@link EmbeddedConnectCluster}, as the integration tests use), a 4-partition topic and the
 * connector deployed over REST with {@code tasks.max=4}, schemaless JSON values
 * {@code {"ts":..,"seq":..,"temp":..}}, {@code plotly.y=value.temp} and ONE token. Its
 * {@code plotly.stream.url} is a loopback port where nothing listens (a {@link ServerSocket} bound on
 * port 0 and closed again), so every connect is refused and the stream backs off and retries. A
 * producer thread writes records as fast as the broker takes them for the whole outage, so the
 * connector is always offered more than it can deliver: its byte budget fills, the tasks pause.
 *
 * <p>Every {@code sample-s} seconds: a forced full GC ({@link MemoryMXBean#gc()}), then the heap in
 * use after it (the collector's own after-GC figure), records produced, task states (REST) and the
 * task's plugin metrics from the worker's JMX ({@code kafka.connect:type=plugins,...}; columns show
 * n/a when not published). The broker, the worker and the producer share the heap, so the number is
 * the whole process; what matters is whether it grows. A class histogram of live objects before the
 * producer starts and at the end of the outage shows what the growth consists of.
 *
 * <p>With {@code --recover}, after the outage the producer stops, the real {@link PlotServer} (open
 * mode: the token makes its own plot) starts on that port, and the harness reports how many lines
 * the server took in within {@code recover-s} seconds (the stream's reconnect backoff is up to
 * 30 s ± 20 % by default).
 *
 * <p>Run (heap flags through MAVEN_OPTS: exec:java runs in Maven's JVM):
 * {@code MAVEN_OPTS=-Xmx2g mvn -B -q -o test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.plotstream.bench.OutageHeapHarness
 * -Dexec.cleanupDaemonThreads=false -Dexec.args="--minutes 5 --sample-s 10"}. Options: {@code minutes} of
 * outage (5, at most 60), {@code sample-s} (10), {@code recover} (a flag), {@code recover-s} (60).
 * It stops by itself, stops the cluster and ends the JVM with {@code System.exit}.
 */
public final class OutageHeapHarness {
    static final String TOPIC = "outage-heap";
    static final String CONNECTOR = "outage-heap";
    static final String TOKEN = "outageheap01";
    static final int PARTITIONS = 4;
    static final int TASKS = 4;
    private static final double MB = 1024.0 * 1024.0;

    private OutageHeapHarness() {
    }

    public static void main(String[] args) {
        int code;
        try {
            Options options = Options.parse(args);
            run(options);
            code = 0;
        } catch (Throwable e) {
            System.out.println("OutageHeapHarness failed: " + e);
            e.printStackTrace(System.out);
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    static void run(Options options) throws Exception {
        HeapProbe heap = new HeapProbe();
        System.out.println("machine: " + MachineInfo.describe());
        System.out.println("started: " + Instant.now());
        System.out.println("options: " + options);
        System.out.println("JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + ", input arguments " + ManagementFactory.getRuntimeMXBean().getInputArguments()
                + ", MAVEN_OPTS=" + System.getenv("MAVEN_OPTS"));
        System.out.printf(Locale.ROOT, "JVM max heap: %.0f MB (Runtime.maxMemory), collectors: %s%n",
                heap.maxHeapMb(), heap.collectorNames());

        int port = freeLoopbackPort();
        String url = "http://127.0.0.1:" + port;
        System.out.println("plot server 'down': " + url + " (" + probe(port) + ")");

        Path tmp = Files.createTempDirectory("outage-heap");
        EmbeddedConnectCluster connect = startCluster();
        Producer producer = null;
        PlotServer server = null;
        OutageHeapReport report = new OutageHeapReport();
        try {
            connect.kafka().createTopic(TOPIC, PARTITIONS);
            ObjectNode config = connectorConfig(url);
            System.out.println("connector config: " + config);
            deploy(connect, CONNECTOR, config);
            awaitRunning(connect, CONNECTOR, TASKS, Duration.ofSeconds(90));
            PluginMetrics metrics = new PluginMetrics(CONNECTOR);
            System.out.println("plugin metrics MBeans found: " + metrics.names());

            Map<String, long[]> histogramBefore = ClassHistogram.take();
            producer = Producer.start(connect);
            System.out.println("producer: " + Producer.CONFIG);
            long origin = System.nanoTime();
            long outageNanos = (long) (options.minutes() * 60e9);
            long stepNanos = TimeUnit.SECONDS.toNanos(options.sampleSeconds());
            System.out.println();
            System.out.println(OutageHeapReport.HEADER);
            System.out.println(OutageHeapReport.RULE);
            for (long at = 0; at <= outageNanos; at += stepNanos) {
                sleepUntil(origin + at);
                OutageHeapReport.Sample sample = sample(connect, heap, metrics, producer, (System.nanoTime() - origin) / 1e9);
                report.add(sample);
                System.out.println(sample.line() + "  [load " + MachineInfo.loadAverage() + "]");
                System.out.flush();
                if (producer.failure() != null) {
                    throw new IllegalStateException("the producer thread failed", producer.failure());
                }
            }
            double outageSeconds = (System.nanoTime() - origin) / 1e9;
            Map<String, long[]> histogramAfter = ClassHistogram.take(); // still in the outage: producer running
            producer.stop();
            long produced = producer.acked();
            long errors = producer.errors();
            System.out.printf(Locale.ROOT, "producer stopped: %,d records acknowledged, %,d errors%n", produced, errors);

            report.print(System.out, heap.maxHeapMb(), outageSeconds, produced, errors);
            ClassHistogram.printGrowth(System.out, histogramBefore, histogramAfter, 15);

            if (options.recover()) {
                server = recover(port, tmp, options.recoverSeconds(), metrics, connect);
            }
            System.out.println();
            System.out.println("finished: " + Instant.now() + ", load average " + MachineInfo.loadAverage());
        } finally {
            if (producer != null) {
                producer.stop();
            }
            try {
                connect.stop();
            } catch (RuntimeException e) {
                System.out.println("stopping the Connect cluster: " + e);
            }
            if (server != null) {
                server.stop();
            }
            deleteTree(tmp);
            // Maven's own "main" thread waits for this one under exec:java; the token stream lingers
            // (plotly.stream.linger.ms) on daemon threads by design. System.exit ends both.
            List<String> left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !t.isDaemon() && t != Thread.currentThread() && !t.getName().equals("main"))
                    .map(Thread::getName).sorted().toList();
            long streamThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getName().startsWith("plotly-stream")).count();
            System.out.println("non-daemon threads still alive before System.exit (besides Maven's main): "
                    + (left.isEmpty() ? "none" : left) + "; lingering plotly-stream threads: " + streamThreads);
        }
    }

    private static OutageHeapReport.Sample sample(EmbeddedConnectCluster connect, HeapProbe heap, PluginMetrics metrics,
                                                  Producer producer, double seconds) {
        HeapProbe.Reading reading = heap.gcAndRead();
        long produced = producer.acked();
        List<String> states = new ArrayList<>();
        boolean allRunning;
        try {
            ConnectorStateInfo info = connect.connectorStatus(CONNECTOR);
            info.tasks().stream().sorted(Comparator.comparingInt(ConnectorStateInfo.TaskState::id))
                    .forEach(t -> states.add(t.state()));
            allRunning = "RUNNING".equals(info.connector().state()) && states.size() == TASKS
                    && states.stream().allMatch("RUNNING"::equals);
        } catch (RuntimeException e) {
            states.add("REST error: " + e.getMessage());
            allRunning = false;
        }
        return new OutageHeapReport.Sample(seconds, reading.afterMb(), reading.beforeMb(), reading.gcMillis(), produced,
                states, allRunning, metrics.perTask("queue-depth"), metrics.perTask("records-waiting"),
                metrics.sum("points-enqueued-total"));
    }

    /** The plot server comes back on the same port; lines it takes in, every 5 s, for {@code seconds}. */
    private static PlotServer recover(int port, Path tmp, int seconds, PluginMetrics metrics, EmbeddedConnectCluster connect)
            throws Exception {
        System.out.println();
        System.out.println("### Recovery: the plot server starts on port " + port);
        System.out.println();
        PlotServer server = new PlotServer(ServerConfig.builder().port(port).bind("127.0.0.1").openMode(true)
                .dataDir(Files.createDirectories(tmp.resolve("data"))).plotsDir(Files.createDirectories(tmp.resolve("plots")))
                .build());
        server.start();
        long origin = System.nanoTime();
        System.out.println("| t (s) | lines ingested by the server | points delivered (task metric, sum) "
                + "| queue-depth: sum (per task) | records-waiting: sum (per task) | tasks |");
        System.out.println("|---|---|---|---|---|---|");
        double firstLineAt = -1;
        long lines = 0;
        for (long at = 0; at <= TimeUnit.SECONDS.toNanos(seconds); at += TimeUnit.SECONDS.toNanos(1)) {
            sleepUntil(origin + at);
            lines = server.ingestMetrics().lines();
            double t = (System.nanoTime() - origin) / 1e9;
            if (lines > 0 && firstLineAt < 0) {
                firstLineAt = t;
            }
            if (at % TimeUnit.SECONDS.toNanos(5) == 0) {
                String tasks;
                try {
                    tasks = connect.connectorStatus(CONNECTOR).tasks().stream().map(ConnectorStateInfo.TaskState::state)
                            .collect(Collectors.joining("/"));
                } catch (RuntimeException e) {
                    tasks = "REST error";
                }
                System.out.printf(Locale.ROOT, "| %.0f | %,d | %s | %s | %s | %s |%n", t, lines,
                        fmt(metrics.sum("points-delivered-total")), OutageHeapReport.Sample.perTaskText(metrics.perTask("queue-depth")),
                        OutageHeapReport.Sample.perTaskText(metrics.perTask("records-waiting")), tasks);
                System.out.flush();
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "recovery: first line reached the server %s after it started; %,d lines within %d s%n",
                firstLineAt < 0 ? "never" : String.format(Locale.ROOT, "%.0f s", firstLineAt), lines, seconds);
        return server;
    }

    private static String fmt(long value) {
        return value < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", value);
    }

    static ObjectNode connectorConfig(String url) {
        ObjectNode config = new ObjectMapper().createObjectNode();
        config.put("connector.class", "io.plotstream.connect.PlotlyStreamSinkConnector");
        config.put("tasks.max", Integer.toString(TASKS));
        config.put("topics", TOPIC);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("plotly.stream.url", url);
        config.put("plotly.token", TOKEN);
        config.put("plotly.y", "value.temp");
        // Everything else at its default: plotly.queue.max.bytes 32 MiB per task, backoff 1 s doubling to 30 s.
        return config;
    }

    /** One worker and one broker, configured as the integration tests configure theirs. */
    private static EmbeddedConnectCluster startCluster() {
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("offset.flush.interval.ms", "500");
        workerProps.put("plugin.discovery", "hybrid_warn");
        Properties brokerProps = new Properties();
        brokerProps.put("auto.create.topics.enable", "false");
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
                .name("outage-heap").numWorkers(1).numBrokers(1).workerProps(workerProps).brokerProps(brokerProps)
                .build();
        connect.start();
        return connect;
    }

    private static void deploy(EmbeddedConnectCluster connect, String name, ObjectNode config) {
        String url = connect.endpointForResource("connectors/" + name + "/config");
        try (Response response = connect.requestPut(url, config.toString())) {
            if (response.getStatus() >= 300) {
                throw new IllegalStateException("PUT " + url + " → " + response.getStatus() + ": " + response.getEntity());
            }
        }
    }

    private static void awaitRunning(EmbeddedConnectCluster connect, String name, int tasks, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no status yet";
        while (System.nanoTime() < deadline) {
            try {
                ConnectorStateInfo info = connect.connectorStatus(name);
                last = String.valueOf(info);
                if (info != null && "RUNNING".equals(info.connector().state()) && info.tasks().size() == tasks
                        && info.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()))) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("connector " + name + " not running with " + tasks + " tasks: " + last);
    }

    /** A loopback port nothing listens on: bound on port 0, noted, closed. */
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String probe(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
            return "UNEXPECTED: something accepted a connection";
        } catch (ConnectException e) {
            return "connect refused, as intended";
        } catch (IOException e) {
            return "connect failed: " + e;
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.out.println("could not delete " + dir + ": " + e);
        }
    }

    /** The producer thread: records as fast as the broker takes them, counted when acknowledged. */
    static final class Producer {
        static final Map<String, Object> CONFIG = Map.of("acks", "1", "linger.ms", 5, "batch.size", 131_072,
                "compression.type", "none");
        private final KafkaProducer<byte[], byte[]> producer;
        private final Thread thread;
        private final LongAdder acked = new LongAdder();
        private final LongAdder errors = new LongAdder();
        private volatile boolean running = true;
        private volatile Throwable failure;
        private boolean stopped;

        private Producer(KafkaProducer<byte[], byte[]> producer) {
            this.producer = producer;
            this.thread = new Thread(this::loop, "outage-heap-producer");
        }

        static Producer start(EmbeddedConnectCluster connect) {
            Producer p = new Producer(connect.kafka().createProducer(new HashMap<>(CONFIG)));
            p.thread.start();
            return p;
        }

        private void loop() {
            Callback callback = (metadata, e) -> {
                if (e == null) {
                    acked.increment();
                } else {
                    errors.increment();
                }
            };
            long seq = 0;
            try {
                while (running) {
                    String value = "{\"ts\":" + System.currentTimeMillis() + ",\"seq\":" + seq + ",\"temp\":"
                            + (15.0 + (seq % 2000) / 100.0) + "}";
                    producer.send(new ProducerRecord<>(TOPIC, null, value.getBytes(StandardCharsets.UTF_8)), callback);
                    seq++;
                }
            } catch (Throwable e) {
                failure = e;
            }
        }

        long acked() {
            return acked.sum();
        }

        long errors() {
            return errors.sum();
        }

        Throwable failure() {
            return failure;
        }

        /** Stops the thread, then flushes and closes the producer (its callbacks have all run after that). */
        void stop() throws InterruptedException {
            if (stopped) {
                return;
            }
            stopped = true;
            running = false;
            thread.join(30_000);
            producer.close(Duration.ofSeconds(30));
        }
    }

    /** Forced GC and the heap in use after it, from the collector's own after-GC figures. */
    static final class HeapProbe {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final List<com.sun.management.GarbageCollectorMXBean> collectors = ManagementFactory
                .getGarbageCollectorMXBeans().stream().filter(b -> b instanceof com.sun.management.GarbageCollectorMXBean)
                .map(b -> (com.sun.management.GarbageCollectorMXBean) b).toList();
        private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

        record Reading(double beforeMb, double afterMb, long gcMillis) {
        }

        double maxHeapMb() {
            return Runtime.getRuntime().maxMemory() / MB;
        }

        List<String> collectorNames() {
            return collectors.stream().map(com.sun.management.GarbageCollectorMXBean::getName).toList();
        }

        Reading gcAndRead() {
            long before = memory.getHeapMemoryUsage().getUsed();
            long[] counts = collectors.stream().mapToLong(com.sun.management.GarbageCollectorMXBean::getCollectionCount)
                    .toArray();
            long start = System.nanoTime();
            memory.gc(); // System.gc(): a stop-the-world full collection with the default collector settings
            long gcMillis = (System.nanoTime() - start) / 1_000_000;
            long usedRightAfter = memory.getHeapMemoryUsage().getUsed();
            // The full collection's own after-GC figure: not disturbed by what other threads allocate right after.
            com.sun.management.GcInfo best = null;
            for (int i = 0; i < collectors.size(); i++) {
                com.sun.management.GarbageCollectorMXBean bean = collectors.get(i);
                if (bean.getCollectionCount() == counts[i]) {
                    continue;
                }
                com.sun.management.GcInfo info = bean.getLastGcInfo();
                boolean major = bean.getName().matches("(?i).*(old|marksweep|full|major).*");
                if (info != null && (best == null || major)) {
                    best = info;
                }
            }
            long after = usedRightAfter;
            if (best != null) {
                after = 0;
                for (Map.Entry<String, java.lang.management.MemoryUsage> pool : best.getMemoryUsageAfterGc().entrySet()) {
                    if (heapPools.contains(pool.getKey())) {
                        after += pool.getValue().getUsed();
                    }
                }
            }
            return new Reading(before / MB, after / MB, gcMillis);
        }
    }

    /** The live-object class histogram (jcmd GC.class_histogram, itself a full GC) and what grew between two. */
    static final class ClassHistogram {
        private static final java.util.regex.Pattern ROW =
                java.util.regex.Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(.+?)\\s*$");

        /** Class name → {instances, bytes}; empty if the diagnostic command is not available. */
        static Map<String, long[]> take() {
            Map<String, long[]> rows = new HashMap<>();
            try {
                Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                        new Object[] {new String[0]}, new String[] {String[].class.getName()});
                for (String line : String.valueOf(text).split("\\R")) {
                    java.util.regex.Matcher m = ROW.matcher(line);
                    if (m.matches()) {
                        rows.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
                    }
                }
            } catch (Exception e) {
                System.out.println("class histogram not available: " + e);
            }
            return rows;
        }

        static void printGrowth(java.io.PrintStream out, Map<String, long[]> before, Map<String, long[]> after, int top) {
            if (before.isEmpty() || after.isEmpty()) {
                return;
            }
            long totalBefore = before.values().stream().mapToLong(v -> v[1]).sum();
            long totalAfter = after.values().stream().mapToLong(v -> v[1]).sum();
            out.println();
            out.printf(Locale.ROOT, "### Live objects: growth from before the producer started to the end of the outage "
                    + "(class histogram, after a full GC; %.1f MB → %.1f MB)%n", totalBefore / MB, totalAfter / MB);
            out.println();
            out.println("| class | instances before → after | MB before → after | grew (MB) |");
            out.println("|---|---|---|---|");
            after.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) ->
                            e.getValue()[1] - before.getOrDefault(e.getKey(), new long[2])[1]).reversed())
                    .limit(top)
                    .forEach(e -> {
                        long[] b = before.getOrDefault(e.getKey(), new long[2]);
                        long[] a = e.getValue();
                        out.printf(Locale.ROOT, "| `%s` | %,d → %,d | %.1f → %.1f | %+.1f |%n", e.getKey(), b[0], a[0],
                                b[1] / MB, a[1] / MB, (a[1] - b[1]) / MB);
                    });
        }
    }

    /** The task's plugin metrics as the worker publishes them over JMX (kafka.connect:type=plugins,...). */
    static final class PluginMetrics {
        private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        private final String connector;

        PluginMetrics(String connector) {
            this.connector = connector;
        }

        private Set<ObjectName> query() {
            try {
                return server.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",*"), null);
            } catch (Exception e) {
                return Set.of();
            }
        }

        List<String> names() {
            return query().stream().map(ObjectName::toString).sorted().toList();
        }

        /** One value per task (task id order), or null when no task publishes {@code attribute}. */
        long[] perTask(String attribute) {
            TreeMap<Integer, Long> byTask = new TreeMap<>();
            for (ObjectName name : query()) {
                String task = name.getKeyProperty("task");
                if (task == null || name.getKeyProperty("status") != null) {
                    continue;
                }
                Long value = read(name, attribute);
                if (value != null) {
                    byTask.put(Integer.parseInt(task), value);
                }
            }
            return byTask.isEmpty() ? null : byTask.values().stream().mapToLong(Long::longValue).toArray();
        }

        long sum(String attribute) {
            long[] values = perTask(attribute);
            return values == null ? -1 : java.util.Arrays.stream(values).sum();
        }


        private Long read(ObjectName name, String attribute) {
            try {
                Object value = server.getAttribute(name, attribute);
                return value instanceof Number n ? n.longValue() : null;
            } catch (Exception e) {
                return null;
            }
        }
    }

    /** Options of one run; {@link #parse} names the bad argument. */
    record Options(double minutes, int sampleSeconds, boolean recover, int recoverSeconds) {

        static Options parse(String[] args) {
            double minutes = 5;
            int sample = 10;
            boolean recover = false;
            int recoverSeconds = 60;
            for (int i = 0; i < args.length; i++) {
                String key = args[i];
                if (key.equals("--recover")) {
                    recover = true;
                    continue;
                }
                if (!key.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --key value pairs or --recover, got '" + key + "'");
                }
                String value = args[++i];
                try {
                    switch (key.substring(2)) {
                        case "minutes" -> minutes = Double.parseDouble(value);
                        case "sample-s" -> sample = Integer.parseInt(value);
                        case "recover-s" -> recoverSeconds = Integer.parseInt(value);
                        default -> throw new IllegalArgumentException("unknown option " + key);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + ": expected a number, got '" + value + "'");
                }
            }
            if (!(minutes > 0 && minutes <= 60) || sample < 1 || recoverSeconds < 1 || recoverSeconds > 600) {
                throw new IllegalArgumentException("--minutes must be in (0, 60], --sample-s >= 1, --recover-s in [1, 600]");
            }
            return new Options(minutes, sample, recover, recoverSeconds);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "minutes=%s sample-s=%d recover=%s%s", minutes, sampleSeconds, recover,
                    recover ? " recover-s=" + recoverSeconds : "");
        }
    }
}
