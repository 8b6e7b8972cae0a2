package io.plotstream.protocol;

import java.math.BigInteger;

/**
 * Writes a finite {@code double} as the shortest decimal that reads back as the same double, as
 * JSON number text straight into a byte array: no temporary {@link String}, no allocation.
 *
 * <p>The digits are what {@link Double#toString(double)} gives from Java 19 on (JDK-4511638): of
 * all decimals that round to the double, those of the least length (at least 2 digits when 1 would
 * do), and of those the one closest to the double, the even one on a tie. Java 11 and 17 sometimes
 * print more digits ({@code 2.0000000000000002E23} for {@code 2e23}); the connector runs on both,
 * and the wire should not depend on the worker's Java. The layout is {@code Double.toString}'s too
 * (plain from 10<sup>-3</sup> up to below 10<sup>7</sup>, {@code 1.5E-5} / {@code 2.0E23} style
 * outside), which is a valid JSON number and what the connector wrote before.
 *
 * <p>The algorithm is Giulietti's Schubfach ("The Schubfach way to render doubles", 2020), written
 * here from the paper's description: the double's rounding interval is scaled by a power of ten
 * taken from a 126-bit table (computed at class initialisation with {@link BigInteger}, not copied
 * in), then the shortest decimal in the interval is picked with a few 64-bit multiplications.
 * Tested against a {@link java.math.BigDecimal} reference of the specification and by reading
 * millions of random values back ({@code ShortestDoubleTest}).
 */
public final class ShortestDouble {
    /** The longest output: {@code -1.2345678901234567E-308} is 24 characters. */
    public static final int MAX_CHARS = 24;

    private static final int P = 53;                 // significand bits, the hidden one included
    private static final int Q_MIN = -1074;          // exponent of the least subnormal
    private static final long C_MIN = 1L << (P - 1); // the least normal significand
    private static final long C_TINY = 3;            // below this, a subnormal needs the extra digit (dk)
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    private static final long MASK_63 = (1L << 63) - 1;
    private static final long T_MASK = (1L << (P - 1)) - 1;

    /** 10^-k ~ g 2^r with 2^125 <= g < 2^126, g rounded up; g1 = high 63 bits, g0 = low 63 bits. */
    private static final long[] G = table();

    private ShortestDouble() {
    }

    /**
     * Writes {@code v} into {@code out} from {@code at}; {@code out} needs {@link #MAX_CHARS} bytes free there.
     *
     * @return the index after the last byte written
     * @throws IllegalArgumentException for NaN and the infinities, which JSON cannot carry
     */
    public static int write(double v, byte[] out, int at) {
        long bits = Double.doubleToRawLongBits(v);
        long t = bits & T_MASK;
        int bq = (int) (bits >>> (P - 1)) & 0x7ff;
        if (bq == 0x7ff) {
            throw new IllegalArgumentException(v + " has no JSON form");
        }
        int pos = at;
        if (bits < 0) {
            out[pos++] = '-';
        }
        if (bq != 0) {
            int mq = -Q_MIN + 1 - bq;
            long c = C_MIN | t;
            if (0 < mq && mq < P) { // an integer below 2^53 is its own shortest decimal
                long f = c >> mq;
                if (f << mq == c) {
                    return chars(f, 0, out, pos);
                }
            }
            return shortest(-mq, c, 0, out, pos);
        }
        if (t != 0) { // subnormal
            return t < C_TINY ? shortest(Q_MIN, 10 * t, -1, out, pos) : shortest(Q_MIN, t, 0, out, pos);
        }
        out[pos++] = '0';
        out[pos++] = '.';
        out[pos++] = '0';
        return pos;
    }

    /** The same text as a String (tests, messages; the hot path writes bytes). */
    public static String toString(double v) {
        byte[] buffer = new byte[MAX_CHARS];
        int end = write(v, buffer, 0);
        return new String(buffer, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** v = c 2^q; the decimal found is scaled by 10^dk (dk = -1 when c was multiplied by 10). */
    private static int shortest(int q, long c, int dk, byte[] out, int pos) {
        int odd = (int) c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = floorLog10Pow2(q);
        } else { // at a power of two the gap below is half the gap above
            cbl = cb - 1;
            k = floorLog10ThreeQuartersPow2(q);
        }
        int h = q + floorLog2Pow10(-k) + 2;
        int index = (k - K_MIN) << 1;
        long g1 = G[index];
        long g0 = G[index + 1];
        // v, and the ends of its rounding interval, times 4 * 10^-k, rounded to odd
        long vb = roundToOdd(g1, g0, cb << h);
        long vbl = roundToOdd(g1, g0, cbl << h);
        long vbr = roundToOdd(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            // one digit fewer: the multiples of 10 around s
            long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
            long tp10 = sp10 + 10;
            boolean upin = vbl + odd <= sp10 << 2;
            boolean wpin = (tp10 << 2) + odd <= vbr;
            if (upin != wpin) {
                return chars(upin ? sp10 : tp10, k + dk, out, pos);
            }
        }
        long tt = s + 1;
        boolean uin = vbl + odd <= s << 2;
        boolean win = (tt << 2) + odd <= vbr;
        if (uin != win) {
            return chars(uin ? s : tt, k + dk, out, pos);
        }
        // both s and s + 1 are in the interval: the closer one, the even one on a tie
        long cmp = vb - ((s + tt) << 1);
        return chars(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : tt, k + dk, out, pos);
    }

    /** Round to odd of (g1 2^63 + g0) cp 2^-127. */
    private static long roundToOdd(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | ((z & MASK_63) + MASK_63) >>> 63;
    }

    /** floor(e log10 2), exact for |e| <= 5456721 (fixed-point log10 2). */
    private static int floorLog10Pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** floor(e log10 2 + log10 3/4). */
    private static int floorLog10ThreeQuartersPow2(int e) {
        return (int) (e * 661_971_961_083L - 274_743_187_321L >> 41);
    }

    /** floor(e log2 10). */
    private static int floorLog2Pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    /**
     * Lays out f 10^e the way Double.toString does: trailing zeros dropped, plain between 10^-3 and
     * 10^7 with at least one digit after the point, otherwise d.dddE[-]n.
     */
    private static int chars(long f, int e, byte[] out, int pos) {
        // Schubfach gives up to 17 digits, mostly trailing zeros for short decimals (18.37 comes as
        // 18370000000000000): drop them in big steps rather than one division per zero.
        if (f != 0) {
            while (f % 100_000_000 == 0) {
                f /= 100_000_000;
                e += 8;
            }
            if (f % 10_000 == 0) {
                f /= 10_000;
                e += 4;
            }
            if (f % 100 == 0) {
                f /= 100;
                e += 2;
            }
            if (f % 10 == 0) {
                f /= 10;
                e++;
            }
        }
        // the digits of f, most significant first, at out[pos + 2 ..] (room kept for "0." or a point)
        int n = digitCount(f);
        int exp10 = n - 1 + e; // v = d1.d2d3... 10^exp10
        if (exp10 >= 0 && exp10 < 7) {
            int intDigits = exp10 + 1;
            if (n <= intDigits) {
                pos = digits(f, n, out, pos);
                for (int i = n; i < intDigits; i++) {
                    out[pos++] = '0';
                }
                out[pos++] = '.';
                out[pos++] = '0';
                return pos;
            }
            // d..d.d..d: write all digits, then open the point by moving the fraction one place right
            int end = digits(f, n, out, pos);
            int point = pos + intDigits;
            System.arraycopy(out, point, out, point + 1, end - point);
            out[point] = '.';
            return end + 1;
        }
        if (exp10 < 0 && exp10 >= -3) {
            out[pos++] = '0';
            out[pos++] = '.';
            for (int i = -1; i > exp10; i--) {
                out[pos++] = '0';
            }
            return digits(f, n, out, pos);
        }
        // d.ddd E exp10
        int end = digits(f, n, out, pos + 1);
        out[pos] = out[pos + 1];
        out[pos + 1] = '.';
        if (n == 1) {
            out[end++] = '0';
        }
        out[end++] = 'E';
        int x = exp10;
        if (x < 0) {
            out[end++] = '-';
            x = -x;
        }
        if (x >= 100) {
            out[end++] = (byte) ('0' + x / 100);
            x %= 100;
            out[end++] = (byte) ('0' + x / 10);
        } else if (x >= 10) {
            out[end++] = (byte) ('0' + x / 10);
        }
        out[end++] = (byte) ('0' + x % 10);
        return end;
    }

    /** Writes the n decimal digits of f from pos; returns the index after them. */
    private static int digits(long f, int n, byte[] out, int pos) {
        int end = pos + n;
        int i = end;
        while (f >= 100) {
            int two = (int) (f % 100);
            f /= 100;
            out[--i] = (byte) ('0' + two % 10);
            out[--i] = (byte) ('0' + two / 10);
        }
        int last = (int) f;
        out[--i] = (byte) ('0' + last % 10);
        if (last >= 10) {
            out[--i] = (byte) ('0' + last / 10);
        }
        return end;
    }

    private static int digitCount(long f) {
        int n = 1;
        long limit = 10;
        while (n < 19 && f >= limit) {
            n++;
            limit *= 10;
        }
        return n;
    }

    private static long[] table() {
        long[] g = new long[(K_MAX - K_MIN + 1) << 1];
        BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
        for (int k = K_MIN; k <= K_MAX; k++) {
            int e = -k;
            int r = floorLog2Pow10(e) - 125; // 10^e = beta 2^r with 2^125 <= beta < 2^126
            BigInteger beta;
            if (e >= 0) {
                BigInteger pow = BigInteger.TEN.pow(e);
                beta = r >= 0 ? pow.shiftRight(r) : pow.shiftLeft(-r);
            } else {
                beta = BigInteger.ONE.shiftLeft(-r).divide(BigInteger.TEN.pow(-e));
            }
            BigInteger rounded = beta.add(BigInteger.ONE);
            int index = (k - K_MIN) << 1;
            g[index] = rounded.shiftRight(63).longValueExact();
            g[index + 1] = rounded.and(mask63).longValue();
        }
        return g;
    }
}
