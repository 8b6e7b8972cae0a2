package io.plotstream.integration.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.integration.packaging.HubArchive;
import io.plotstream.integration.support.PlotServerFixture;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Hub archive on the Connect versions users run: each version's own worker (its jars from Maven
 * Central) in its own JVM, the archive unzipped onto its {@code plugin.path}, the connector created
 * over REST, records streamed to the real plot server, a bad record in the dead letter queue with
 * its reason, and the task's metrics where the runtime has plugin metrics (4.1+).
 *
 * <p>{@code mvn verify} runs the oldest, a middle and the newest version
 * ({@code -Dconnect.matrix=...}); {@code -Pmatrix} runs the whole matrix.
 */
class ConnectVersionMatrixIT {
    private static final int GOOD_BEFORE = 10;
    private static final int GOOD_AFTER = 5;

    @TempDir
    static Path work;
    private static EmbeddedKafkaCluster kafka;
    private static PlotServerFixture server;
    private static Path plugins;

    static Stream<String> versions() {
        return Stream.of(System.getProperty("connect.matrix", "3.6.2,4.0.2,4.4.0").split(",")).map(String::trim)
                .filter(v -> !v.isEmpty());
    }

    @BeforeAll
    static void start() throws Exception {
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "false");
        kafka = new EmbeddedKafkaCluster(1, broker);
        kafka.start();
        server = PlotServerFixture.start(Files.createDirectories(work.resolve("plots")), false);
        plugins = Files.createDirectories(work.resolve("plugins"));
        HubArchive.unzip(HubArchive.path(), plugins);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
    }

    @ParameterizedTest(name = "Kafka Connect {0}")
    @MethodSource("versions")
    void theHubArchiveStreamsOnThisConnectVersion(String version) throws Exception {
        runOn(version, currentJava(), "java " + Runtime.version().feature());
    }

    @Test
    void theHubArchiveStreamsOnJava25() throws Exception {
        Path java25 = findJava(25);
        Assumptions.assumeTrue(java25 != null, "no JDK 25 found (set JAVA25_HOME, or install Temurin 25 under "
                + "/usr/lib/jvm): the Java 25 run of the matrix is skipped");
        runOn(System.getProperty("connect.matrix.java25", "4.3.1"), java25, "java 25");
    }

    /**
     * The oldest supported line on the oldest supported Java: Confluent Platform 7.4-7.6 workers run on
     * Java 11 (Kafka 4.x workers need 17, so this runs a 3.x line). Skipped where no JDK 11 exists,
     * as on these build machines (Debian bookworm ships none).
     */
    @Test
    void theHubArchiveStreamsOnJava11() throws Exception {
        Path java11 = findJava(11);
        Assumptions.assumeTrue(java11 != null, "no JDK 11 found (set JAVA11_HOME, or install one under "
                + "/usr/lib/jvm): the Java 11 run of the matrix is skipped; HubArchiveIT still checks the class files");
        runOn(System.getProperty("connect.matrix.java11", "3.6.2"), java11, "java 11");
    }

    private void runOn(String version, Path java, String javaLabel) throws Exception {
        String id = version.replace(".", "");
        String topic = "matrix" + id + Math.abs(javaLabel.hashCode() % 100);
        String token = "matrixtok" + topic;
        String dlq = topic + "-dlq";
        kafka.createTopic(topic, 1);
        kafka.createTopic(dlq, 1);
        server.definePlot(topic, token, 1000);
        Path dir = Files.createDirectories(work.resolve(topic));
        long started = System.nanoTime();
        try (ConnectWorkerProcess worker = ConnectWorkerProcess.start(java, ConnectWorkerProcess.classpath(version),
                dir, kafka.bootstrapServers(), plugins)) {
            assertThat(worker.version()).as("the worker runs Connect %s", version).contains("\"version\":\"" + version);
            HttpResponse<String> plugins = worker.get("/connector-plugins");
            assertThat(plugins.body()).contains("io.plotstream.connect.PlotlyStreamSinkConnector");
            HttpResponse<String> created = worker.post("/connectors", connector(topic, token, dlq));
            assertThat(created.statusCode()).as("POST /connectors: %s", created.body()).isLessThan(300);

            for (int seq = 0; seq < GOOD_BEFORE; seq++) {
                kafka.produce(topic, "{\"seq\": " + seq + "}");
            }
            kafka.produce(topic, "{\"seq\": \"abc\"}"); // offset 10: y must be a number
            for (int seq = GOOD_BEFORE; seq < GOOD_BEFORE + GOOD_AFTER; seq++) {
                kafka.produce(topic, "{\"seq\": " + seq + "}");
            }

            Awaitility.await("every good record plotted on " + version).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200)).until(() -> {
                        assertRunning(worker, topic);
                        Set<Long> seen = new TreeSet<>(server.yValues(topic));
                        return seen.size() == GOOD_BEFORE + GOOD_AFTER;
                    });
            List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
            kafka.consume(1, Duration.ofSeconds(60).toMillis(), dlq).forEach(dead::add);
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"seq\": \"abc\"}");
                assertThat(header(r, "__connect.errors.exception.message")).contains(topic + "-0@10")
                        .contains("value.seq").contains("y must be a number");
            });
            boolean pluginMetrics = atLeast(version, 4, 1);
            if (pluginMetrics) {
                Awaitility.await("task metrics").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            Double delivered = worker.pluginMetric(topic, "points-delivered-total");
                            return delivered != null && delivered >= GOOD_BEFORE + GOOD_AFTER;
                        });
                assertThat(worker.pluginMetric(topic, "records-failed-total")).isEqualTo(1.0);
            } else {
                assertThat(worker.pluginMetric(topic, "points-delivered-total"))
                        .as("Connect %s has no plugin metrics", version).isNull();
            }
            assertRunning(worker, topic);
            System.out.printf("[matrix] Kafka Connect %s on %s: %d records plotted, 1 in the DLQ, plugin metrics %s, "
                            + "%.1f s%n", version, javaLabel, GOOD_BEFORE + GOOD_AFTER, pluginMetrics ? "checked" : "absent",
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private static String connector(String name, String token, String dlq) {
        return """
                {"name": "%s", "config": {
                  "connector.class": "io.plotstream.connect.PlotlyStreamSinkConnector",
                  "tasks.max": "1",
                  "topics": "%s",
                  "plotly.stream.url": "%s",
                  "plotly.token": "%s",
                  "plotly.y": "value.seq",
                  "plotly.stream.ack.delay.ms": "100",
                  "errors.tolerance": "all",
                  "errors.deadletterqueue.topic.name": "%s",
                  "errors.deadletterqueue.topic.replication.factor": "1",
                  "errors.deadletterqueue.context.headers.enable": "true"
                }}""".formatted(name, name, server.url(), token, dlq);
    }

    private static void assertRunning(ConnectWorkerProcess worker, String connector) throws Exception {
        String status = worker.get("/connectors/" + connector + "/status").body();
        assertThat(status).as("status of %s", connector).doesNotContain("FAILED");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("\\.");
        int ma = Integer.parseInt(parts[0]);
        int mi = Integer.parseInt(parts[1]);
        return ma > major || (ma == major && mi >= minor);
    }

    private static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** JAVA{feature}_HOME, or a JDK of that feature release under /usr/lib/jvm (Temurin's packages install there). */
    private static Path findJava(int feature) throws IOException {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("JAVA" + feature + "_HOME");
        if (env != null) {
            candidates.add(Path.of(env));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(jvms, "*" + feature + "*")) {
                dirs.forEach(candidates::add);
            }
        }
        for (Path home : candidates) {
            Path java = home.resolve("bin").resolve("java");
            if (Files.isExecutable(java) && isJava(java, feature)) {
                return java;
            }
        }
        return null;
    }

    private static boolean isJava(Path java, int feature) {
        try {
            Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && (out.contains("version \"" + feature + ".") || out.contains("version \"" + feature + "\""));
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
