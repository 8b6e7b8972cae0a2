package io.plotstream.integration.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.dashboard.Dashboard;
import io.plotstream.server.dashboard.DashboardReader;
import io.plotstream.server.dashboard.Panel;
import io.plotstream.server.web.InMemoryPlots;
import io.plotstream.server.web.ViewerModule;
import io.plotstream.server.web.ViewerOptions;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The viewer module over real HTTP and WebSocket, without a browser. */
class ViewerHttpIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ViewerTestServer server;
    private DashboardServer dashboardServer;

    private ViewerTestServer start(ViewerOptions options) throws Exception {
        server = new ViewerTestServer(options);
        server.plots.create("temps", "Temperatures", 500, "a");
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (dashboardServer != null) {
            dashboardServer.close();
        }
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void plotPageForbidsInlineScriptSniffingAndFraming() throws Exception {
        start(ViewerOptions.defaults());

        HttpResponse<byte[]> page = get("/plots/temps");

        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-eval").contains("frame-ancestors 'none'");
        assertThat(csp.substring(csp.indexOf("script-src"), csp.indexOf(';', csp.indexOf("script-src"))))
                .doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(text(page)).contains("data-plot-id=\"temps\"").contains("/api/plots/temps/data.csv")
                .doesNotContain("<script>");
    }

    @Test
    void mountedBehindTheCoreHandlersItGetsOnlyWhatTheyLeave() throws Exception {
        start(ViewerOptions.defaults());

        assertThat(text(get("/healthz"))).isEqualTo("ok\n");
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void embedViewMayBeFramedByAnySite() throws Exception {
        start(ViewerOptions.defaults());

        HttpResponse<byte[]> embed = get("/embed/temps");

        assertThat(embed.statusCode()).isEqualTo(200);
        assertThat(embed.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors *").contains("script-src 'self'");
        assertThat(embed.headers().firstValue("X-Frame-Options")).isEmpty();
        assertThat(text(embed)).doesNotContain("id=\"pause\"");
    }

    @Test
    void plotlyComesFromTheWebJarGzippedAndCachedForAYear() throws Exception {
        start(ViewerOptions.defaults());
        String page = text(get("/plots/temps"));
        String src = page.replaceAll("(?s).*<script src=\"(/assets/vendor/[^\"]+)\".*", "$1");
        assertThat(src).isEqualTo("/assets/vendor/plotly.js-dist/3.3.1/plotly.js");

        HttpResponse<byte[]> gzipped = get(src, "Accept-Encoding", "gzip");

        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gzipped.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=31536000").contains("immutable");
        assertThat(gzipped.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes();
        assertThat(gzipped.body().length).isLessThan(plain.length / 3);
        assertThat(new String(plain, 0, 4000, StandardCharsets.UTF_8)).containsIgnoringCase("plotly");
    }

    @Test
    void ownAssetsRevalidateByEtag() throws Exception {
        start(ViewerOptions.defaults());
        HttpResponse<byte[]> first = get("/assets/app/live-socket.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<byte[]> again = get("/assets/app/live-socket.js", "If-None-Match", etag);

        assertThat(first.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void unknownPlotsAssetsAndPathsAre404() throws Exception {
        start(ViewerOptions.defaults());

        assertThat(get("/plots/nope").statusCode()).isEqualTo(404);
        assertThat(get("/embed/nope").statusCode()).isEqualTo(404);
        assertThat(get("/plots/..%2F..%2Fetc").statusCode()).isIn(400, 404);
        assertThat(get("/assets/app/../../web/plot.html").statusCode()).isIn(400, 404);
        assertThat(get("/somewhere").statusCode()).isEqualTo(404);
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        start(ViewerOptions.defaults());
        HttpRequest delete = HttpRequest.newBuilder(URI.create(server.url("/plots/temps"))).DELETE().build();

        assertThat(http.send(delete, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(405);
    }

    @Test
    void indexJsonListsPlotsWithCountsAndLastUpdate() throws Exception {
        start(ViewerOptions.defaults());
        server.plots.append("temps", 0, 1, 20.5);
        server.plots.append("temps", 0, 2, 21.0);

        HttpResponse<byte[]> index = get("/plots.json");

        JsonNode plots = MAPPER.readTree(index.body());
        assertThat(index.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(plots).hasSize(1);
        assertThat(plots.at("/0/id").asText()).isEqualTo("temps");
        assertThat(plots.at("/0/title").asText()).isEqualTo("Temperatures");
        assertThat(plots.at("/0/points").asLong()).isEqualTo(2);
        assertThat(plots.at("/0/lastUpdateMs").asLong()).isPositive();
    }

    @Test
    void viewKeyGuardsPagesDataAndSocketButNotStaticAssets() throws Exception {
        start(ViewerOptions.defaults().withViewKey("s3cret-view"));

        assertThat(get("/").statusCode()).isEqualTo(403);
        assertThat(get("/plots.json").statusCode()).isEqualTo(403);
        assertThat(get("/plots/temps?key=wrong").statusCode()).isEqualTo(403);
        assertThat(get("/assets/app/style.css").statusCode()).isEqualTo(200);
        assertThat(refusedHandshake("/ws/plots/temps")).isEqualTo(403);

        HttpResponse<byte[]> withKey = get("/plots/temps?key=s3cret-view");
        assertThat(withKey.statusCode()).isEqualTo(200);
        String cookie = withKey.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("plotstream_view=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        String pair = cookie.substring(0, cookie.indexOf(';'));
        assertThat(get("/plots.json", "Cookie", pair).statusCode()).isEqualTo(200);
        assertThat(get("/plots.json", "Cookie", "plotstream_view=guess").statusCode()).isEqualTo(403);

        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = openSocket("/ws/plots/temps?key=s3cret-view", frames);
        assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("\"type\":\"snapshot\"");
        socket.abort();
    }

    @Test
    void socketSendsSnapshotThenExtends() throws Exception {
        start(ViewerOptions.defaults());
        server.plots.append("temps", 0, 1, 10);
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = openSocket("/ws/plots/temps", frames);

        JsonNode snapshot = MAPPER.readTree(frames.poll(10, TimeUnit.SECONDS));
        server.plots.append("temps", 0, 2, 20);
        server.plots.append("temps", 0, 3, 30);
        JsonNode extend = MAPPER.readTree(frames.poll(10, TimeUnit.SECONDS));

        assertThat(snapshot.get("type").asText()).isEqualTo("snapshot");
        assertThat(snapshot.get("plot").asText()).isEqualTo("temps");
        assertThat(snapshot.get("ageMs").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(extend.get("plot").asText()).isEqualTo("temps");
        assertThat(snapshot.at("/figure/data/0/y").toString()).isEqualTo("[10]");
        assertThat(extend.get("type").asText()).isEqualTo("extend");
        // both appends usually land in one push; at most two pushes if a tick fell between them
        int received = extend.at("/update/y/0").size();
        if (received == 1) {
            received += MAPPER.readTree(frames.poll(10, TimeUnit.SECONDS)).at("/update/y/0").size();
        }
        assertThat(received).isEqualTo(2);
        assertThat(server.viewers.stats().viewers()).isEqualTo(1);
        socket.abort();
    }

    @Test
    void fullTenThousandPointWindowsArriveAsOneWholeSnapshot() throws Exception {
        start(ViewerOptions.defaults());
        server.plots.create("wide", "Wide", 10_000, "a", "b", "c");
        for (int i = 0; i < 10_000; i++) {
            for (int trace = 0; trace < 3; trace++) {
                server.plots.append("wide", trace, i, i * 1.5 + trace);
            }
        }
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = openSocket("/ws/plots/wide", frames);

        String frame = frames.poll(20, TimeUnit.SECONDS);
        JsonNode snapshot = MAPPER.readTree(frame);

        assertThat(frame.length()).isGreaterThan(256 * 1024);
        assertThat(snapshot.at("/figure/data/2/y")).hasSize(10_000);
        assertThat(snapshot.at("/figure/data/2/y/9999").asDouble()).isEqualTo(9999 * 1.5 + 2);
        socket.abort();
    }

    @Test
    void viewerBeyondTheLimitIsRefused() throws Exception {
        start(ViewerOptions.defaults().withMaxViewers(1));
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket first = openSocket("/ws/plots/temps", frames);
        assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("snapshot");

        assertThat(refusedHandshake("/ws/plots/temps")).isEqualTo(503);
        first.abort();
    }

    @Test
    void socketForUnknownPlotIsRefused() throws Exception {
        start(ViewerOptions.defaults());

        assertThat(refusedHandshake("/ws/plots/nope")).isEqualTo(404);
    }

    @Test
    void liveSocketCarriesSeveralPlotsEachFrameNamingItsPlot() throws Exception {
        start(ViewerOptions.defaults());
        server.plots.create("pressure", "Pressure", 500, "p");
        server.plots.append("pressure", 0, 1, 1013);
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = openSocket("/ws/live?plots=temps,pressure,nope", frames);

        List<JsonNode> opening = List.of(next(frames), next(frames), next(frames));

        assertThat(opening).extracting(f -> f.get("type").asText() + ":" + f.get("plot").asText())
                .containsExactlyInAnyOrder("snapshot:temps", "snapshot:pressure", "missing:nope");
        server.plots.append("pressure", 0, 2, 1014);
        JsonNode extend = next(frames);
        assertThat(extend.get("type").asText()).isEqualTo("extend");
        assertThat(extend.get("plot").asText()).isEqualTo("pressure");
        assertThat(server.viewers.stats().viewers()).isEqualTo(1);

        server.plots.delete("temps");
        assertThat(next(frames).toString()).isEqualTo("{\"type\":\"gone\",\"plot\":\"temps\"}");
        server.plots.append("pressure", 0, 3, 1015);
        JsonNode afterGone = next(frames);
        assertThat(afterGone.get("plot").asText()).isEqualTo("pressure"); // the socket stayed open
        socket.abort();
    }

    @Test
    void liveSocketResyncsOnePlotById() throws Exception {
        start(ViewerOptions.defaults());
        server.plots.create("pressure", "Pressure", 500, "p");
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = openSocket("/ws/live?plots=temps,pressure", frames);
        next(frames);
        next(frames);

        socket.sendText("ping", true).join();
        socket.sendText("{\"resync\":\"pressure\"}", true).join();

        JsonNode again = next(frames);
        assertThat(again.get("type").asText()).isEqualTo("snapshot");
        assertThat(again.get("plot").asText()).isEqualTo("pressure");
        assertThat(frames.poll(300, TimeUnit.MILLISECONDS)).isNull(); // temps was not resent
        socket.abort();
    }

    @Test
    void liveSocketTakesAtMostSixtyFourPlots() throws Exception {
        start(ViewerOptions.defaults());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ids.add("p" + i);
        }
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket sixtyFour = openSocket("/ws/live?plots=" + String.join(",", ids), frames);
        assertThat(next(frames).get("type").asText()).isEqualTo("missing");
        sixtyFour.abort();

        ids.add("p64");
        assertThat(refusedHandshake("/ws/live?plots=" + String.join(",", ids))).isEqualTo(400);
        assertThat(refusedHandshake("/ws/live")).isEqualTo(400);
        assertThat(refusedHandshake("/ws/live?plots=a,%3Cb%3E")).isEqualTo(400);
    }

    @Test
    void liveSocketCountsOnceAgainstTheViewerLimitAndNeedsTheKey() throws Exception {
        start(ViewerOptions.defaults().withMaxViewers(1).withViewKey("k3y"));
        server.plots.create("pressure", "Pressure", 500, "p");

        assertThat(refusedHandshake("/ws/live?plots=temps")).isEqualTo(403);
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket dashboard = openSocket("/ws/live?plots=temps,pressure&key=k3y", frames);
        next(frames);
        next(frames);

        assertThat(server.viewers.stats().viewers()).isEqualTo(1);
        assertThat(refusedHandshake("/ws/live?plots=temps&key=k3y")).isEqualTo(503);
        dashboard.abort();
    }

    @Test
    void unknownPlotPageIsAnHtmlPageSayingSo() throws Exception {
        start(ViewerOptions.defaults());

        HttpResponse<byte[]> page = get("/plots/nope");
        HttpResponse<byte[]> embed = get("/embed/nope");

        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(text(page)).contains("No such plot").contains("no plot named \u201cnope\u201d");
        assertThat(embed.statusCode()).isEqualTo(404);
        assertThat(embed.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors *");
        assertThat(text(get("/plots/%3Cscript%3E"))).doesNotContain("<script>");
    }

    @Test
    void wrongOrMissingViewKeyIsAnHtmlPageSayingWhatToDo() throws Exception {
        start(ViewerOptions.defaults().withViewKey("s3cret-view"));

        HttpResponse<byte[]> none = get("/plots/temps");
        HttpResponse<byte[]> wrong = get("/plots/temps?key=%3Cb%3Ewrong");
        HttpResponse<byte[]> staleCookie = get("/", "Cookie", "plotstream_view=old");

        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(text(none)).contains("View key needed").contains("?key=&lt;view key&gt;");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(text(wrong)).contains("not the key of this server").doesNotContain("<b>wrong");
        assertThat(text(staleCookie)).contains("saved in this browser");
        assertThat(get("/plots.json").headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    }

    @Test
    void dashboardPagesCarryTheirDataAttributesAndUnknownOnesSayTheyDoNotExist() throws Exception {
        dashboardServer = new DashboardServer(ViewerOptions.defaults().withStaleAfterMs(45_000));
        dashboardServer.plots.create("temps", "Temperatures", 500, "a");
        dashboardServer.dashboards.put("ops", new Dashboard("ops", "Ops <room>", 12, 120, Duration.ofMinutes(5), "5m",
                List.of(new Panel("temps", 0, 0, 6, 3, "Boiler"), new Panel("temps", 6, 0, 6, 3, null),
                        new Panel("pressure", 0, 3, 12, 3, null))));

        HttpResponse<byte[]> page = dashboardServer.get("/dashboards/ops");
        HttpResponse<byte[]> embed = dashboardServer.get("/embed/dashboards/ops");
        HttpResponse<byte[]> unknown = dashboardServer.get("/dashboards/nope");
        JsonNode index = MAPPER.readTree(dashboardServer.get("/dashboards.json").body());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(text(page)).contains("data-dashboard-id=\"ops\"").contains("data-stale-after-ms=\"45000\"")
                .contains("data-scattergl-threshold=\"2000\"").contains("Ops &lt;room&gt;").doesNotContain("<room>");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(embed.statusCode()).isEqualTo(200);
        assertThat(embed.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors *");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(text(unknown)).contains("No such dashboard").contains("\u201cnope\u201d");
        assertThat(dashboardServer.get("/embed/dashboards/nope").statusCode()).isEqualTo(404);
        assertThat(index).hasSize(1);
        assertThat(index.at("/0/id").asText()).isEqualTo("ops");
        assertThat(index.at("/0/title").asText()).isEqualTo("Ops <room>");
        assertThat(index.at("/0/panels").asInt()).isEqualTo(3);
        assertThat(index.at("/0/plots").toString()).isEqualTo("[\"temps\",\"pressure\"]");
    }

    @Test
    void withoutDashboardsTheIndexDataIsEmpty() throws Exception {
        start(ViewerOptions.defaults());

        assertThat(text(get("/dashboards.json"))).isEqualTo("[]");
        assertThat(get("/dashboards/ops").statusCode()).isEqualTo(404);
        assertThat(get("/assets/app/dashboard.js").statusCode()).isEqualTo(200);
        assertThat(get("/assets/app/dashboard.css").headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/css");
    }

    @Test
    void aBrowserMessageOverOneKibibyteClosesTheSocket() throws Exception {
        start(ViewerOptions.defaults());
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        Collecting listener = new Collecting(frames);
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws/live?plots=temps"), listener).join();
        next(frames);

        socket.sendText("{\"resync\":\"" + "x".repeat(2000) + "\"}", true).join();

        assertThat(listener.closeCode.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
        socket.abort();
    }

    private static JsonNode next(BlockingQueue<String> frames) throws Exception {
        String frame = frames.poll(10, TimeUnit.SECONDS);
        assertThat(frame).as("a frame within 10 s").isNotNull();
        return MAPPER.readTree(frame);
    }

    /** The viewer module with a dashboard reader (the shared ViewerTestServer has none). */
    private static final class DashboardServer implements AutoCloseable {
        final InMemoryPlots plots = new InMemoryPlots();
        final Map<String, Dashboard> dashboards = new ConcurrentHashMap<>();
        final ViewerModule viewers;
        private final Server jetty = new Server();
        private final HttpClient client = HttpClient.newHttpClient();
        private final int port;

        DashboardServer(ViewerOptions options) throws Exception {
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            viewers = new ViewerModule(jetty, plots, new DashboardReader() {
                @Override
                public Optional<Dashboard> find(String id) {
                    return Optional.ofNullable(dashboards.get(id));
                }

                @Override
                public List<Dashboard> all() {
                    return dashboards.values().stream().sorted(java.util.Comparator.comparing(Dashboard::id)).toList();
                }
            }, options);
            jetty.setHandler(viewers.handler());
            jetty.start();
            port = connector.getLocalPort();
        }

        HttpResponse<byte[]> get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        @Override
        public void close() throws Exception {
            viewers.close();
            jetty.stop();
        }
    }

    private WebSocket openSocket(String path, BlockingQueue<String> frames) {
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + path);
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new Collecting(frames)).join();
    }

    /** The HTTP status that refused a WebSocket handshake (fails if the handshake succeeded). */
    private int refusedHandshake(String path) {
        try {
            openSocket(path, new LinkedBlockingQueue<>()).abort();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("handshake on " + path + " was accepted");
    }

    /** Collects whole text messages, and the close code the server sent. */
    private static final class Collecting implements WebSocket.Listener {
        private final BlockingQueue<String> frames;
        private final StringBuilder partial = new StringBuilder();
        final java.util.concurrent.CompletableFuture<Integer> closeCode = new java.util.concurrent.CompletableFuture<>();

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

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
