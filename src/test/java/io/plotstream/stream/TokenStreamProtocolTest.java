package io.plotstream.stream;

import static io.plotstream.stream.StreamTesting.MASKED;
import static io.plotstream.stream.StreamTesting.TOKEN;
import static io.plotstream.stream.StreamTesting.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plotstream.point.Point;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bytes on the wire, as a raw-socket server sees them. */
class TokenStreamProtocolTest extends StreamServerTest {

    @Test
    void sendsExactRequestLineAndHeaders() throws Exception {
        stream = TokenStream.start(fast(server.uri()).build(), TOKEN);
        stream.offer(Point.of(1, 2), new RecordingDelivery(), 1, TimeUnit.SECONDS);

        await().until(() -> server.acceptedLines(TOKEN).size() == 1);
        RecordingStreamServer.Connection c = server.connections().get(0);
        assertThat(c.requestLine).isEqualTo("POST / HTTP/1.1");
        assertThat(c.headerLines).containsExactly(
                "Host: 127.0.0.1:" + server.port(),
                "Transfer-Encoding: chunked",
                "plotly-streamtoken: " + TOKEN,
                "User-Agent: " + ClientVersion.USER_AGENT);
        assertThat(ClientVersion.USER_AGENT).startsWith("kafka-connect-plotly/").doesNotContain("${");
    }

    @Test
    void writesOneJsonObjectAndNewlinePerPointInValidChunks() throws Exception {
        stream = TokenStream.start(fast(server.uri()).build(), TOKEN);
        List<RecordingDelivery> deliveries = RecordingDelivery.many(5);
        StreamTesting.offerEach(stream, StreamTesting.points(5), deliveries);

        await().until(() -> server.acceptedLines(TOKEN).size() == 5);
        RecordingStreamServer.Connection c = server.connections().get(0);
        assertThat(c.lines).containsExactlyElementsOf(StreamTesting.lines(5));
        assertThat(c.framingErrors).isEmpty();
        // the body after the head is nothing but well-formed chunks: size CRLF data CRLF
        String raw = new String(c.rawBytes(), StandardCharsets.UTF_8);
        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        assertThat(body).matches("([0-9a-f]+\\r\\n(\\{[^\\n]*\\}\\n)+\\r\\n)+");
    }

    @Test
    void writesBigDecimalUnicodeAndEscapesExactlyOnTheWire() throws Exception {
        stream = TokenStream.start(fast(server.uri()).build(), TOKEN);
        Point p = new Point("2026-11-27 21:00:00.123456", new BigDecimal("12345678901234567890.000000001"),
                "été \"q\" \\ 日本 😀\n", "red", 12.5);
        stream.offer(p, new RecordingDelivery(), 1, TimeUnit.SECONDS);

        await().until(() -> server.acceptedLines(TOKEN).size() == 1);
        assertThat(server.acceptedLines(TOKEN).get(0)).isEqualTo(
                "{\"x\":\"2026-11-27 21:00:00.123456\",\"y\":12345678901234567890.000000001,"
                        + "\"text\":\"été \\\"q\\\" \\\\ 日本 😀\\n\",\"marker\":{\"color\":\"red\",\"size\":12.5}}");
    }

    @Test
    void writesHeartbeatWhenIdle() throws Exception {
        stream = TokenStream.start(fast(server.uri()).heartbeatInterval(Duration.ofMillis(40)).build(), TOKEN);
        stream.offer(Point.of(1, 2), new RecordingDelivery(), 1, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections().get(0).heartbeats() >= 3);
        RecordingStreamServer.Connection c = server.connections().get(0);
        assertThat(c.lines.get(0)).isEqualTo("{\"x\":1,\"y\":2}");
        // a heartbeat is a chunk holding exactly "\n"
        assertThat(c.chunkSizes).contains(1);
        assertThat(new String(c.rawBytes(), StandardCharsets.UTF_8)).contains("\r\n1\r\n\n\r\n");
    }

    @Test
    void doesNotConnectUntilThereIsSomethingToSend() throws Exception {
        stream = TokenStream.start(fast(server.uri()).build(), TOKEN);
        Thread.sleep(100);
        assertThat(server.connections()).isEmpty();
        assertThat(stream.stats().connected()).isFalse();
        assertThat(stream.maskedToken()).isEqualTo(MASKED);
    }

    @Test
    void cleanCloseSendsLastChunkAndConfirmsOnTheServersResponse() throws Exception {
        // an ack delay far longer than the test: only the clean close's 200 can confirm the points
        stream = TokenStream.start(fast(server.uri()).ackDelay(Duration.ofMinutes(5)).build(), TOKEN);
        List<RecordingDelivery> deliveries = RecordingDelivery.many(3);
        StreamTesting.offerEach(stream, StreamTesting.points(3), deliveries);
        await().until(() -> server.acceptedLines(TOKEN).size() == 3);
        assertThat(deliveries).allMatch(d -> d.delivered.get() == 0);

        StreamTesting.closeAndWait(stream);
        stream = null;

        assertThat(RecordingDelivery.allDelivered(deliveries)).isTrue();
        RecordingStreamServer.Connection c = server.connections().get(0);
        assertThat(c.lastChunkSeen).isTrue();
        assertThat(new String(c.rawBytes(), StandardCharsets.UTF_8)).endsWith("\r\n0\r\n\r\n");
        await().until(() -> server.openConnections() == 0);
    }
}
