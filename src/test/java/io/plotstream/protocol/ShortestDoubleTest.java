package io.plotstream.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ShortestDoubleTest {
    /** RFC 8259's number grammar. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    @Test
    void writesWhatJava19DoubleToStringWrites() {
        assertThat(ShortestDouble.toString(1.0)).isEqualTo("1.0");
        assertThat(ShortestDouble.toString(0.1)).isEqualTo("0.1");
        assertThat(ShortestDouble.toString(21.37)).isEqualTo("21.37");
        assertThat(ShortestDouble.toString(-3.5)).isEqualTo("-3.5");
        assertThat(ShortestDouble.toString(123456.789)).isEqualTo("123456.789");
        assertThat(ShortestDouble.toString(9999999.0)).isEqualTo("9999999.0");
        assertThat(ShortestDouble.toString(1e7)).isEqualTo("1.0E7");
        assertThat(ShortestDouble.toString(12345678.9)).isEqualTo("1.23456789E7");
        assertThat(ShortestDouble.toString(0.001)).isEqualTo("0.001");
        assertThat(ShortestDouble.toString(0.00123)).isEqualTo("0.00123");
        assertThat(ShortestDouble.toString(0.0001)).isEqualTo("1.0E-4");
        assertThat(ShortestDouble.toString(1.5e-5)).isEqualTo("1.5E-5");
        assertThat(ShortestDouble.toString(1e22)).isEqualTo("1.0E22");
        assertThat(ShortestDouble.toString(1e100)).isEqualTo("1.0E100");
        assertThat(ShortestDouble.toString(0.30000000000000004)).isEqualTo("0.30000000000000004");
        assertThat(ShortestDouble.toString(9007199254740991.0)).isEqualTo("9.007199254740991E15");
    }

    @Test
    void printsTheShortDigitsWhereJava11And17PrintMore() {
        // Java 17's Double.toString gives 2.0000000000000002E23 here: one value, two texts.
        assertThat(ShortestDouble.toString(2e23)).isEqualTo("2.0E23");
        assertThat(ShortestDouble.toString(8.41e21)).isEqualTo("8.41E21");
        assertThat(ShortestDouble.toString(5.0e-324)).isEqualTo("4.9E-324");
    }

    @Test
    void zerosExtremesAndSubnormals() {
        assertThat(ShortestDouble.toString(0.0)).isEqualTo("0.0");
        assertThat(ShortestDouble.toString(-0.0)).isEqualTo("-0.0");
        assertThat(ShortestDouble.toString(Double.MIN_VALUE)).isEqualTo("4.9E-324");
        assertThat(ShortestDouble.toString(-Double.MIN_VALUE)).isEqualTo("-4.9E-324");
        // 1.0E-323 reads back too (Java 17 prints it), but of the two-digit decimals 9.9E-324 is closer
        assertThat(ShortestDouble.toString(2 * Double.MIN_VALUE)).isEqualTo("9.9E-324");
        assertThat(ShortestDouble.toString(Double.MAX_VALUE)).isEqualTo("1.7976931348623157E308");
        assertThat(ShortestDouble.toString(-Double.MAX_VALUE)).isEqualTo("-1.7976931348623157E308");
        assertThat(ShortestDouble.toString(Double.MIN_NORMAL)).isEqualTo("2.2250738585072014E-308");
        assertThat(ShortestDouble.toString(Math.nextDown(Double.MIN_NORMAL))).isEqualTo("2.225073858507201E-308");
    }

    @Test
    void refusesWhatJsonCannotCarry() {
        byte[] out = new byte[ShortestDouble.MAX_CHARS];
        assertThatThrownBy(() -> ShortestDouble.write(Double.NaN, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> ShortestDouble.write(Double.POSITIVE_INFINITY, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> ShortestDouble.write(Double.NEGATIVE_INFINITY, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-Infinity");
    }

    @Test
    void writesAtAnOffsetAndTouchesNothingElse() {
        byte[] out = new byte[10 + ShortestDouble.MAX_CHARS + 10];
        java.util.Arrays.fill(out, (byte) '#');
        double longest = -1.2345678901234568E-300; // 17 digits, a sign, a three-digit negative exponent
        int end = ShortestDouble.write(longest, out, 10);
        assertThat(new String(out, 10, end - 10, StandardCharsets.US_ASCII)).isEqualTo("-1.2345678901234568E-300");
        assertThat(end - 10).isEqualTo(ShortestDouble.MAX_CHARS);
        for (int i = 0; i < out.length; i++) {
            if (i < 10 || i >= end) {
                assertThat(out[i]).as("byte %d", i).isEqualTo((byte) '#');
            }
        }
    }

    /** Millions of random bit patterns: every finite one must read back as itself, as a JSON number. */
    @Test
    void randomDoublesReadBackExactly() {
        SplittableRandom random = new SplittableRandom(20261206);
        byte[] out = new byte[ShortestDouble.MAX_CHARS];
        int checked = 0;
        for (int i = 0; i < 2_000_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(v)) {
                continue;
            }
            int end = ShortestDouble.write(v, out, 0);
            String text = new String(out, 0, end, StandardCharsets.ISO_8859_1);
            if (Double.doubleToRawLongBits(Double.parseDouble(text)) != Double.doubleToRawLongBits(v)) {
                fail("%s (bits %x) was written as %s", Double.toString(v), Double.doubleToRawLongBits(v), text);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(1_990_000);
    }

    /** Everyday values (a few decimals, moderate range) read back, and never longer than Double.toString. */
    @Test
    void sensorLikeDecimalsReadBackAndAreNeverLongerThanDoubleToString() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 300_000; i++) {
            double v = Math.round(random.nextDouble(-1000, 1000) * 100) / 100.0 * Math.pow(10, random.nextInt(-8, 9));
            String text = ShortestDouble.toString(v);
            if (Double.parseDouble(text) != v) {
                fail("%s was written as %s", Double.toString(v), text);
            }
            if (text.length() > Double.toString(v).length()) {
                fail("%s is longer than Double.toString's %s", text, Double.toString(v));
            }
        }
    }

    @Test
    void agreesWithTheSpecificationOnRandomValues() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v)) {
                checkAgainstReference(v);
            }
        }
    }

    @Test
    void agreesWithTheSpecificationOnPowersOfTenAndTheirNeighbours() {
        for (int e = -325; e <= 308; e++) {
            double v = Double.parseDouble("1e" + e);
            for (double w : new double[] {v, Math.nextUp(v), Math.nextDown(v)}) {
                if (Double.isFinite(w)) {
                    checkAgainstReference(w);
                    checkAgainstReference(-w);
                }
            }
        }
    }

    @Test
    void agreesWithTheSpecificationOnPowersOfTwo() {
        // at a power of two the rounding interval is lopsided (the gap below is half the gap above)
        for (int e = -1074; e <= 1023; e++) {
            double v = Math.scalb(1.0, e);
            checkAgainstReference(v);
            checkAgainstReference(Math.nextUp(v));
            if (v > Double.MIN_VALUE) {
                checkAgainstReference(Math.nextDown(v));
            }
        }
    }

    @Test
    void agreesWithTheSpecificationOnSubnormals() {
        for (long t = 1; t <= 3000; t++) {
            checkAgainstReference(Double.longBitsToDouble(t));
        }
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 5000; i++) {
            checkAgainstReference(Double.longBitsToDouble(random.nextLong(1, 1L << 52)));
        }
    }

    @Test
    void integersAreWrittenExactly() {
        for (long n = -100_000; n <= 100_000; n++) {
            assertThat(ShortestDouble.toString((double) n)).isEqualTo(Double.toString((double) n));
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            long n = random.nextLong(-(1L << 53), 1L << 53);
            assertThat(new BigDecimal(ShortestDouble.toString((double) n)).longValueExact()).isEqualTo(n);
            checkAgainstReference((double) random.nextLong()); // above 2^53: the short form
        }
    }

    /**
     * The definition, computed with BigDecimal: of the decimals that read back as v, those of the
     * least length n (2 when 1 would do), and of those the closest to v, the even one on a tie.
     * Only the nearest n-digit decimals below and above v can qualify; both are tried.
     */
    private static void checkAgainstReference(double v) {
        String text = ShortestDouble.toString(v);
        if (!JSON_NUMBER.matcher(text).matches()) {
            fail("%s is not a JSON number (for %s)", text, Double.toString(v));
        }
        if (v == 0) {
            assertThat(text).isEqualTo(Double.toString(v));
            return;
        }
        BigDecimal exact = new BigDecimal(Math.abs(v));
        BigDecimal expected = null;
        for (int n = 1; n <= 17 && expected == null; n++) {
            int length = n;
            if (n == 1 && (readsBack(exact.round(new MathContext(1, RoundingMode.FLOOR)), v)
                    || readsBack(exact.round(new MathContext(1, RoundingMode.CEILING)), v))) {
                length = 2;
            }
            BigDecimal below = exact.round(new MathContext(length, RoundingMode.FLOOR));
            BigDecimal above = exact.round(new MathContext(length, RoundingMode.CEILING));
            boolean belowIn = readsBack(below, v);
            boolean aboveIn = readsBack(above, v);
            if (belowIn && aboveIn) {
                int cmp = exact.subtract(below).compareTo(above.subtract(exact));
                expected = cmp < 0 ? below : cmp > 0 ? above
                        : below.unscaledValue().testBit(0) ? above : below;
            } else if (belowIn) {
                expected = below;
            } else if (aboveIn) {
                expected = above;
            }
        }
        if (expected == null) {
            fail("no decimal of up to 17 digits reads back as %s", Double.toString(v));
        }
        BigDecimal written = new BigDecimal(text).abs();
        if (written.compareTo(expected) != 0) {
            fail("%s (bits %x): wrote %s, the shortest closest decimal is %s", Double.toString(v),
                    Double.doubleToRawLongBits(v), text, expected.toString());
        }
        // Where Java 17 agrees on the value, the layout must be Double.toString's, character for character.
        String jdk = Double.toString(v);
        if (new BigDecimal(jdk).compareTo(new BigDecimal(text)) == 0 && !jdk.equals(text)) {
            fail("same value, other layout: %s vs Double.toString's %s", text, jdk);
        }
    }

    private static boolean readsBack(BigDecimal decimal, double v) {
        return Double.parseDouble(decimal.toString()) == Math.abs(v);
    }
}
