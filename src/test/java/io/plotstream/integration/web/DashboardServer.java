package io.plotstream.integration.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.PlotServer;
import io.plotstream.server.ServerConfig;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The real plot server on loopback with an admin key, driven through its public HTTP API (plots,
 * dashboards) and fed over the streaming protocol, for the dashboard browser tests and the browser
 * benchmark.
 */
public final class DashboardServer implements AutoCloseable {

    public static final String ADMIN_KEY = "admin-key-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Plotly's date string, in UTC as the page's clock sees it (plotly draws dates without zone). */
    private static final DateTimeFormatter PLOTLY_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final PlotServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DashboardServer(PlotServer server) {
        this.server = server;
    }

    public static DashboardServer start(Path dataDir) throws Exception {
        return start(dataDir, builder -> { });
    }

    public static DashboardServer start(Path dataDir, Consumer<ServerConfig.Builder> tune) throws Exception {
        ServerConfig.Builder config = ServerConfig.builder().port(0).bind("127.0.0.1")
                .dataDir(dataDir.resolve("data")).adminKey(ADMIN_KEY);
        tune.accept(config);
        PlotServer server = new PlotServer(config.build());
        server.start();
        return new DashboardServer(server);
    }

    public PlotServer server() {
        return server;
    }

    public int port() {
        return server.getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    /** Defines a one-trace line plot fed by {@code token}, keeping {@code maxPoints} points. */
    public void definePlot(String id, String title, String token, int maxPoints) {
        ObjectNode figure = JSON.createObjectNode();
        ObjectNode trace = figure.putArray("data").addObject();
        trace.put("type", "scatter").put("mode", "lines").put("name", title);
        trace.putObject("stream").put("token", token).put("maxpoints", maxPoints);
        figure.putObject("layout").putObject("title").put("text", title);
        Answer answer = send("PUT", "/api/plots/" + id, figure.toString(), ADMIN_KEY);
        if (answer.status() >= 300) {
            throw new IllegalStateException("PUT /api/plots/" + id + " → " + answer);
        }
    }

    public void deletePlot(String id) {
        Answer answer = send("DELETE", "/api/plots/" + id, null, ADMIN_KEY);
        if (answer.status() >= 300) {
            throw new IllegalStateException("DELETE /api/plots/" + id + " → " + answer);
        }
    }

    /** PUT /api/dashboards/{id} with the admin key; fails the caller unless stored. */
    public void putDashboard(String id, String json) {
        Answer answer = send("PUT", "/api/dashboards/" + id, json, ADMIN_KEY);
        if (answer.status() >= 300) {
            throw new IllegalStateException("PUT /api/dashboards/" + id + " → " + answer);
        }
    }

    public JsonNode dashboard(String id) {
        Answer answer = send("GET", "/api/dashboards/" + id, null, null);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET /api/dashboards/" + id + " → " + answer);
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record Answer(int status, String body, Map<String, java.util.List<String>> headers) {
        @Override
        public String toString() {
            return status + ": " + body;
        }
    }

    public Answer send(String method, String path, String body, String adminKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (adminKey != null) {
            request.header("Authorization", "Bearer " + adminKey);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts a paced stream of {@code rate} points/s into {@code token}: x the wall clock as a date, y a wave. */
    public Feed feed(String token, int rate) {
        return Feed.start(server.getPort(), token, rate);
    }

    @Override
    public void close() {
        server.stop();
    }

    /**
     * One stream on the wire as a client writes it ({@code POST /}, {@code plotly-streamtoken},
     * chunked NDJSON), paced to {@code rate} lines a second in chunks of at most 1/50 s.
     */
    public static final class Feed implements AutoCloseable {
        private final Socket socket;
        private final Thread thread;
        private final AtomicLong lines = new AtomicLong();
        private volatile boolean running = true;
        private volatile Exception failure;

        private Feed(Socket socket, String token, int rate) {
            this.socket = socket;
            this.thread = new Thread(() -> run(token, rate), "feed-" + token);
            thread.setDaemon(true);
        }

        static Feed start(int port, String token, int rate) {
            try {
                Socket socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                Feed feed = new Feed(socket, token, rate);
                feed.thread.start();
                return feed;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public long lines() {
            return lines.get();
        }

        public Exception failure() {
            return failure;
        }

        private void run(String token, int rate) {
            try {
                OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: "
                        + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                int perChunk = Math.max(1, rate / 50);
                long interval = TimeUnit.SECONDS.toNanos(1) * perChunk / Math.max(1, rate);
                long next = System.nanoTime();
                long seq = 0;
                StringBuilder chunk = new StringBuilder(perChunk * 48);
                while (running) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                        continue;
                    }
                    next += interval;
                    chunk.setLength(0);
                    long now = System.currentTimeMillis();
                    for (int i = 0; i < perChunk; i++, seq++) {
                        // spread the chunk's points over its interval so x keeps increasing
                        long at = now - (perChunk - 1 - i) * (interval / perChunk) / 1_000_000;
                        String x = PLOTLY_DATE.format(LocalDateTime.ofEpochSecond(at / 1000, (int) (at % 1000) * 1_000_000, ZoneOffset.UTC));
                        double y = Math.sin(seq / 300.0) * 10 + Math.sin(seq / 37.0) * 2 + 20;
                        chunk.append("{\"x\":\"").append(x).append("\",\"y\":").append(Math.round(y * 1000) / 1000.0).append("}\n");
                    }
                    byte[] bytes = chunk.toString().getBytes(StandardCharsets.US_ASCII);
                    out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    lines.addAndGet(perChunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                if (running) {
                    failure = e;
                }
            }
        }

        /** Ends the stream (the last chunk) and closes the socket. */
        @Override
        public void close() {
            running = false;
            try {
                thread.join(2000);
                socket.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
