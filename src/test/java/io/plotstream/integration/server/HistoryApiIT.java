package io.plotstream.integration.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Time windows, history and thresholds through a real server: points streamed with the protocol, read over REST. */
class HistoryApiIT {

    @TempDir
    Path dataDir;
    private RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void stream(RunningServer on, String token, int from, int to) {
        try (RawStream stream = on.openStream()) {
            stream.begin(token);
            for (int i = from; i < to; i++) {
                stream.line("{\"x\":" + i + ",\"y\":" + (i % 100) + "}");
            }
            assertThat(stream.finish().reply(10_000).status()).isEqualTo(200);
        }
    }

    private JsonNode history(RunningServer on, String query) {
        HttpResponse<String> response = on.send("GET", "/api/plots/hist/history" + query, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RunningServer.json(response.body());
    }

    private String error(String path) {
        HttpResponse<String> response = server.send("GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return RunningServer.json(response.body()).path("error").asText();
    }

    @Test
    void historyBeyondTheWindowIsAnsweredDownsampledAndTheWindowRaw() {
        server = new RunningServer(dataDir, b -> b);
        server.createPlot("{\"id\":\"hist\",\"data\":[{\"stream\":{\"token\":\"histtok01\",\"maxpoints\":50}}]}");
        stream(server, "histtok01", 0, 5000);

        JsonNode all = history(server, "?points=500");
        assertThat(all.path("plot").asText()).isEqualTo("hist");
        JsonNode trace = all.path("traces").get(0);
        assertThat(trace.path("index").asInt()).isZero();
        assertThat(trace.path("x").size()).isBetween(100, 500).isEqualTo(trace.path("y").size());
        assertThat(trace.path("bucket").asText()).isNotEqualTo("raw");
        assertThat(trace.path("x").get(0).asInt()).isZero();
        assertThat(trace.path("x").get(trace.path("x").size() - 1).asInt()).isEqualTo(4999);
        double previous = -1;
        for (JsonNode x : trace.path("x")) {
            assertThat(x.asDouble()).isGreaterThanOrEqualTo(previous);
            previous = x.asDouble();
        }

        JsonNode window = history(server, "?from=4950&to=4999").path("traces").get(0);
        assertThat(window.path("bucket").asText()).isEqualTo("raw");
        assertThat(window.path("x").size()).isEqualTo(50);
        assertThat(window.path("y").get(0).asInt()).isEqualTo(50);

        JsonNode old = history(server, "?from=1000&to=1999&points=20000").path("traces").get(0);
        assertThat(old.path("x").size()).isPositive();
        old.path("x").forEach(x -> assertThat(x.asInt()).isBetween(1000, 1999));
        old.path("y").forEach(y -> assertThat(y.asInt()).isBetween(0, 99));
    }

    @Test
    void csvExportsARangeOfHistoryAndWindow() {
        server = new RunningServer(dataDir, b -> b);
        server.createPlot("{\"id\":\"hist\",\"data\":[{\"stream\":{\"token\":\"histtok01\",\"maxpoints\":50}}]}");
        stream(server, "histtok01", 0, 3000);
        HttpResponse<String> csv = server.send("GET", "/api/plots/hist/data.csv?from=100&to=2999", null);
        assertThat(csv.statusCode()).isEqualTo(200);
        String[] rows = csv.body().split("\r\n");
        assertThat(rows[0]).isEqualTo("trace,x,y,text,marker.color,marker.size");
        assertThat(rows.length).isGreaterThan(50 + 100);
        for (int i = 1; i < rows.length; i++) {
            String[] cells = rows[i].split(",", -1);
            assertThat(cells[0]).isEqualTo("0");
            assertThat(Double.parseDouble(cells[1])).isBetween(100.0, 2999.0);
        }
        assertThat(rows[rows.length - 1]).isEqualTo("0,2999,99,,,");
        assertThat(server.send("GET", "/api/plots/hist/data.csv", null).body().split("\r\n")).as("without a range: the window").hasSize(51);
        assertThat(error("/api/plots/hist/data.csv?from=9&to=1")).isEqualTo("from 9 is after to 1");
    }

    @Test
    void badParametersGet400NamingThem() {
        server = new RunningServer(dataDir, b -> b);
        server.createPlot("{\"id\":\"hist\",\"data\":[{\"stream\":{\"token\":\"histtok01\",\"maxpoints\":5}}]}");
        stream(server, "histtok01", 0, 10);
        assertThat(error("/api/plots/hist/history?points=0")).isEqualTo("points: expected a whole number 1..20000, was '0'");
        assertThat(error("/api/plots/hist/history?points=20001")).startsWith("points: ");
        assertThat(error("/api/plots/hist/history?from=10&to=5")).isEqualTo("from 10 is after to 5");
        assertThat(error("/api/plots/hist/history?from=abc")).isEqualTo("from: expected a number, was 'abc'");
        assertThat(error("/api/plots/hist/history?to=" + URLEncoder.encode("2026-12-01 10:00:00", StandardCharsets.UTF_8)))
                .startsWith("to: the plot's x values are numbers");
        assertThat(server.send("GET", "/api/plots/nope/history", null).statusCode()).isEqualTo(404);
        assertThat(server.send("POST", "/api/plots/hist/history", "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void historyNeedsTheViewKeyLikeOtherReads() {
        server = new RunningServer(dataDir, b -> b.viewKey("view-secret").adminKey("admin-secret"));
        assertThat(server.send("POST", "/api/plots", "{\"id\":\"hist\",\"data\":[{\"stream\":{\"token\":\"histtok01\"}}]}",
                "X-Admin-Key", "admin-secret").statusCode()).isEqualTo(201);
        assertThat(server.send("GET", "/api/plots/hist/history", null).statusCode()).isEqualTo(401);
        assertThat(server.send("GET", "/api/plots/hist/history?key=view-secret", null).statusCode()).isEqualTo(200);
    }

    @Test
    void historyAndThresholdsSurviveARestart() {
        try (RunningServer first = new RunningServer(dataDir, b -> b)) {
            first.createPlot("{\"id\":\"hist\",\"data\":[{\"stream\":{\"token\":\"histtok01\",\"maxpoints\":20}}],"
                    + "\"thresholds\":[{\"y\":90,\"label\":\"critical\"}]}");
            stream(first, "histtok01", 0, 2000);
            String before = history(first, "?points=300").toString();
            first.close();
            try (RunningServer second = new RunningServer(dataDir, b -> b)) {
                assertThat(history(second, "?points=300").toString()).isEqualTo(before);
                JsonNode plot = second.plot("hist");
                assertThat(plot.path("thresholds").toString()).isEqualTo("[{\"y\":90,\"label\":\"critical\"}]");
                assertThat(plot.path("figure").path("layout").path("shapes").get(0).path("y0").asInt()).isEqualTo(90);
                assertThat(plot.path("figure").path("layout").path("annotations").get(0).path("text").asText()).isEqualTo("critical");
                assertThat(plot.path("lastUpdateMs").asLong()).isPositive();
            }
        }
    }

    @Test
    void aQuietStreamsPointsAgeOutOfTheWindowIntoTheHistory() {
        server = new RunningServer(dataDir, b -> b);
        server.createPlot("{\"id\":\"hist\",\"data\":[{\"stream\":{\"token\":\"histtok01\",\"maxage\":\"1s\"}}]}");
        stream(server, "histtok01", 0, 10);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> server.trace("hist", 0).path("x").isArray() && server.trace("hist", 0).path("x").isEmpty());
        JsonNode trace = history(server, "").path("traces").get(0);
        assertThat(trace.path("x").get(0).asInt()).isZero();
        assertThat(trace.path("x").get(trace.path("x").size() - 1).asInt()).isEqualTo(9);
        assertThat(server.send("POST", "/api/plots", "{\"data\":[{\"stream\":{\"maxage\":\"soon\"}}]}").body())
                .contains("data[0].stream.maxage: expected a duration like 30s, 5m, 2h, 1d or PT5M, was 'soon'");
    }

    @Test
    void aViewerOfAQuietTimeLimitedTraceGetsAnExtendThatEmptiesIt() throws Exception {
        server = new RunningServer(dataDir, b -> b);
        server.createPlot("{\"id\":\"hist\",\"data\":[{\"stream\":{\"token\":\"histtok01\",\"maxage\":\"2s\"}}]}");
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws/plots/hist"), new Collecting(frames)).join();
        try {
            JsonNode snapshot = RunningServer.json(frames.poll(10, TimeUnit.SECONDS));
            assertThat(snapshot.path("type").asText()).isEqualTo("snapshot");
            stream(server, "histtok01", 0, 3);
            int shown = 0;
            JsonNode frame;
            do { // extends with the three points (maybe several), then the one that empties the trace
                String text = frames.poll(10, TimeUnit.SECONDS);
                assertThat(text).as("a frame within 10 s").isNotNull();
                frame = RunningServer.json(text);
                assertThat(frame.path("type").asText()).isEqualTo("extend");
                shown += frame.path("update").path("x").get(0).size();
                shown = Math.min(shown, frame.path("maxPoints").get(0).asInt());
            } while (frame.path("maxPoints").get(0).asInt() != 0);
            assertThat(frame.path("update").path("x").toString()).isEqualTo("[[]]");
            assertThat(frame.path("traceIndices").toString()).isEqualTo("[0]");
            assertThat(shown).isZero();
        } finally {
            socket.abort();
        }
    }

    private static final class Collecting implements WebSocket.Listener {
        private final BlockingQueue<String> frames;
        private final StringBuilder partial = new StringBuilder();

        Collecting(BlockingQueue<String> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
