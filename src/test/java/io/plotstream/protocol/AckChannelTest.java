package io.plotstream.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The acknowledgement body's two line shapes, written by the server and read by the client. */
class AckChannelTest {

    private static String text(byte[] line) {
        String s = new String(line, StandardCharsets.US_ASCII);
        assertThat(s).endsWith("\n");
        return s.substring(0, s.length() - 1);
    }

    @Test
    void anAckLineCarriesItsCumulativeCount() {
        assertThat(text(AckChannel.ackLine(0))).isEqualTo("{\"ack\":0}");
        assertThat(AckChannel.parse(text(AckChannel.ackLine(123456789012L))).orElseThrow().acked()).isEqualTo(123456789012L);
        assertThat(AckChannel.parse("{\"ack\":7}").orElseThrow().isEnd()).isFalse();
        assertThatThrownBy(() -> AckChannel.ackLine(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyStatusOfTheTableRoundTripsAsAnEndLine() {
        for (StreamStatus status : StreamStatus.values()) {
            AckChannel.Line line = AckChannel.parse(text(AckChannel.endLine(status))).orElseThrow();
            assertThat(line.isEnd()).isTrue();
            assertThat(line.endCode()).isEqualTo(status.code());
            assertThat(line.endText()).isEqualTo(status.text());
            assertThat(line.acked()).isEqualTo(-1);
        }
    }

    @Test
    void quotesBackslashesAndNonAsciiInAnEndTextAreEscapedAndReadBack() {
        String odd = "say \"hi\" \\ to caf\u00e9\n";
        byte[] bytes = AckChannel.endLine(503, odd);
        assertThat(new String(bytes, StandardCharsets.US_ASCII)).doesNotContain("\u00e9").endsWith("\"}\n");
        assertThat(AckChannel.parse(text(bytes)).orElseThrow().endText()).isEqualTo(odd);
    }

    @Test
    void aCarriageReturnBeforeTheNewlineIsIgnored() {
        assertThat(AckChannel.parse("{\"ack\":5}\r").orElseThrow().acked()).isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{}", "{\"ack\":}", "{\"ack\":-1}", "{\"ack\":1.5}", "{\"ack\":1234567890123456789}",
        "{\"end\":20,\"text\":\"x\"}", "{\"end\":200,\"text\":\"a\"b\"}", "{\"end\":200,\"text\":\"x\\q\"}",
        "{\"end\":200}", "HTTP/1.1 200 OK", "{\"ack\":1} "})
    void anythingElseIsNotALineOfTheChannel(String line) {
        assertThat(AckChannel.parse(line)).isEmpty();
    }
}
