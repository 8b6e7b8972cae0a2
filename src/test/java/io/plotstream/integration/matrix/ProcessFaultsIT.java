package io.plotstream.integration.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.integration.packaging.HubArchive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of whole processes, as an operator meets them: two distributed workers in OS processes of
 * their own, a 4-partition topic with four keys routed to four tokens, a producer writing sequence
 * numbers throughout, and then {@code kill -9} of a worker (and a new one started), a broker
 * restart, and {@code kill -9} of the plot server (started again on its data directory). At the end
 * every sequence number is on its plot at least once, no task ended FAILED, and at no sampled moment
 * did a token have more streams than there were worker processes, or a worker process more
 * connections than tokens.
 *
 * <p>Every acknowledgement and snapshot setting is at its default, as a new user has them: the
 * connector asks for acknowledgements, the server acknowledges a line only once its operation log
 * holds it, and the connector commits an offset only once its points were acknowledged. So a server
 * killed without warning loses nothing the connector already committed: 0 lost, asserted.
 */
class ProcessFaultsIT {
    private static final String[] KEYS = {"k0", "k1", "k2", "k3"};
    private static final String TOPIC = "faults";
    private static final String CONNECTOR = "faults";
    private static final String VERSION = "4.3.1";

    @TempDir
    Path work;
    private EmbeddedKafkaCluster kafka;
    private PlotServerProcess server;
    private final List<ConnectWorkerProcess> workers = new ArrayList<>();
    private final Map<String, AtomicLong> produced = new ConcurrentHashMap<>();
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final AtomicInteger maxStreamsPerToken = new AtomicInteger();
    private final AtomicInteger maxConnectionsPerWorker = new AtomicInteger();
    private final AtomicInteger liveWorkers = new AtomicInteger();
    private final AtomicInteger overLimit = new AtomicInteger();
    private Thread producer;
    private Thread sampler;

    @AfterEach
    void stop() throws Exception {
        producing.set(false);
        if (producer != null) {
            producer.join(10_000);
        }
        if (sampler != null) {
            sampler.interrupt();
            sampler.join(5_000);
        }
        for (ConnectWorkerProcess w : workers) {
            w.close();
        }
        if (server != null) {
            server.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
    }

    @Test
    void killedWorkersABrokerRestartAndAKilledPlotServerLoseNoRecord() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "false");
        kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
        kafka.createTopic(TOPIC, 4);
        server = PlotServerProcess.start(java, Path.of(System.getProperty("server.jar")), work.resolve("server"));
        for (String key : KEYS) {
            server.definePlot(plot(key), token(key), 10_000);
        }
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        HubArchive.unzip(HubArchive.path(), plugins);
        String classpath = ConnectWorkerProcess.classpath(VERSION);
        workers.add(startWorker(java, classpath, plugins, "a"));
        workers.add(startWorker(java, classpath, plugins, "b"));
        liveWorkers.set(2);
        int created = workers.get(0).post("/connectors", connectorJson()).statusCode();
        assertThat(created).isLessThan(300);
        awaitTasksRunning(workers.get(1));
        producer = startProducer();
        sampler = startSampler();

        awaitPlotted("before any fault");

        // 1. kill -9 a worker, then start another in its place
        ConnectWorkerProcess victim = workers.remove(0);
        victim.kill();
        liveWorkers.set(1);
        workers.add(startWorker(java, classpath, plugins, "c"));
        liveWorkers.set(2);
        awaitTasksRunning(workers.get(0));
        awaitPlotted("after kill -9 of a worker");

        // 2. restart the broker
        kafka.stopOnlyBrokers();
        Thread.sleep(2_000); // the outage itself
        kafka.restartOnlyBrokers();
        awaitPlotted("after a broker restart");

        // 3. kill -9 the plot server, start it again on its data directory
        server.kill();
        Thread.sleep(2_000); // the outage itself
        server.restart();
        awaitPlotted("after kill -9 of the plot server");

        producing.set(false);
        producer.join(30_000);
        Map<String, long[]> counts = awaitPlotted("at the end");
        long total = 0;
        long duplicates = 0;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            total += e.getValue()[0];
            duplicates += e.getValue()[1];
        }
        System.out.printf("[faults] %d records over 4 keys: 0 lost, %d duplicates; at most %d streams per token "
                        + "(2 worker processes), at most %d connections per worker process (4 tokens); "
                        + "samples over the limit: %d%n", total, duplicates, maxStreamsPerToken.get(),
                maxConnectionsPerWorker.get(), overLimit.get());
        for (ConnectWorkerProcess w : workers) {
            assertThat(w.get("/connectors/" + CONNECTOR + "/status").body()).doesNotContain("FAILED");
        }
        assertThat(overLimit.get()).as("samples where a token had more streams than worker processes, or a "
                + "process more connections than tokens").isZero();
        StringBuilder logs = new StringBuilder();
        for (String name : List.of("a", "b", "c")) {
            logs.append(Files.readString(work.resolve("worker-" + name).resolve("worker.log"), StandardCharsets.UTF_8));
        }
        assertThat(logs.toString()).as("with the defaults the streams ran with the server's acknowledgements")
                .contains("runs with acknowledgements");
    }

    private ConnectWorkerProcess startWorker(Path java, String classpath, Path plugins, String name) throws Exception {
        Path dir = Files.createDirectories(work.resolve("worker-" + name));
        return ConnectWorkerProcess.start(java, classpath, dir, kafka.bootstrapServers(), plugins, "faults-workers",
                List.of("scheduled.rebalance.max.delay.ms=2000", "session.timeout.ms=6000", "heartbeat.interval.ms=1000"));
    }

    private String connectorJson() {
        StringBuilder routes = new StringBuilder();
        for (String key : KEYS) {
            routes.append(routes.length() == 0 ? "" : ",").append(key).append('=').append(token(key));
        }
        return """
                {"name": "%s", "config": {
                  "connector.class": "io.plotstream.connect.PlotlyStreamSinkConnector",
                  "tasks.max": "2",
                  "topics": "%s",
                  "plotly.stream.url": "%s",
                  "plotly.tokens.by.key": "%s",
                  "plotly.y": "value.seq",
                  "plotly.reconnect.backoff.initial.ms": "200",
                  "plotly.reconnect.backoff.max.ms": "2000",
                  "plotly.stream.linger.ms": "2000"
                }}""".formatted(CONNECTOR, TOPIC, server.url(), routes);
    }

    private void awaitTasksRunning(ConnectWorkerProcess worker) {
        Awaitility.await("connector and 2 tasks RUNNING").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    String status = worker.get("/connectors/" + CONNECTOR + "/status").body();
                    return status.contains("\"tasks\"") && !status.contains("FAILED")
                            && count(status, "\"RUNNING\"") == 3;
                });
    }

    /** Waits until every number acknowledged so far is on its plot; returns per key {plotted, duplicates}. */
    private Map<String, long[]> awaitPlotted(String when) {
        Map<String, Long> target = new HashMap<>();
        produced.forEach((key, n) -> target.put(key, n.get()));
        Map<String, long[]> counts = new TreeMap<>();
        try {
            awaitPlotted(when, target, counts);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            for (ConnectWorkerProcess w : workers) {
                System.out.println("[faults] worker " + w.pid() + " log tail:\n" + w.tail());
            }
            long lost = lost(target);
            assertThat(lost).as("records Kafka acknowledged that never reached their plot %s (of %d)", when,
                    target.values().stream().mapToLong(Long::longValue).sum()).isZero();
            throw e;
        }
        long records = counts.values().stream().mapToLong(c -> c[0]).sum();
        long duplicates = counts.values().stream().mapToLong(c -> c[1]).sum();
        System.out.printf("[faults] %s: all %d acknowledged records plotted (0 lost), %d duplicates so far%n", when,
                records, duplicates);
        return counts;
    }

    private void awaitPlotted(String when, Map<String, Long> target, Map<String, long[]> counts) {
        Awaitility.await("every acknowledged record plotted " + when).atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                    for (String key : KEYS) {
                        long want = target.getOrDefault(key, 0L);
                        List<Long> ys = server.yValues(plot(key));
                        boolean[] seen = new boolean[(int) want];
                        long distinct = 0;
                        for (long y : ys) {
                            if (y >= 0 && y < want && !seen[(int) y]) {
                                seen[(int) y] = true;
                                distinct++;
                            }
                        }
                        if (distinct < want) {
                            return false;
                        }
                        counts.put(key, new long[] {want, ys.stream().filter(y -> y < want).count() - want});
                    }
                    return true;
                });
    }

    /** How many numbers below each key's target are on no plot now. */
    private long lost(Map<String, Long> target) {
        long lost = 0;
        for (String key : KEYS) {
            long want = target.getOrDefault(key, 0L);
            boolean[] seen = new boolean[(int) want];
            try {
                for (long y : server.yValues(plot(key))) {
                    if (y >= 0 && y < want) {
                        seen[(int) y] = true;
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot read plot " + plot(key), e);
            }
            for (boolean s : seen) {
                lost += s ? 0 : 1;
            }
        }
        return lost;
    }

    private Thread startProducer() {
        Thread t = new Thread(() -> {
            Map<String, Object> props = new HashMap<>();
            props.put("acks", "all");
            props.put("enable.idempotence", "true");
            props.put("linger.ms", 5);
            try (KafkaProducer<byte[], byte[]> p = kafka.createProducer(props)) {
                long seq = 0;
                while (producing.get()) {
                    for (int k = 0; k < KEYS.length; k++) {
                        String key = KEYS[k];
                        byte[] value = ("{\"seq\": " + seq + "}").getBytes(StandardCharsets.UTF_8);
                        // one record per key at a time, sent synchronously: the acknowledged count is a prefix
                        p.send(new ProducerRecord<>(TOPIC, k, key.getBytes(StandardCharsets.UTF_8), value)).get();
                        produced.computeIfAbsent(key, x -> new AtomicLong()).set(seq + 1);
                    }
                    seq++;
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                if (producing.get()) {
                    throw new IllegalStateException(e);
                }
            }
        }, "faults-producer");
        t.start();
        return t;
    }

    private Thread startSampler() {
        Pattern pid = Pattern.compile("pid=(\\d+)");
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    int perToken = server.maxStreamsForAnyToken();
                    maxStreamsPerToken.accumulateAndGet(perToken, Math::max);
                    Map<String, Integer> perPid = new HashMap<>();
                    Process ss = new ProcessBuilder("ss", "-Htnp", "state", "established",
                            "( dport = :" + server.port() + " )").redirectErrorStream(true).start();
                    for (String line : new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                            .split("\n")) {
                        Matcher m = pid.matcher(line);
                        if (m.find()) {
                            perPid.merge(m.group(1), 1, Integer::sum);
                        }
                    }
                    ss.waitFor();
                    int perWorker = perPid.values().stream().mapToInt(Integer::intValue).max().orElse(0);
                    maxConnectionsPerWorker.accumulateAndGet(perWorker, Math::max);
                    if (perToken > Math.max(2, liveWorkers.get()) || perWorker > KEYS.length) {
                        overLimit.incrementAndGet();
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // the server is down (a fault in progress): nothing to sample
                }
            }
        }, "faults-sampler");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String token(String key) {
        return "fault" + key + "tok1";
    }

    private static String plot(String key) {
        return "faults-" + key;
    }
}
