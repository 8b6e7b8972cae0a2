package io.plotstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.protocol.AckChannel;
import io.plotstream.stream.AckProbe.Verdict;
import io.plotstream.stream.RecordingStreamServer.Acks;
import io.plotstream.stream.RecordingStreamServer.Probes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The probe's verdicts: only an answer carrying the extension's header says "acknowledges", only a
 * complete answer below 500 without it says "plain"; anything else (a proxy's 5xx, a cut-off
 * answer, silence, a refused connection) says nothing, so the handshake window still decides.
 */
class AckProbeTest {

    private static Verdict verdictOf(String response) {
        byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes, 1, bytes.length - 1);
        return AckProbe.verdictOf(new ResponseReader(in, Duration.ofSeconds(1).toNanos()).readHead(bytes[0]));
    }

    @Test
    void onlyTheExtensionsHeaderSaysTheServerAcknowledges() {
        assertThat(verdictOf("HTTP/1.1 204 No Content\r\n" + AckChannel.RESPONSE_HEADER + ": 1\r\n\r\n"))
                .isEqualTo(Verdict.ACKNOWLEDGES);
        assertThat(verdictOf("HTTP/1.1 204 No Content\r\n" + AckChannel.RESPONSE_HEADER + ": 2\r\n\r\n"))
                .as("another version of the extension is not this one").isEqualTo(Verdict.PLAIN);
    }

    @Test
    void aCompleteAnswerBelow500WithoutTheHeaderIsAPlainServer() {
        assertThat(verdictOf("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")).isEqualTo(Verdict.PLAIN);
        assertThat(verdictOf("HTTP/1.1 200 OK\r\nAllow: POST\r\n\r\n")).isEqualTo(Verdict.PLAIN);
        assertThat(verdictOf("HTTP/1.0 404 Not Found\r\n\r\n")).isEqualTo(Verdict.PLAIN);
    }

    @Test
    void aServerErrorACutOffAnswerOrNoHttpAtAllSaysNothing() {
        assertThat(verdictOf("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")).isEqualTo(Verdict.UNKNOWN);
        assertThat(verdictOf("HTTP/1.1 503 Service Unavailable\r\n\r\n")).isEqualTo(Verdict.UNKNOWN);
        assertThat(verdictOf("HTTP/1.1 405 Method Not Allowed\r\nContent-Le")).as("headers cut off").isEqualTo(Verdict.UNKNOWN);
        assertThat(verdictOf("SSH-2.0-OpenSSH_9.2\r\n")).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void asksWithTheExtensionsHeaderAndNoTokenAndReadsTheServersAnswer() throws Exception {
        try (RecordingStreamServer server = RecordingStreamServer.start()) {
            StreamSettings settings = StreamTesting.acked(server.uri()).build();
            assertThat(AckProbe.ask(settings, null)).as("a plain server").isEqualTo(Verdict.PLAIN);
            assertThat(server.lastProbeHeaders()).contains(AckChannel.REQUEST_HEADER + ": " + AckChannel.VERSION)
                    .noneMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("plotly-streamtoken"));
            server.acknowledging(Acks.EVERY_LINE);
            assertThat(AckProbe.ask(settings, null)).isEqualTo(Verdict.ACKNOWLEDGES);
            server.probes(Probes.SILENT);
            assertThat(AckProbe.ask(settings, null)).as("closed without a word").isEqualTo(Verdict.UNKNOWN);
            assertThat(server.probesSeen()).isEqualTo(3);
        }
    }

    @Test
    void aServerThatNeverAnswersIsLeftAfterTheHandshakeWindow() throws Exception {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StreamSettings settings = StreamTesting.acked(java.net.URI.create("http://127.0.0.1:" + listening.getLocalPort()))
                    .ackHandshake(Duration.ofMillis(300)).build();
            Thread accepting = new Thread(() -> {
                try (Socket held = listening.accept()) {
                    held.getInputStream().readAllBytes(); // reads the request, answers nothing, until the probe gives up
                } catch (IOException ignored) {
                    // the probe closed it
                }
            });
            accepting.start();
            assertThat(AckProbe.ask(settings, null)).isEqualTo(Verdict.UNKNOWN);
            accepting.join(10_000);
            assertThat(accepting.isAlive()).as("the probe closed its connection").isFalse();
        }
    }

    @Test
    void aRefusedConnectionSaysNothing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StreamSettings settings = StreamTesting.acked(java.net.URI.create("http://127.0.0.1:" + port)).build();
        assertThat(AckProbe.ask(settings, null)).isEqualTo(Verdict.UNKNOWN);
    }
}
