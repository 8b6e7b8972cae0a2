package io.plotstream.integration.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.testing.HaproxyProcess;
import io.plotstream.testing.PlotServerNodes;
import io.plotstream.testing.RedisServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deployment the cluster ITs run: one redis-server (AOF), N plot-server JVMs on it, and HAProxy
 * with docker/cluster/haproxy.cfg in front, every node UP in HAProxy's health checks before a test
 * starts. Plus the REST calls the tests make against any node or the balancer, and the clients a
 * test {@link #track}s, closed before the deployment.
 */
final class ClusterNodes implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final RedisServerProcess redis;
    final PlotServerNodes nodes;
    final HaproxyProcess haproxy;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<AutoCloseable> clients = new ArrayList<>();

    private ClusterNodes(RedisServerProcess redis, PlotServerNodes nodes, HaproxyProcess haproxy) {
        this.redis = redis;
        this.nodes = nodes;
        this.haproxy = haproxy;
    }

    static ClusterNodes start(Path work, int count, List<String> nodeArguments) throws Exception {
        HaproxyProcess.binary(); // skip before starting anything when HAProxy is missing
        RedisServerProcess redis = RedisServerProcess.start(work.resolve("redis"));
        PlotServerNodes nodes = null;
        try {
            nodes = PlotServerNodes.start(work, redis.uri(), count, nodeArguments);
            HaproxyProcess haproxy = HaproxyProcess.start(work.resolve("haproxy"), nodes.ports());
            for (PlotServerNodes.Node node : nodes.nodes()) {
                haproxy.awaitServerStatus(node.id(), "UP");
            }
            return new ClusterNodes(redis, nodes, haproxy);
        } catch (Exception | Error e) {
            if (nodes != null) {
                nodes.close();
            }
            redis.close();
            throw e;
        }
    }

    /**
     * PUT /api/plots/{id} through {@code baseUrl} (fails on anything but 2xx), then waits until every
     * live node holds the plot: a definition made through one node is on every node within a second
     * (a node that meets the plot after its steward checkpointed it loads it from the checkpoint).
     */
    void definePlot(String baseUrl, String id, String figure) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/plots/" + id))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(figure)).build());
        if (response.statusCode() >= 300) {
            throw new AssertionError("PUT " + baseUrl + "/api/plots/" + id + " → " + response.statusCode() + ": " + response.body());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> missing = missingOn(id);
        while (!missing.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("plot " + id + " defined through " + baseUrl + " is still missing on " + missing + " after 5 s");
            }
            Thread.sleep(20); // polling interval of a condition wait
            missing = missingOn(id);
        }
    }

    /**
     * Waits until every node holds the plot: a plot defined through one node is on the others once
     * their tails applied the definition (within a second normally); a stream that the balancer sends
     * to a node before that answers 404, so the tests wait as a deployment script would.
     */
    void awaitPlotOnEveryNode(String id, Duration wait) throws InterruptedException {
        for (PlotServerNodes.Node node : nodes.nodes()) {
            node.await("plot " + id + " defined", wait, () -> trace(node.url(), id).isPresent());
        }
    }

    /** A writer or viewer of the test's, closed by {@link #close} before the nodes go. */
    <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    private List<String> missingOn(String id) {
        List<String> missing = new ArrayList<>();
        for (PlotServerNodes.Node node : nodes.nodes()) {
            if (node.isAlive() && trace(node.url(), id).isEmpty()) {
                missing.add(node.id());
            }
        }
        return missing;
    }

    /** The plot's first trace as {@code GET /api/plots/{id}} on {@code baseUrl} answers it, or empty when not 200. */
    Optional<JsonNode> trace(String baseUrl, String id) {
        try {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/plots/" + id))
                    .timeout(Duration.ofSeconds(3)).build());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(response.body()).path("figure").path("data").path(0));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The y values of the plot's first trace on {@code baseUrl} (empty list when the plot is not there). */
    List<Double> yValues(String baseUrl, String id) {
        List<Double> ys = new ArrayList<>();
        trace(baseUrl, id).ifPresent(trace -> trace.path("y").forEach(y -> ys.add(y.asDouble())));
        return ys;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        try {
            for (AutoCloseable client : clients) {
                client.close();
            }
        } finally {
            closeDeployment();
        }
    }

    private void closeDeployment() throws InterruptedException {
        try {
            haproxy.close();
        } finally {
            try {
                nodes.close();
            } finally {
                redis.close();
            }
        }
    }
}
