package io.plotstream.integration.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proof that the archive installs: it is unzipped into a fresh {@code plugin.path}, a real
 * distributed Connect worker discovers the connector there through its ServiceLoader manifest
 * ({@code plugin.discovery=service_load}), runs it in the plugin's own class loader, and a record
 * produced to Kafka reaches a stream endpoint on loopback.
 *
 * <p>The worker runs in {@link IsolatedConnectCluster}, which cannot see target/classes: the
 * connector can only come from the archive, and a missing runtime dependency in lib/ that the
 * worker does not provide would fail here.
 */
class PluginPathInstallIT {

    private static final String CONNECTOR = "plotly-install-check";
    private static final String TOPIC = "install-check";
    private static final String CONNECTOR_CLASS = "io.plotstream.connect.PlotlyStreamSinkConnector";
    private static final String PLUGIN_CLASS_LOADER = "org.apache.kafka.connect.runtime.isolation.PluginClassLoader";

    @TempDir
    Path pluginPath;

    private final ObjectMapper mapper = new ObjectMapper();
    private IsolatedConnectCluster connect;
    private LoopbackStreamReceiver receiver;

    @BeforeEach
    void installArchiveAndStartWorker() throws IOException {
        HubArchive.unzip(HubArchive.path(), pluginPath);
        receiver = new LoopbackStreamReceiver(1_000);
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("plugin.path", pluginPath.toAbsolutePath().toString());
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("offset.flush.interval.ms", "1000");
        connect = new IsolatedConnectCluster("plugin-path-install", workerProps);
        connect.start();
        connect.createTopic(TOPIC, 1);
    }

    @AfterEach
    void stop() throws IOException {
        if (connect != null) {
            connect.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void connectorInstalledFromTheArchiveStreamsARecordFromItsOwnClassLoader() throws Exception {
        assertThatThrownBy(() -> connect.loader().loadClass(CONNECTOR_CLASS))
                .as("the worker's class path does not hold the connector").isInstanceOf(ClassNotFoundException.class);
        Path pluginDir = onlyPluginDirectory();

        JsonNode plugins = mapper.readTree(connect.get("connector-plugins"));
        JsonNode ours = StreamSupport.stream(plugins.spliterator(), false)
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
        awaitRunning();

        connect.produce(TOPIC, "k", "{\"x\": 7, \"y\": 42.5}");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertNotFailed(); // a failed task will never deliver: say why now
            return !receiver.lines().isEmpty();
        });
        LoopbackStreamReceiver.Line line = receiver.lines().get(0);
        assertThat(line.token()).isEqualTo("install-check-token");
        JsonNode point = mapper.readTree(line.json());
        assertThat(point.get("x").asDouble()).isEqualTo(7.0);
        assertThat(point.get("y").asDouble()).isEqualTo(42.5);
        assertThat(receiver.problems()).isEmpty();

        ClassLoader loader = taskClassLoader().orElseThrow(() -> new AssertionError(
                "no task thread of " + CONNECTOR + " runs in a " + PLUGIN_CLASS_LOADER));
        String location = (String) loader.getClass().getMethod("location").invoke(loader);
        assertThat(locationPath(location)).as("the task runs from the unpacked archive")
                .startsWith(pluginPath.toAbsolutePath().normalize());
    }

    private void awaitRunning() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreException(IOException.class)
                .until(() -> {
                    JsonNode status = assertNotFailed();
                    return "RUNNING".equals(status.at("/connector/state").asText()) && status.path("tasks").size() == 1
                            && "RUNNING".equals(status.at("/tasks/0/state").asText());
                });
    }

    /** The connector's status; throws with the worker's stack trace when it or a task failed. */
    private JsonNode assertNotFailed() throws IOException, InterruptedException {
        JsonNode status = mapper.readTree(connect.get("connectors/" + CONNECTOR + "/status"));
        if ("FAILED".equals(status.at("/connector/state").asText())) {
            throw new AssertionError("connector failed: " + status.at("/connector/trace").asText());
        }
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                throw new AssertionError("task " + task.path("id") + " failed: " + task.path("trace").asText());
            }
        }
        return status;
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

    private String manifestVersion(Path pluginDir) throws IOException {
        return mapper.readTree(pluginDir.resolve("manifest.json").toFile()).get("version").asText();
    }

    /** A plugin location is a file: URL in current Connect versions, a plain path in older ones. */
    private static Path locationPath(String location) {
        Path path = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        return path.toAbsolutePath().normalize();
    }

    /** Connect runs each task on a thread whose context class loader is the plugin's loader. */
    private static Optional<ClassLoader> taskClassLoader() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("task-thread-" + CONNECTOR + "-"))
                .map(Thread::getContextClassLoader)
                .filter(l -> l != null && l.getClass().getName().equals(PLUGIN_CLASS_LOADER))
                .findFirst();
    }
}
