package io.plotstream.integration.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.web.ViewerOptions;
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

    /** Collects whole text messages. */
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
