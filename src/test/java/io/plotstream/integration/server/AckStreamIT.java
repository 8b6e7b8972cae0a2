package io.plotstream.integration.server;

import io.plotstream.protocol.AckChannel;
import io.plotstream.protocol.StreamStatus;
import io.plotstream.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acknowledgement extension, server side, over a bare socket: the 200 comes at once and the
 * upload keeps flowing after it (Jetty 12 reads a request body while its response is committed and
 * written: this test is the proof), acks count every line, and each way a stream ends becomes the
 * end line with the status table's code and text.
 */
class AckStreamIT {

    private static final String TOKEN = "tok1234567";
    private static final String FIGURE = "{\"id\":\"p\",\"data\":[{\"stream\":{\"token\":\"" + TOKEN + "\",\"maxpoints\":1000}}]}";

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
    void theAnswerComesAtOnceAndTheUploadKeepsFlowingWhileAcksAreWritten() throws Exception {
        start(b -> b);
        try (AckStreamClient client = new AckStreamClient(server.port(), TOKEN)) {
            assertThat(client.awaitHead(5000)).as("200 before any line was sent").isEqualTo(200);
            assertThat(client.header(AckChannel.RESPONSE_HEADER)).isEqualTo(AckChannel.VERSION);
            assertThat(client.header("transfer-encoding")).isEqualTo("chunked");
            client.send("{\"x\":1,\"y\":1}\n{\"x\":2,\"y\":2}\n{\"x\":3,\"y\":3}\n");
            assertThat(client.awaitAcked(3, 5000)).isTrue();
            for (int i = 4; i <= 50; i++) { // writes keep going after acks were written
                client.send("{\"x\":" + i + ",\"y\":" + i + "}\n");
            }
            assertThat(client.awaitAcked(50, 5000)).isTrue();
            assertThat(server.trace("p", 0).get("y")).hasSize(50);
        }
    }

    @Test
    void anOptionsProbeThatAsksLearnsThatTheServerAcknowledgesAndOneThatDoesNotAskLearnsOnlyTheMethod() throws Exception {
        start(b -> b);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI root = java.net.URI.create("http://127.0.0.1:" + server.port() + "/");
        java.net.http.HttpResponse<Void> asked = http.send(java.net.http.HttpRequest.newBuilder(root)
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header(AckChannel.REQUEST_HEADER, AckChannel.VERSION).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(asked.statusCode()).isEqualTo(204);
        assertThat(asked.headers().firstValue(AckChannel.RESPONSE_HEADER)).contains(AckChannel.VERSION);
        java.net.http.HttpResponse<Void> plain = http.send(java.net.http.HttpRequest.newBuilder(root)
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(plain.statusCode()).isEqualTo(204);
        assertThat(plain.headers().firstValue(AckChannel.RESPONSE_HEADER)).isEmpty();
        assertThat(plain.headers().firstValue("allow")).contains("POST, OPTIONS");
    }

    @Test
    void heartbeatsCountAsLinesAndACleanCloseEndsWith200AfterTheLastAck() throws Exception {
        start(b -> b);
        try (AckStreamClient client = new AckStreamClient(server.port(), TOKEN)) {
            client.awaitHead(5000);
            client.send("{\"x\":1,\"y\":1}\n\n{\"x\":2,\"y\":2}\n").send("\n").finish();
            AckChannel.Line end = client.awaitEnd(5000);
            assertThat(client.acked()).isEqualTo(4);
            assertThat(end).isNotNull();
            assertThat(end.endCode()).isEqualTo(200);
            assertThat(end.endText()).isEqualTo(StreamStatus.CLOSED_BY_CLIENT.text());
            assertThat(client.broken()).isNull();
            assertThat(client.closed()).isTrue();
        }
    }

    @Test
    void aBadLineEndsWith422AfterTheGoodLinesBeforeItWereAcknowledged() throws Exception {
        start(b -> b);
        try (AckStreamClient client = new AckStreamClient(server.port(), TOKEN)) {
            client.awaitHead(5000);
            client.send("{\"x\":1,\"y\":1}\n{\"x\":2,\"y\":2}\n{\"x\":3,\n");
            AckChannel.Line end = client.awaitEnd(5000);
            assertThat(client.acked()).isEqualTo(2);
            assertThat(end.endCode()).isEqualTo(422);
            assertThat(end.endText()).contains("at line 3");
        }
        assertThat(server.trace("p", 0).get("y").toString()).isEqualTo("[1,2]");
    }

    @Test
    void aQuietStreamEndsWith408() throws Exception {
        start(b -> b.idleTimeout(Duration.ofMillis(500)));
        try (AckStreamClient client = new AckStreamClient(server.port(), TOKEN)) {
            client.awaitHead(5000);
            client.send("{\"x\":1,\"y\":1}\n");
            AckChannel.Line end = client.awaitEnd(10_000);
            assertThat(client.acked()).isEqualTo(1);
            assertThat(end.endCode()).isEqualTo(408);
        }
    }

    @Test
    void aLineOverTheLimitEndsWith413() throws Exception {
        start(b -> b.maxLineBytes(64));
        try (AckStreamClient client = new AckStreamClient(server.port(), TOKEN)) {
            client.awaitHead(5000);
            client.send("{\"x\":1,\"y\":1}\n{\"x\":\"" + "a".repeat(100) + "\"}\n");
            AckChannel.Line end = client.awaitEnd(5000);
            assertThat(client.acked()).isEqualTo(1);
            assertThat(end.endCode()).isEqualTo(413);
        }
    }

    @Test
    void aRefusalBeforeTheStreamStartsStaysAPlainResponse() throws Exception {
        start(b -> b);
        try (AckStreamClient client = new AckStreamClient(server.port(), "unknown0000")) {
            assertThat(client.awaitHead(5000)).isEqualTo(404);
            assertThat(client.header(AckChannel.RESPONSE_HEADER)).isNull();
        }
    }

    @Test
    void aServerShutdownEndsWith503AfterTheAcks() throws Exception {
        start(b -> b);
        try (AckStreamClient client = new AckStreamClient(server.port(), TOKEN)) {
            client.awaitHead(5000);
            client.send("{\"x\":1,\"y\":1}\n");
            assertThat(client.awaitAcked(1, 5000)).isTrue();
            server.close();
            AckChannel.Line end = client.awaitEnd(5000);
            assertThat(end.endCode()).isEqualTo(503);
            server = null;
        }
    }

    @Test
    void withoutTheHeaderAHealthyStreamStillGetsNoByteBack() {
        start(b -> b);
        try (RawStream stream = server.openStream()) {
            stream.begin(TOKEN).line("{\"x\":1,\"y\":1}");
            assertThat(stream.silentFor(500)).isTrue();
        }
    }
}
