package io.plotstream.server.ingest;

import io.plotstream.server.plot.PointColumn;
import io.plotstream.server.plot.StreamWrite;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteParserTest {

    private final WriteParser parser = new WriteParser(5, 65536);

    private StreamWrite parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 0, bytes.length);
    }

    private void assertRejected(String line, String detail) {
        assertThatThrownBy(() -> parse(line)).isInstanceOfSatisfying(StreamEndException.class, e -> {
            assertThat(e.status().code()).isEqualTo(422);
            assertThat(e.getMessage()).startsWith("JSON parse error: please stream newline-separated JSON").contains(detail);
        });
    }

    @Test
    void blankLineIsAHeartbeat() {
        assertThat(parse("")).isNull();
        assertThat(parse("  \r")).isNull();
    }

    @Test
    void scalarsAreAppends() {
        StreamWrite write = parse("{\"x\": \"2026-01-01 00:00:00\", \"y\": -1.5, \"text\": \"<b>hi</b>\", \"marker\": {\"color\": \"red\", \"size\": 4}}");
        assertThat(write.isOverwrite()).isFalse();
        assertThat(write.column(PointColumn.X).asText()).isEqualTo("2026-01-01 00:00:00");
        assertThat(write.column(PointColumn.Y).doubleValue()).isEqualTo(-1.5);
        assertThat(write.column(PointColumn.TEXT).asText()).isEqualTo("<b>hi</b>");
        assertThat(write.column(PointColumn.MARKER_COLOR).asText()).isEqualTo("red");
        assertThat(write.column(PointColumn.MARKER_SIZE).intValue()).isEqualTo(4);
        assertThat(write.traceAttributes()).isNull();
    }

    @Test
    void escapedAndRawUtf8DecodeAlike() {
        assertThat(parse("{\"x\":\"\\u00e9\"}").column(PointColumn.X).asText()).isEqualTo("é");
        assertThat(parse("{\"x\":\"é\"}").column(PointColumn.X).asText()).isEqualTo("é");
    }

    @Test
    void listsAreOverwrites() {
        StreamWrite write = parse("{\"x\":[1,2],\"y\":[3,4]}");
        assertThat(write.isOverwrite()).isTrue();
        assertThat(write.column(PointColumn.Y).toString()).isEqualTo("[3,4]");
    }

    @Test
    void layoutAndOtherAttributesAreSeparated() {
        StreamWrite write = parse("{\"layout\":{\"title\":\"t\"},\"z\":[[1]],\"type\":\"bar\",\"marker\":{\"symbol\":\"x\"}}");
        assertThat(write.layout().toString()).isEqualTo("{\"title\":\"t\"}");
        assertThat(write.traceAttributes().toString()).isEqualTo("{\"z\":[[1]],\"marker\":{\"symbol\":\"x\"}}");
        assertThat(write.hasPointColumns()).isFalse();
    }

    @Test
    void nanAndInfinityAreRejected() {
        assertRejected("{\"y\":NaN}", "");
        assertRejected("{\"y\":Infinity}", "");
        assertRejected("{\"y\":1e400}", "y: number out of range");
        assertRejected("{\"y\":[1,1e400]}", "y: number out of range");
    }

    @Test
    void nonObjectsAreRejectedSayingWhatCame() {
        assertRejected("[1,2]", "expected a JSON object, found an array");
        assertRejected("42", "found a number");
    }

    @Test
    void brokenJsonIsRejected() {
        assertRejected("{\"x\":1", "end-of-input");
        assertRejected("{\"x\":1} {\"x\":2}", "unexpected data after the JSON object");
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] bytes = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, '"', '}'};
        assertThatThrownBy(() -> parser.parse(bytes, 0, bytes.length)).isInstanceOf(StreamEndException.class);
    }

    @Test
    void nestingBeyondTheLimitIsRejected() {
        assertRejected("{\"layout\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}}", "depth");
    }

    @Test
    void objectAsAPointValueIsRejectedNamingTheField() {
        assertRejected("{\"x\":{\"a\":1}}", "x: expected a value or a list, found an object");
    }

    @Test
    void streamtokenFieldIsReadForTheMultiplexedVariant() {
        assertThat(parse("{\"x\":1,\"streamtoken\":\"abc\"}").streamToken()).isEqualTo("abc");
        assertThat(parse("{\"x\":1}").streamToken()).isNull();
        assertRejected("{\"streamtoken\":5}", "streamtoken: expected a string");
    }
}
