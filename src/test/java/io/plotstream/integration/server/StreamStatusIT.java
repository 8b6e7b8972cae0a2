package io.plotstream.integration.server;

import io.plotstream.server.plot.PlotIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import io.plotstream.server.ServerConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every way a stream ends (PROTOCOL.md §2), and the one way it never does: a byte on a healthy stream. */
class StreamStatusIT {

    private static final String FIGURE = "{\"id\":\"p\",\"data\":[{\"stream\":{\"token\":\"tok1234567\",\"maxpoints\":100}}]}";

    @TempDir
    Path dataDir;
    RunningServer server;

    RunningServer start(UnaryOperator<ServerConfig.Builder> settings) {
        server = new RunningServer(dataDir, settings);
        server.createPlot(FIGURE);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void cleanCloseByClientGets200() {
        start(b -> b);
        try (RawStream stream = server.openStream()) {
            RawStream.Reply reply = stream.begin("tok1234567").line("{\"x\":1,\"y\":2}").finish().reply(5000);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.closed()).isTrue();
        }
        assertThat(server.trace("p", 0).get("y").toString()).isEqualTo("[2]");
    }

    @Test
    void healthyStreamGetsNoByteBack() {
        start(b -> b);
        try (RawStream stream = server.openStream()) {
            stream.begin("tok1234567");
            for (int i = 0; i < 20; i++) {
                stream.line("{\"x\":" + i + ",\"y\":" + i + "}");
                if (i % 5 == 0) {
                    stream.heartbeat();
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.trace("p", 0).get("y").size() == 20);
            assertThat(stream.silentFor(700)).as("server sent a byte on a healthy stream").isTrue();
        }
    }

    @Test
    void unknownTokenGets404() {
        start(b -> b);
        assertEnds("POST", "nosuchtoken", 404, "stream token not registered");
    }

    @Test
    void missingTokenHeaderGets406() {
        start(b -> b);
        assertEnds("POST", null, 406, "missing plotly-streamtoken");
    }

    @Test
    void wrongMethodOnIngestPathGets405() {
        start(b -> b);
        assertEnds("PUT", "tok1234567", 405, "use POST");
    }

    @Test
    void getWithStreamTokenGets405InsteadOfThePage() {
        start(b -> b);
        try (RawStream stream = server.openStream()) {
            RawStream.Reply reply = stream.raw("GET / HTTP/1.1\r\nHost: x\r\nplotly-streamtoken: tok1234567\r\n\r\n").reply(5000);
            assertThat(reply.status()).isEqualTo(405);
        }
    }

    @Test
    void invalidJsonGets422AndKeepsTheLinesBefore() {
        start(b -> b);
        try (RawStream stream = server.openStream()) {
            RawStream.Reply reply = stream.begin("tok1234567").line("{\"x\":1,\"y\":1}").line("{\"x\":2,").reply(5000);
            assertThat(reply.status()).isEqualTo(422);
            assertThat(reply.body()).contains("JSON parse error").contains("line 2");
            assertThat(reply.closed()).isTrue();
        }
        assertThat(server.trace("p", 0).get("y").toString()).isEqualTo("[1]");
    }

    @Test
    void nanGets422() {
        start(b -> b);
        try (RawStream stream = server.openStream()) {
            RawStream.Reply reply = stream.begin("tok1234567").line("{\"x\":1,\"y\":NaN}").reply(5000);
            assertThat(reply.status()).isEqualTo(422);
        }
    }

    @Test
    void numberBeyondDoubleRangeGets422() {
        start(b -> b);
        try (RawStream stream = server.openStream()) {
            RawStream.Reply reply = stream.begin("tok1234567").line("{\"x\":1,\"y\":1e999}").reply(5000);
            assertThat(reply.status()).isEqualTo(422);
            assertThat(reply.body()).contains("no NaN or Infinity");
        }
    }

    @Test
    void lineOverTheLimitGets413NamingTheLimit() {
        start(b -> b.maxLineBytes(128));
        try (RawStream stream = server.openStream()) {
            String longText = "a".repeat(200);
            RawStream.Reply reply = stream.begin("tok1234567").line("{\"x\":1,\"y\":1,\"text\":\"" + longText + "\"}").reply(5000);
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.body()).contains("line exceeds 128 bytes");
        }
    }

    @Test
    void lineOverTheLimitAcrossChunksGets413() {
        start(b -> b.maxLineBytes(128));
        try (RawStream stream = server.openStream()) {
            stream.begin("tok1234567");
            for (int i = 0; i < 10; i++) {
                stream.chunk("{\"text\":\"" + "b".repeat(20));
            }
            RawStream.Reply reply = stream.reply(5000);
            assertThat(reply.status()).isEqualTo(413);
        }
    }

    @Test
    void streamsBeyondThePerTokenLimitGet423() {
        start(b -> b.maxStreamsPerToken(2));
        List<RawStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RawStream stream = server.openStream().begin("tok1234567").line("{\"x\":" + i + ",\"y\":1}");
                open.add(stream);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.trace("p", 0).get("y").size() == 2);
            try (RawStream third = server.openStream()) {
                RawStream.Reply reply = third.begin("tok1234567").reply(5000);
                assertThat(reply.status()).isEqualTo(423);
            }
            // both earlier writers are still healthy: the limit never kicks an open stream off
            open.get(0).line("{\"x\":9,\"y\":9}");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.trace("p", 0).get("y").size() == 3);
        } finally {
            open.forEach(RawStream::close);
        }
    }

    @Test
    void quietStreamGets408AfterTheIdleTimeout() {
        start(b -> b.idleTimeout(Duration.ofMillis(600)));
        try (RawStream stream = server.openStream()) {
            stream.begin("tok1234567").line("{\"x\":1,\"y\":1}");
            long started = System.nanoTime();
            RawStream.Reply reply = stream.reply(10_000);
            long waitedMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(reply.status()).isEqualTo(408);
            assertThat(reply.body()).contains("timeout on active data");
            assertThat(waitedMs).isGreaterThanOrEqualTo(500);
        }
    }

    @Test
    void heartbeatsKeepAStreamAlivePastTheIdleTimeout() throws InterruptedException {
        start(b -> b.idleTimeout(Duration.ofMillis(800)));
        try (RawStream stream = server.openStream()) {
            stream.begin("tok1234567");
            for (int i = 0; i < 6; i++) {
                Thread.sleep(300);
                stream.heartbeat();
            }
            assertThat(stream.silentFor(100)).isTrue();
            RawStream.Reply reply = stream.finish().reply(5000);
            assertThat(reply.status()).isEqualTo(200);
        }
    }

    @Test
    void deletingThePlotMidStreamGets403OnTheNextWrite() {
        start(b -> b);
        try (RawStream stream = server.openStream()) {
            stream.begin("tok1234567").line("{\"x\":1,\"y\":1}");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.trace("p", 0).get("y").size() == 1);
            assertThat(server.send("DELETE", "/api/plots/p", null).statusCode()).isEqualTo(200);
            RawStream.Reply reply = stream.line("{\"x\":2,\"y\":2}").reply(5000);
            assertThat(reply.status()).isEqualTo(403);
        }
    }

    @Test
    void serverShutdownEndsOpenStreamsWith503() {
        start(b -> b);
        try (RawStream stream = server.openStream()) {
            stream.begin("tok1234567").line("{\"x\":1,\"y\":1}");
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server.ingestMetrics().lines() == 1);
            server.close();
            RawStream.Reply reply = stream.reply(5000);
            assertThat(reply.status()).isEqualTo(503);
            server = null;
        }
    }

    @Test
    void openModeCreatesAPlotWhoseIdDoesNotRevealTheToken() {
        start(b -> b.openMode(true));
        try (RawStream stream = server.openStream()) {
            RawStream.Reply reply = stream.begin("newtoken99").line("{\"x\":1,\"y\":5}").finish().reply(5000);
            assertThat(reply.status()).isEqualTo(200);
        }
        String id = PlotIds.forOpenToken("newtoken99");
        assertThat(id).startsWith("open-").doesNotContain("newtoken99");
        assertThat(server.trace(id, 0).get("y").toString()).isEqualTo("[5]");
        assertThat(server.trace(id, 0).has("stream")).isFalse();
    }

    @Test
    void openModeAtThePlotLimitGets404SayingSo() {
        start(b -> b.openMode(true).maxPlots(1));
        assertEnds("POST", "onetoomany", 404, "stream token not registered");
    }

    @Test
    void headersOverTheLimitAreRefusedBeforeAnyStreamStarts() {
        start(b -> b.maxHeaderBytes(1024));
        try (RawStream stream = server.openStream()) {
            RawStream.Reply reply = stream.raw("POST / HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(2000)
                    + "\r\nplotly-streamtoken: tok1234567\r\nTransfer-Encoding: chunked\r\n\r\n").reply(5000);
            assertThat(reply.status()).isEqualTo(431);
        }
    }

    @Test
    void brokenChunkFramingMidStreamGets400FromJetty() {
        start(b -> b);
        try (RawStream stream = server.openStream()) {
            stream.begin("tok1234567").line("{\"x\":1,\"y\":1}");
            stream.tryRaw("ZZZ\r\nnot a chunk\r\n"); // not a hex chunk size
            RawStream.Reply reply = stream.reply(5000);
            assertThat(reply.status()).as(reply.text()).isEqualTo(400);
            assertThat(reply.closed()).isTrue();
        }
    }

    private void assertEnds(String method, String token, int status, String text) {
        try (RawStream stream = server.openStream()) {
            stream.raw(RawStream.headers(method, token));
            stream.tryRaw("d\r\n{\"x\":1,\"y\":1}\r\n"); // the client is mid-upload when the answer comes
            RawStream.Reply reply = stream.reply(5000);
            assertThat(reply.status()).as(reply.text()).isEqualTo(status);
            assertThat(reply.body()).contains(text);
            assertThat(reply.text()).containsIgnoringCase("Connection: close");
            assertThat(reply.closed()).isTrue();
        }
    }
}
