package io.plotstream.integration.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.PlotServer;
import io.plotstream.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real live plot server on loopback, driven through its public HTTP API only (the way a user
 * or a dashboard sees it). It can be stopped and started again on the same port and data
 * directory, to play a server outage.
 */
public final class PlotServerFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STREAMS_BY_TOKEN =
            Pattern.compile("^plotserver_active_streams_by_token\\{[^}]*\\} (\\d+)", Pattern.MULTILINE);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path dataDir;
    private final boolean openMode;
    private PlotServer server;
    private int port;

    private PlotServerFixture(Path dataDir, boolean openMode) {
        this.dataDir = dataDir;
        this.openMode = openMode;
    }

    public static PlotServerFixture start(Path dataDir, boolean openMode) throws Exception {
        PlotServerFixture fixture = new PlotServerFixture(dataDir, openMode);
        fixture.startServer(0);
        return fixture;
    }

    private void startServer(int onPort) throws Exception {
        server = new PlotServer(ServerConfig.builder().port(onPort).bind("127.0.0.1").dataDir(dataDir)
                .openMode(openMode).maxStreamsPerToken(8).build());
        server.start();
        port = server.getPort();
    }

    /** The address the connector streams to. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public void stop() {
        server.stop();
    }

    /** Starts again on the same port and data directory, as an operator restarting it would. */
    public void restart() throws Exception {
        startServer(port);
    }

    /** Defines a one-trace plot fed by {@code token}, keeping up to {@code maxPoints} points. */
    public void definePlot(String id, String token, int maxPoints) throws IOException, InterruptedException {
        ObjectNode figure = JSON.createObjectNode();
        ObjectNode trace = figure.putArray("data").addObject();
        trace.put("type", "scatter");
        trace.putObject("stream").put("token", token).put("maxpoints", maxPoints);
        figure.putObject("layout").putObject("title").put("text", id);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + "/api/plots/" + id))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(figure.toString())).build());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("PUT /api/plots/" + id + " → " + response.statusCode() + ": " + response.body());
        }
    }

    /** The plot's first trace as the server holds it now: {"x": [...], "y": [...], "text": [...]}. */
    public JsonNode trace(String plotId) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + "/api/plots/" + plotId)).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/plots/" + plotId + " → " + response.statusCode());
        }
        return JSON.readTree(response.body()).path("figure").path("data").path(0);
    }

    /** The y values of the plot's first trace, as longs. */
    public List<Long> yValues(String plotId) throws IOException, InterruptedException {
        List<Long> values = new ArrayList<>();
        trace(plotId).path("y").forEach(v -> values.add(v.asLong()));
        return values;
    }

    /** Streams open now for one token, and the largest count seen for any token. */
    public int maxStreamsForAnyToken() throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + "/metrics")).GET().build());
        Matcher matcher = STREAMS_BY_TOKEN.matcher(response.body());
        int max = 0;
        while (matcher.find()) {
            max = Math.max(max, Integer.parseInt(matcher.group(1)));
        }
        return max;
    }

    /** Streams open now, over all tokens. */
    public int activeStreams() throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url() + "/healthz")).GET().build());
        return JSON.readTree(response.body()).path("streams").asInt();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
