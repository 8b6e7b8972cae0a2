package io.plotstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.point.Point;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WriteEncoderTest {
    private final WriteEncoder encoder = new WriteEncoder();

    private String encode(Point p) {
        encoder.reset();
        encoder.appendPoint(p);
        return new String(encoder.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void writesOnlyXAndYWhenNothingElseIsSet() {
        assertThat(encode(Point.of(1, 2))).isEqualTo("{\"x\":1,\"y\":2}\n");
    }

    @Test
    void writesTextAndMarkerWhenSet() {
        assertThat(encode(new Point(1, 2, "hi", "red", 3))).isEqualTo(
                "{\"x\":1,\"y\":2,\"text\":\"hi\",\"marker\":{\"color\":\"red\",\"size\":3}}\n");
        assertThat(encode(new Point(1, 2, null, null, 3))).isEqualTo("{\"x\":1,\"y\":2,\"marker\":{\"size\":3}}\n");
    }

    @Test
    void writesEveryNumberTypeExactly() {
        assertThat(encode(Point.of(Byte.valueOf((byte) -3), Short.valueOf((short) 300))))
                .isEqualTo("{\"x\":-3,\"y\":300}\n");
        assertThat(encode(Point.of(Long.MAX_VALUE, Integer.MIN_VALUE)))
                .isEqualTo("{\"x\":9223372036854775807,\"y\":-2147483648}\n");
        assertThat(encode(Point.of(new BigDecimal("12345678901234567890.000000001"), new BigDecimal("1E+3"))))
                .isEqualTo("{\"x\":12345678901234567890.000000001,\"y\":1000}\n");
        assertThat(encode(Point.of(new BigInteger("123456789012345678901234567890"), 0.1)))
                .isEqualTo("{\"x\":123456789012345678901234567890,\"y\":0.1}\n");
        assertThat(encode(Point.of(1.5f, -2.25e-10))).isEqualTo("{\"x\":1.5,\"y\":-2.25E-10}\n");
        assertThat(encode(Point.of(new AtomicLong(42), true))).isEqualTo("{\"x\":42,\"y\":true}\n");
    }

    @Test
    void writesStringsAsRawUtf8WithJsonEscapes() {
        String text = "é 日本 😀 \"q\" \\ / \n\t\u0001";
        String line = encode(new Point("2026-11-27 21:00:00.123456", 1, text, null, null));
        assertThat(line).isEqualTo("{\"x\":\"2026-11-27 21:00:00.123456\",\"y\":1,"
                + "\"text\":\"é 日本 😀 \\\"q\\\" \\\\ / \\n\\t\\u0001\"}\n");
        assertThat(line.indexOf('\n')).as("the only newline ends the write").isEqualTo(line.length() - 1);
    }

    @Test
    void roundTripsThroughAJsonParser() throws Exception {
        Point p = new Point("<b>x</b>", new BigDecimal("-0.000000000000000000001"), "ü", "#ff0000", 2.5);
        var node = new ObjectMapper().readTree(encode(p));
        assertThat(node.get("x").asText()).isEqualTo("<b>x</b>");
        assertThat(node.get("y").decimalValue()).isEqualByComparingTo("-1E-21");
        assertThat(node.get("marker").get("size").asDouble()).isEqualTo(2.5);
    }

    @Test
    void writesDoublesAsTheirShortestDecimalWhateverTheJava() {
        // Java 17's Double.toString writes 2.0000000000000002E23 for 2e23
        assertThat(encode(Point.of(2e23, 0.1))).isEqualTo("{\"x\":2.0E23,\"y\":0.1}\n");
        assertThat(encode(Point.of(-0.0, 1.0E-4))).isEqualTo("{\"x\":-0.0,\"y\":1.0E-4}\n");
        assertThat(encode(new Point(1, 21.37, null, 4.9E-324, 1.7976931348623157E308))).isEqualTo(
                "{\"x\":1,\"y\":21.37,\"marker\":{\"color\":4.9E-324,\"size\":1.7976931348623157E308}}\n");
    }

    @Test
    void randomDoublesReadBackExactlyFromTheEncodedLines() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        ObjectMapper json = new ObjectMapper();
        encoder.reset();
        double[] written = new double[20_000];
        for (int i = 0; i < written.length; i++) {
            double v;
            do {
                v = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(v));
            written[i] = v;
            encoder.appendPoint(Point.of(i, v));
        }
        String[] lines = new String(encoder.toByteArray(), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(written.length);
        for (int i = 0; i < lines.length; i++) {
            double read = json.readTree(lines[i]).get("y").doubleValue();
            assertThat(Double.doubleToRawLongBits(read)).as(lines[i]).isEqualTo(Double.doubleToRawLongBits(written[i]));
        }
    }

    @Test
    void writesBigDecimalsAsTheirPlainStringOnTheFastPathAndOffIt() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long unscaled = random.nextLong(-999_999_999_999_999_999L, 1_000_000_000_000_000_000L)
                    / (long) Math.pow(10, random.nextInt(18)); // every digit count from 1 to 18
            BigDecimal d = BigDecimal.valueOf(unscaled, random.nextInt(-4, 36)); // scales on and off the fast path
            assertThat(encode(Point.of(1, d))).as("%s scale %d", d, d.scale())
                    .isEqualTo("{\"x\":1,\"y\":" + d.toPlainString() + "}\n");
        }
        for (String text : new String[] {"-0.00000000000000000", "0", "-5E-30", "123456789012345678.9", "1E+2"}) {
            BigDecimal d = new BigDecimal(text);
            assertThat(encode(Point.of(1, d))).isEqualTo("{\"x\":1,\"y\":" + d.toPlainString() + "}\n");
        }
    }

    @Test
    void writesNullXOrYAsNull() {
        assertThat(encode(Point.of(1, null))).isEqualTo("{\"x\":1,\"y\":null}\n");
    }

    @Test
    void refusesNaNAndInfinityNamingTheAttribute() {
        assertThatThrownBy(() -> WriteEncoder.validate(Point.of(Double.NaN, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("x is NaN");
        assertThatThrownBy(() -> WriteEncoder.validate(new Point(1, 1, null, null, Float.NEGATIVE_INFINITY)))
                .hasMessageStartingWith("marker.size is -Infinity");
        assertThatThrownBy(() -> encode(Point.of(1, Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("y is Infinity");
    }

    @Test
    void refusesTypesAStreamCannotCarry() {
        assertThatThrownBy(() -> WriteEncoder.validate(new Point(1, 2, new Date(0), null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("text has type java.util.Date; a stream can carry only numbers, strings, booleans and null");
    }

    @Test
    void writesAWindowAsListsOnlyForAttributesSomePointHas() {
        encoder.reset();
        encoder.appendWindow(List.of(Point.of(1, 10), Point.of(2, 20)));
        assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("{\"x\":[1,2],\"y\":[10,20]}\n");

        encoder.reset();
        encoder.appendWindow(List.of(new Point(1, 10, "a", null, 5), new Point(2, 20, null, "blue", null)));
        assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"x\":[1,2],\"y\":[10,20],\"text\":[\"a\",null],\"marker\":{\"color\":[null,\"blue\"],\"size\":[5,null]}}\n");
    }

    @Test
    void resetEmptiesTheBufferForTheNextChunk() {
        encoder.appendPoint(Point.of(1, 1));
        encoder.appendPoint(Point.of(2, 2));
        assertThat(encoder.length()).isEqualTo(28);
        encoder.reset();
        encoder.appendPoint(Point.of(3, 3));
        assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":3,\"y\":3}\n");
    }

    @Test
    void writesEveryPointByteForByteAsJacksonWhetherWrittenDirectlyOrNot() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        WriteEncoder jackson = new WriteEncoder(true);
        for (int round = 0; round < 200; round++) {
            encoder.reset();
            jackson.reset();
            for (int i = 0; i < 100; i++) { // direct and Jackson-written points mixed in one buffer
                Point p = new Point(randomValue(random), randomValue(random),
                        random.nextInt(3) == 0 ? randomValue(random) : null,
                        random.nextInt(4) == 0 ? randomValue(random) : null,
                        random.nextInt(4) == 0 ? randomValue(random) : null);
                encoder.appendPoint(p);
                jackson.appendPoint(p);
            }
            assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(jackson.toByteArray(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRefusedValueLeavesNothingOfItsPointInTheBuffer() {
        encoder.reset();
        encoder.appendPoint(Point.of("2026-12-07 01:00:00.001", 1.5));
        assertThatThrownBy(() -> encoder.appendPoint(Point.of("2026-12-07 01:00:00.002", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("y is NaN");
        encoder.appendPoint(Point.of("2026-12-07 01:00:00.003", 2.5));
        assertThat(new String(encoder.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"x\":\"2026-12-07 01:00:00.001\",\"y\":1.5}\n{\"x\":\"2026-12-07 01:00:00.003\",\"y\":2.5}\n");
    }

    private static Object randomValue(java.util.SplittableRandom random) {
        switch (random.nextInt(12)) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
                return random.nextLong();
            case 3:
                return random.nextInt() >> random.nextInt(32);
            case 4:
                return random.nextBoolean() ? Long.MIN_VALUE : (short) random.nextInt();
            case 5: {
                double d;
                do {
                    d = Double.longBitsToDouble(random.nextLong());
                } while (!Double.isFinite(d));
                return d;
            }
            case 6:
                return 20.0 + 5.0 * Math.sin(random.nextInt(1_000_000) / 50.0); // peer-bench's kind
            case 7:
                return BigDecimal.valueOf(random.nextLong() / (long) Math.pow(10, random.nextInt(19)),
                        random.nextInt(-3, 34));
            case 8:
                return random.nextBoolean() ? (float) random.nextDouble() : new BigInteger(80, new java.util.Random(random.nextLong()));
            case 9:
                return "2026-12-07 01:" + random.nextInt(10, 60) + ":00." + random.nextInt(100, 1000);
            case 10: { // printable ASCII, now and then a quote, a backslash or a control character
                StringBuilder b = new StringBuilder();
                for (int i = random.nextInt(12); i > 0; i--) {
                    b.append((char) (random.nextInt(50) == 0 ? random.nextInt(0x20) : random.nextInt(0x20, 0x80)));
                }
                return b.toString();
            }
            default: { // anything in the BMP and beyond
                StringBuilder b = new StringBuilder();
                for (int i = random.nextInt(6); i > 0; i--) {
                    b.appendCodePoint(random.nextBoolean() ? random.nextInt(0x20, 0xd800) : random.nextInt(0x10000, 0x10ffff));
                }
                return b.toString();
            }
        }
    }
}
