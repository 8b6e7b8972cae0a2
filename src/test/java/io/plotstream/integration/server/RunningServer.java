package io.plotstream.integration.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.PlotServer;
import io.plotstream.server.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A plot server on a free loopback port over a given data directory, with a small REST client. */
final class RunningServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final PlotServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RunningServer(Path dataDir, UnaryOperator<ServerConfig.Builder> settings) {
        this(dataDir, settings, io.plotstream.server.log.ChannelFactory.FILES);
    }

    /** With the operation log's segment files opened by {@code logChannels} (a failing disk). */
    RunningServer(Path dataDir, UnaryOperator<ServerConfig.Builder> settings, io.plotstream.server.log.ChannelFactory logChannels) {
        ServerConfig config = settings.apply(ServerConfig.builder()
                .port(0)
                .bind("127.0.0.1")
                .dataDir(dataDir)
                .plotsDir(dataDir.resolve("no-figure-files"))).build();
        server = new PlotServer(config, logChannels);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("server did not start", e);
        }
    }

    int port() {
        return server.getPort();
    }

    RawStream openStream() {
        return new RawStream(port());
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                // The JDK client can reuse a pooled connection the server closed after answering a request
                // whose body it did not read (a 401 before the body); the request then never reached the
                // server, so sending it once more on a fresh connection is safe.
                if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                    throw e;
                }
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a plot (no admin key configured) and returns its id. */
    String createPlot(String figureJson) {
        HttpResponse<String> response = send("POST", "/api/plots", figureJson);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("create failed: " + response.statusCode() + " " + response.body());
        }
        return json(response.body()).get("id").asText();
    }

    /** GET /api/plots/{id} as JSON (fails unless 200). */
    JsonNode plot(String id) {
        HttpResponse<String> response = send("GET", "/api/plots/" + id, null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET plot " + id + ": " + response.statusCode() + " " + response.body());
        }
        return json(response.body());
    }

    /** The first trace of the plot's figure. */
    JsonNode trace(String id, int index) {
        return plot(id).path("figure").path("data").get(index);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
