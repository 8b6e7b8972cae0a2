package io.plotstream.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

/**
 * A real Kafka Connect worker in distributed mode, in this JVM (what {@code connect-distributed.sh}
 * runs: {@link ConnectDistributed} on the given properties), and the REST calls the demo makes to
 * it. Works against the embedded broker or any existing Kafka.
 *
 * <p>The worker registers its own JVM shutdown hook, which on Ctrl-C stops it concurrently with
 * ours: {@link #close} therefore waits for the stop to finish, so the broker is never stopped
 * under a worker that is still committing offsets.
 */
final class DemoConnectWorker implements AutoCloseable {

    static final String GROUP_ID = "plotly-demo-connect";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Connect<?> worker;
    private final URI restUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper mapper = new ObjectMapper();

    private DemoConnectWorker(Connect<?> worker) {
        this.worker = worker;
        this.restUrl = worker.rest().serverUrl(); // kept: the REST server forgets it once it stops
    }

    static DemoConnectWorker start(String bootstrapServers) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", GROUP_ID);
        props.put("listeners", "http://127.0.0.1:0");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "false");
        props.put("config.storage.topic", GROUP_ID + "-configs");
        props.put("offset.storage.topic", GROUP_ID + "-offsets");
        props.put("status.storage.topic", GROUP_ID + "-status");
        // -1: the broker's default replication factor, right for one embedded broker and for a real cluster
        props.put("config.storage.replication.factor", "-1");
        props.put("offset.storage.replication.factor", "-1");
        props.put("status.storage.replication.factor", "-1");
        props.put("offset.flush.interval.ms", "5000");
        // The connector is on this JVM's class path and ships a ServiceLoader manifest: skip the slow scan.
        props.put("plugin.discovery", "service_load");
        return new DemoConnectWorker(new ConnectDistributed().startConnect(props));
    }

    URI restUrl() {
        return restUrl;
    }

    /**
     * Creates or updates the connector of a REST-form JSON file ({@code {"name", "config"}}) with
     * {@code PUT /connectors/{name}/config}, pointing it at {@code streamUrl}.
     *
     * @return the connector's name
     */
    String deploy(Path connectorFile, String streamUrl) throws IOException, InterruptedException {
        JsonNode root = mapper.readTree(connectorFile.toFile());
        if (!root.hasNonNull("name") || !root.path("config").isObject()) {
            throw new IOException(connectorFile + ": expected {\"name\": ..., \"config\": {...}} as for POST /connectors");
        }
        String name = root.get("name").asText();
        ObjectNode config = ((ObjectNode) root.get("config")).deepCopy();
        config.put("plotly.stream.url", streamUrl);
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint("connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(config))));
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IOException("deploying " + name + " failed with HTTP " + response.statusCode() + ": "
                    + response.body());
        }
        return name;
    }

    /**
     * Waits until the connector and all its tasks run.
     *
     * @throws IOException with the worker's stack trace when the connector or a task failed
     */
    void awaitRunning(String name, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no status yet";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint("connectors/" + name + "/status")).GET());
            if (response.statusCode() == 200) {
                JsonNode status = mapper.readTree(response.body());
                last = response.body();
                failIfFailed(name, status);
                boolean tasksRunning = status.path("tasks").size() > 0;
                for (JsonNode task : status.path("tasks")) {
                    tasksRunning &= "RUNNING".equals(task.path("state").asText());
                }
                if ("RUNNING".equals(status.at("/connector/state").asText()) && tasksRunning) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new IOException("connector " + name + " is not running after " + timeout.toSeconds() + " s: " + last);
    }

    private static void failIfFailed(String name, JsonNode status) throws IOException {
        if ("FAILED".equals(status.at("/connector/state").asText())) {
            throw new IOException("connector " + name + " failed: " + status.at("/connector/trace").asText());
        }
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                throw new IOException("task " + name + "-" + task.path("id").asInt() + " failed: "
                        + task.path("trace").asText());
            }
        }
    }

    /** Deletes the connector, so its tasks close their streams cleanly while the server is still up. */
    void delete(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint("connectors/" + name)).DELETE());
        if (response.statusCode() != 204 && response.statusCode() != 404) {
            throw new IOException("deleting " + name + " failed with HTTP " + response.statusCode() + ": " + response.body());
        }
    }

    private URI endpoint(String path) {
        String base = restUrl.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the worker (or joins the stop its own shutdown hook began) and waits until it is done. */
    @Override
    public void close() {
        worker.stop();
        worker.awaitStop();
    }
}
