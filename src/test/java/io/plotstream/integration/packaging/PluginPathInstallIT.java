package io.plotstream.integration.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.connect.PlotlyStreamSinkConnector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.connect.runtime.isolation.PluginClassLoader;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof that the archive installs: it is unzipped into a fresh {@code plugin.path}, a real
 * distributed Connect worker discovers the connector there through its ServiceLoader manifest,
 * runs it in the plugin's own class loader, and a record produced to Kafka reaches a stream
 * endpoint on loopback.
 *
 * <p>The connector's classes are also on this JVM's class path (failsafe puts target/classes
 * there). Connect prefers an isolated plugin over a class-path copy of the same version, and the
 * test checks that this is what happened: the task thread's context class loader must be a
 * {@link PluginClassLoader} whose location is inside the temporary plugin.path.
 */
class PluginPathInstallIT {

    private static final String CONNECTOR = "plotly-install-check";
    private static final String TOPIC = "install-check";
    private static final String CONNECTOR_CLASS = PlotlyStreamSinkConnector.class.getName();

    @TempDir
    Path pluginPath;

    private EmbeddedConnectCluster connect;
    private LoopbackStreamReceiver receiver;

    @BeforeEach
    void installArchiveAndStartWorker() throws IOException {
        HubArchive.unzip(HubArchive.path(), pluginPath);
        receiver = new LoopbackStreamReceiver(1_000);
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("plugin.path", pluginPath.toAbsolutePath().toString());
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("offset.flush.interval.ms", "1000");
        connect = new EmbeddedConnectCluster.Builder()
                .name("plugin-path-install")
                .numWorkers(1)
                .numBrokers(1)
                .workerProps(workerProps)
                .build();
        connect.start();
        connect.kafka().createTopic(TOPIC, 1);
    }

    @AfterEach
    void stop() throws IOException {
        if (connect != null) {
            connect.stop();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void connectorInstalledFromTheArchiveStreamsARecordFromItsOwnClassLoader() throws Exception {
        Path pluginDir = onlyPluginDirectory();

        JsonNode plugins = new ObjectMapper().readTree(httpGet(connect.endpointForResource("connector-plugins")));
        JsonNode ours = Stream.of(plugins).flatMap(p -> java.util.stream.StreamSupport.stream(p.spliterator(), false))
                .filter(p -> CONNECTOR_CLASS.equals(p.path("class").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("worker does not list " + CONNECTOR_CLASS + ": " + plugins));
        assertThat(ours.path("type").asText()).isEqualTo("sink");
        assertThat(ours.path("version").asText()).isEqualTo(manifestVersion(pluginDir));

        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("plotly.stream.url", receiver.url());
        config.put("plotly.token", "install-check-token");
        config.put("plotly.x", "value.x");
        config.put("plotly.y", "value.y");
        config.put("plotly.stream.ack.delay.ms", "50");
        connect.configureConnector(CONNECTOR, config);
        ConnectorStatus.awaitRunning(connect, CONNECTOR, 1, Duration.ofSeconds(60));

        connect.kafka().produce(TOPIC, "k", "{\"x\": 7, \"y\": 42.5}");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            ConnectorStatus.assertNotFailed(connect, CONNECTOR); // a failed task will never deliver: say why now
            return !receiver.lines().isEmpty();
        });
        LoopbackStreamReceiver.Line line = receiver.lines().get(0);
        assertThat(line.token()).isEqualTo("install-check-token");
        JsonNode point = new ObjectMapper().readTree(line.json());
        assertThat(point.get("x").asDouble()).isEqualTo(7.0);
        assertThat(point.get("y").asDouble()).isEqualTo(42.5);
        assertThat(receiver.problems()).isEmpty();

        PluginClassLoader loader = taskClassLoader()
                .orElseThrow(() -> new AssertionError("the task thread does not run in a PluginClassLoader"));
        assertThat(locationPath(loader.location()))
                .as("the task runs from the unpacked archive, not from the class path")
                .startsWith(pluginPath.toAbsolutePath().normalize());
    }

    /** The archive unpacks to exactly one plugin directory holding lib/ and manifest.json. */
    private Path onlyPluginDirectory() throws IOException {
        List<Path> dirs;
        try (Stream<Path> list = Files.list(pluginPath)) {
            dirs = list.toList();
        }
        assertThat(dirs).hasSize(1);
        assertThat(dirs.get(0).resolve("lib")).isDirectory();
        assertThat(dirs.get(0).resolve("manifest.json")).isRegularFile();
        return dirs.get(0);
    }

    private static String manifestVersion(Path pluginDir) throws IOException {
        return new ObjectMapper().readTree(pluginDir.resolve("manifest.json").toFile()).get("version").asText();
    }

    private static String httpGet(String url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return response.body();
    }

    /** A plugin location is a file: URL in current Connect versions, a plain path in older ones. */
    private static Path locationPath(String location) {
        Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        return path.toAbsolutePath().normalize();
    }

    /** Connect runs each task on a thread whose context class loader is the plugin's loader. */
    private static Optional<PluginClassLoader> taskClassLoader() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("task-thread-" + CONNECTOR + "-"))
                .map(Thread::getContextClassLoader)
                .filter(PluginClassLoader.class::isInstance)
                .map(PluginClassLoader.class::cast)
                .findFirst();
    }
}
