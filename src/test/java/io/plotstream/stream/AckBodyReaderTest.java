package io.plotstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.protocol.AckChannel;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The acknowledgement body, read from bytes: what is published, what ends the stream, what is malformed. */
class AckBodyReaderTest {
    private final List<Long> published = new ArrayList<>();

    private StreamEnd readChunked(String body) {
        InputStream in = new ChunkedInput(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        return new AckBodyReader(in, published::add).read();
    }

    private StreamEnd read(String lines) {
        return new AckBodyReader(new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8)), published::add).read();
    }

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    @Test
    void publishesEachNewCumulativeCountAndEndsAtTheEndLineWithItsStatusAndText() {
        StreamEnd end = readChunked(chunk("{\"ack\":2}\n") + chunk("{\"ack\":2}\n{\"ack\":5}\n")
                + chunk("{\"end\":408,\"text\":\"timeout on active data\"}\n") + "0\r\n\r\n");
        assertThat(published).containsExactly(2L, 5L);
        assertThat(end).isEqualTo(new StreamEnd(408, "timeout on active data"));
    }

    @Test
    void readsLinesSplitAcrossChunksAsTheChunkBoundariesMeanNothing() {
        StreamEnd end = readChunked(chunk("{\"ac") + chunk("k\":7}\n{\"end\":200,") + chunk("\"text\":\"\"}\n") + "0\r\n\r\n");
        assertThat(published).containsExactly(7L);
        assertThat(end).isEqualTo(new StreamEnd(200, ""));
    }

    @Test
    void theWriterOfTheServerAndThisReaderAgreeOnTheEndLinesEscapes() {
        String text = "say \"no\" \\ été";
        StreamEnd end = read(new String(AckChannel.endLine(503, text), StandardCharsets.US_ASCII));
        assertThat(end).isEqualTo(new StreamEnd(503, text));
    }

    @Test
    void aLineOfAnotherShapeIsMalformed() {
        StreamEnd end = read("{\"ack\":1}\n{\"ack\":\"two\"}\n");
        assertThat(end.status()).isEqualTo(StreamEnd.NO_RESPONSE);
        assertThat(end.message()).contains("malformed acknowledgement").contains("{\"ack\":\"two\"}");
        assertThat(published).containsExactly(1L);
    }

    @Test
    void aCountThatGoesDownIsMalformed() {
        StreamEnd end = read("{\"ack\":4}\n{\"ack\":3}\n");
        assertThat(end.status()).isEqualTo(StreamEnd.NO_RESPONSE);
        assertThat(end.message()).contains("went down from 4 to 3");
    }

    @Test
    void aLineLongerThanTheBoundIsMalformedWithoutReadingItAll() {
        StreamEnd end = read("{\"ack\":" + "1".repeat(100_000) + "}\n");
        assertThat(end.status()).isEqualTo(StreamEnd.NO_RESPONSE);
        assertThat(end.message()).contains("longer than " + AckChannel.MAX_LINE_BYTES + " bytes");
    }

    @Test
    void aBodyThatEndsWithoutAnEndLineIsABrokenConnection() {
        assertThat(readChunked(chunk("{\"ack\":1}\n") + "0\r\n\r\n").message()).contains("ended without an end line");
        assertThat(read("{\"ack\":1}\n{\"ack\"").message()).contains("cut inside a line");
    }

    @Test
    void badChunkFramingIsABrokenConnection() {
        StreamEnd end = readChunked("zz\r\n{\"ack\":1}\n\r\n");
        assertThat(end.status()).isEqualTo(StreamEnd.NO_RESPONSE);
        assertThat(end.message()).contains("bad chunk size line");
        assertThat(readChunked("3\r\n{\"a\r\n").message()).contains("connection failed while reading acknowledgements");
    }
}
