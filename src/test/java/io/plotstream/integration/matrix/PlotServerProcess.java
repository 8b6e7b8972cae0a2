package io.plotstream.integration.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plot server as users run it, {@code java -jar plot-server.jar}, in its own OS process on a
 * fixed port and data directory, so a test can {@code kill -9} it and start it again where it was.
 */
final class PlotServerProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STREAMS_BY_TOKEN =
            Pattern.compile("^plotserver_active_streams_by_token\\{[^}]*\\} (\\d+)", Pattern.MULTILINE);

    private final Path java;
    private final Path jar;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private Duration snapshot;
    private Path plotsDir;

    private PlotServerProcess(Path java, Path jar, Path dataDir, Path log, int port) {
        this.java = java;
        this.jar = jar;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
    }

    /** Starts the server with its default snapshot interval. */
    static PlotServerProcess start(Path java, Path jar, Path workDir) throws IOException, InterruptedException {
        return start(java, jar, workDir, null);
    }

    /** @param snapshotInterval {@code --snapshot-interval}, or null for the server's default */
    static PlotServerProcess start(Path java, Path jar, Path workDir, Duration snapshotInterval)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PlotServerProcess server = new PlotServerProcess(java, jar, Files.createDirectories(workDir.resolve("data")),
                workDir.resolve("server.log"), port);
        server.launch(snapshotInterval, Files.createDirectories(workDir.resolve("plots")));
        return server;
    }

    private void launch(Duration snapshotInterval, Path plots) throws IOException, InterruptedException {
        this.snapshot = snapshotInterval;
        this.plotsDir = plots;
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-jar", jar.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--data-dir", dataDir.toString(),
                "--plots-dir", plots.toString(), "--max-streams-per-token", "8"));
        if (snapshotInterval != null) {
            command.addAll(List.of("--snapshot-interval", snapshotInterval.toMillis() + "ms"));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the plot server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (send(HttpRequest.newBuilder(uri("/healthz")).GET().build()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the plot server did not answer /healthz within 60 s; see " + log);
    }

    /** {@code kill -9}: no shutdown hook, no last snapshot. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts again on the same port and data directory. */
    void restart() throws IOException, InterruptedException {
        launch(snapshot, plotsDir);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    void definePlot(String id, String token, int maxPoints) throws IOException, InterruptedException {
        ObjectNode figure = JSON.createObjectNode();
        ObjectNode trace = figure.putArray("data").addObject();
        trace.put("type", "scatter");
        trace.putObject("stream").put("token", token).put("maxpoints", maxPoints);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/plots/" + id))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(figure.toString())).build());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("PUT /api/plots/" + id + " → " + response.statusCode() + ": " + response.body());
        }
    }

    /** The y values of the plot's first trace. */
    List<Long> yValues(String plotId) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/plots/" + plotId)).GET().build());
        if (response.statusCode() != 200) {
            throw new IOException("GET /api/plots/" + plotId + " → " + response.statusCode());
        }
        List<Long> values = new ArrayList<>();
        JsonNode y = JSON.readTree(response.body()).path("figure").path("data").path(0).path("y");
        y.forEach(v -> values.add(v.asLong()));
        return values;
    }

    /** The largest number of streams open now for any one token. */
    int maxStreamsForAnyToken() throws IOException, InterruptedException {
        String metrics = send(HttpRequest.newBuilder(uri("/metrics")).GET().build()).body();
        Matcher matcher = STREAMS_BY_TOKEN.matcher(metrics);
        int max = 0;
        while (matcher.find()) {
            max = Math.max(max, Integer.parseInt(matcher.group(1)));
        }
        return max;
    }

    private URI uri(String path) {
        return URI.create(url() + path);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
