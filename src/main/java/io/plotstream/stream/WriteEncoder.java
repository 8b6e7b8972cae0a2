package io.plotstream.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.plotstream.point.Point;
import io.plotstream.protocol.ShortestDouble;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

/**
 * Turns points into the protocol's newline-delimited JSON, into one reusable byte buffer (the
 * writer sends a whole batch as one chunk, so a batch costs no allocation beyond buffer growth).
 *
 * <p>Append writes are scalars, one object per point: {@code {"x":..,"y":..,"text":..,"marker":{"color":..,"size":..}}}
 * (absent optional attributes omitted). A window write is one object of lists, which overwrites the
 * trace: {@code {"x":[..],"y":[..],"text":[..],"marker":{"color":[..],"size":[..]}}}, each optional list
 * present only when some point has that attribute (null where a point lacks it).
 *
 * <p>Values: {@link Number}s as JSON numbers (BigDecimal exact, never in exponent form; a double as
 * the shortest decimal that reads back as it, by {@link ShortestDouble}, written without a
 * temporary String whatever the worker's Java: Jackson's {@code writeNumber(double)} goes through
 * {@link Double#toString}, which allocates and on Java 11/17 sometimes prints more digits), strings
 * escaped, booleans, null. NaN and infinities have no JSON form and are refused with
 * {@link IllegalArgumentException}; {@link #validate(Point)} lets callers refuse them before
 * they are queued. Not thread-safe: one per writer. Public so benchmarks of the record-to-wire path
 * can measure exactly what the stream writes.
 */
public final class WriteEncoder {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            // Not USE_FAST_DOUBLE_WRITER: measured on Java 17 (RecordToWireBenchmark.encodeOnly, map) it
            // was slower (7.9 M vs 9.2 M points/s) and allocated 88 instead of 24 bytes per point.
            // raw UTF-8 for characters outside the BMP too, not an escaped surrogate pair
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
    // Field names pre-encoded once: the generator copies their bytes instead of encoding a String each time.
    private static final SerializableString X = new SerializedString("x");
    private static final SerializableString Y = new SerializedString("y");
    private static final SerializableString TEXT = new SerializedString("text");
    private static final SerializableString MARKER = new SerializedString("marker");
    private static final SerializableString COLOR = new SerializedString("color");
    private static final SerializableString SIZE = new SerializedString("size");

    /** A double's text, as bytes from ShortestDouble, then as the chars Jackson's raw-value write takes. */
    private final byte[] numberBytes = new byte[Math.max(ShortestDouble.MAX_CHARS, MAX_PLAIN_SCALE + 4)];
    private final char[] numberChars = new char[Math.max(ShortestDouble.MAX_CHARS, MAX_PLAIN_SCALE + 4)];
    /** BigDecimals up to this scale (and 18 digits) are printed here, beyond by Jackson. */
    private static final int MAX_PLAIN_SCALE = 30;
    private final GrowableBuffer buffer = new GrowableBuffer(4096);
    private final JsonGenerator gen;
    /** Tests: every point through Jackson, to compare with the direct writes. */
    private final boolean jacksonOnly;

    public WriteEncoder() {
        this(false);
    }

    WriteEncoder(boolean jacksonOnly) {
        this.jacksonOnly = jacksonOnly;
        try {
            gen = FACTORY.createGenerator(buffer);
            // Each write ends with our own "\n"; Jackson must not add its default " " between writes.
            gen.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Empties the buffer for the next chunk. */
    public void reset() {
        flushGenerator();
        buffer.reset();
    }

    /**
     * Appends one point as a scalar write and its newline. Written straight into the buffer when
     * every value is of a kind printed here byte for byte as Jackson prints it (see {@link #direct});
     * otherwise, or when {@code jacksonOnly}, through the Jackson generator, flushed right after.
     * Either way the bytes are the same (tested on random points); the direct write skips the
     * generator's per-value state checks, its per-character escaping of strings that need none, and
     * the char-to-byte copy of numbers printed here.
     *
     * @throws IllegalArgumentException as {@link #validate} (checked here: callers need not), and
     *                                  then nothing of the point is in the buffer
     */
    public void appendPoint(Point p) {
        if (!jacksonOnly) {
            int start = buffer.size();
            try {
                if (appendDirect(p)) {
                    return;
                }
            } catch (IllegalArgumentException e) {
                buffer.truncate(start);
                throw e;
            }
            buffer.truncate(start);
        }
        validate(p); // before the generator starts the object: a refused value must not leave it mid-write
        appendThroughJackson(p);
        flushGenerator(); // the buffer is whole again: the next point may be written directly
    }

    // Pre-encoded pieces of a scalar write, as Jackson writes them (no spaces).
    private static final byte[] OPEN_X = ascii("{\"x\":");
    private static final byte[] COMMA_Y = ascii(",\"y\":");
    private static final byte[] COMMA_TEXT = ascii(",\"text\":");
    private static final byte[] COMMA_MARKER = ascii(",\"marker\":{");
    private static final byte[] COLOR_FIRST = ascii("\"color\":");
    private static final byte[] COMMA_SIZE = ascii(",\"size\":");
    private static final byte[] SIZE_FIRST = ascii("\"size\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] LONG_MIN = ascii(Long.toString(Long.MIN_VALUE));

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The whole point straight into the buffer, or false (part written: the caller truncates). */
    private boolean appendDirect(Point p) {
        buffer.write(OPEN_X);
        if (!direct("x", p.x())) {
            return false;
        }
        buffer.write(COMMA_Y);
        if (!direct("y", p.y())) {
            return false;
        }
        if (p.text() != null) {
            buffer.write(COMMA_TEXT);
            if (!direct("text", p.text())) {
                return false;
            }
        }
        if (p.markerColor() != null || p.markerSize() != null) {
            buffer.write(COMMA_MARKER);
            if (p.markerColor() != null) {
                buffer.write(COLOR_FIRST);
                if (!direct("marker.color", p.markerColor())) {
                    return false;
                }
            }
            if (p.markerSize() != null) {
                buffer.write(p.markerColor() != null ? COMMA_SIZE : SIZE_FIRST);
                if (!direct("marker.size", p.markerSize())) {
                    return false;
                }
            }
            buffer.write('}');
        }
        buffer.write('}');
        buffer.write('\n');
        return true;
    }

    /**
     * Writes {@code v} as Jackson would, for the kinds where that is simple: null, booleans, whole
     * numbers up to a long, doubles (by {@link ShortestDouble}), BigDecimals on the plain fast path,
     * and strings of printable ASCII without a quote or backslash (timestamps' text, names): those
     * need no escaping and are their own UTF-8. Returns false for anything else.
     */
    private boolean direct(String attribute, Object v) {
        if (v instanceof String) {
            return directAscii((String) v);
        }
        if (v instanceof BigDecimal) {
            int n = plainDecimal((BigDecimal) v);
            if (n < 0) {
                return false;
            }
            buffer.write(numberBytes, 0, n);
            return true;
        }
        if (v instanceof Double) {
            double d = (Double) v;
            finite(attribute, d);
            buffer.ensure(ShortestDouble.MAX_CHARS);
            buffer.count = ShortestDouble.write(d, buffer.buf, buffer.count);
            return true;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            writeLong(((Number) v).longValue());
            return true;
        }
        if (v == null) {
            buffer.write(NULL);
            return true;
        }
        if (v instanceof Boolean) {
            buffer.write((Boolean) v ? TRUE : FALSE);
            return true;
        }
        return false;
    }

    private boolean directAscii(String s) {
        int len = s.length();
        buffer.ensure(len + 2);
        byte[] out = buffer.buf;
        int at = buffer.count;
        out[at++] = '"';
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
            out[at++] = (byte) c;
        }
        out[at++] = '"';
        buffer.count = at;
        return true;
    }

    /** How many decimal digits a non-negative long prints as. */
    private static int decimalDigits(long v) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        return digits;
    }

    private void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            buffer.write(LONG_MIN);
            return;
        }
        buffer.ensure(20);
        byte[] out = buffer.buf;
        int at = buffer.count;
        if (v < 0) {
            out[at++] = '-';
            v = -v;
        }
        int digits = decimalDigits(v);
        int end = at + digits;
        for (int i = end - 1; i >= at; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        buffer.count = end;
    }

    private void appendThroughJackson(Point p) {
        try {
            gen.writeStartObject();
            gen.writeFieldName(X);
            writeValue("x", p.x());
            gen.writeFieldName(Y);
            writeValue("y", p.y());
            if (p.text() != null) {
                gen.writeFieldName(TEXT);
                writeValue("text", p.text());
            }
            if (p.markerColor() != null || p.markerSize() != null) {
                gen.writeFieldName(MARKER);
                gen.writeStartObject();
                if (p.markerColor() != null) {
                    gen.writeFieldName(COLOR);
                    writeValue("marker.color", p.markerColor());
                }
                if (p.markerSize() != null) {
                    gen.writeFieldName(SIZE);
                    writeValue("marker.size", p.markerSize());
                }
                gen.writeEndObject();
            }
            gen.writeEndObject();
            gen.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the target is memory: cannot happen
        }
    }

    /** Appends one write of lists that replaces the trace with {@code points}, and its newline. */
    public void appendWindow(List<Point> points) {
        boolean anyText = false;
        boolean anyColor = false;
        boolean anySize = false;
        for (Point p : points) {
            anyText |= p.text() != null;
            anyColor |= p.markerColor() != null;
            anySize |= p.markerSize() != null;
        }
        try {
            gen.writeStartObject();
            writeList("x", points, Point::x);
            writeList("y", points, Point::y);
            if (anyText) {
                writeList("text", points, Point::text);
            }
            if (anyColor || anySize) {
                gen.writeObjectFieldStart("marker");
                if (anyColor) {
                    writeList("color", points, Point::markerColor);
                }
                if (anySize) {
                    writeList("size", points, Point::markerSize);
                }
                gen.writeEndObject();
            }
            gen.writeEndObject();
            gen.writeRaw('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The encoded bytes so far; valid until the next append or reset. */
    public byte[] bytes() {
        flushGenerator();
        return buffer.array();
    }

    public int length() {
        flushGenerator();
        return buffer.size();
    }

    /** Size of the reusable buffer, so a caller can drop an encoder that one huge batch grew. */
    public int capacity() {
        return buffer.array().length;
    }

    /** Copy of the encoded bytes (tests, diagnostics). */
    public byte[] toByteArray() {
        flushGenerator();
        return Arrays.copyOf(buffer.array(), buffer.size());
    }

    /**
     * Refuses a point whose values cannot be written: NaN/Infinity, or types plotly.js does not take.
     *
     * @throws IllegalArgumentException naming the attribute and the value
     */
    public static void validate(Point p) {
        if (p == null) {
            throw new IllegalArgumentException("point must not be null");
        }
        check("x", p.x());
        check("y", p.y());
        check("text", p.text());
        check("marker.color", p.markerColor());
        check("marker.size", p.markerSize());
    }

    private static void check(String attribute, Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof BigDecimal
                || v instanceof BigInteger || v instanceof Long || v instanceof Integer || v instanceof Short
                || v instanceof Byte) {
            return;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(attribute + " is " + v
                        + ": JSON has no NaN or Infinity, such a value cannot be streamed");
            }
            return;
        }
        if (v instanceof Number) {
            try {
                new BigDecimal(v.toString());
                return;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(attribute + " is a " + v.getClass().getName() + " ('" + v
                        + "') that is not a finite decimal number", e);
            }
        }
        throw new IllegalArgumentException(attribute + " has type " + v.getClass().getName()
                + "; a stream can carry only numbers, strings, booleans and null");
    }

    private interface Attribute {
        Object of(Point p);
    }

    private void writeList(String name, List<Point> points, Attribute attribute) throws IOException {
        gen.writeArrayFieldStart(name);
        for (Point p : points) {
            writeValue(name, attribute.of(p));
        }
        gen.writeEndArray();
    }

    private void writeValue(String attribute, Object v) throws IOException {
        if (v == null) {
            gen.writeNull();
        } else if (v instanceof String) {
            gen.writeString((String) v);
        } else if (v instanceof Boolean) {
            gen.writeBoolean((Boolean) v);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            gen.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigDecimal) {
            writeDecimal((BigDecimal) v);
        } else if (v instanceof BigInteger) {
            gen.writeNumber((BigInteger) v);
        } else if (v instanceof Double) {
            double d = (Double) v;
            finite(attribute, d);
            writeDouble(d);
        } else if (v instanceof Float) {
            Float f = (Float) v;
            finite(attribute, f);
            gen.writeNumber(f.floatValue());
        } else {
            check(attribute, v); // throws for non-numbers and non-finite custom Numbers
            gen.writeNumber(new BigDecimal(v.toString()));
        }
    }

    /**
     * A BigDecimal in plain notation, as {@link BigDecimal#toPlainString} prints it: from
     * {@link #plainDecimal} when it can, else by Jackson.
     */
    private void writeDecimal(BigDecimal d) throws IOException {
        int n = plainDecimal(d);
        if (n < 0) {
            gen.writeNumber(d);
            return;
        }
        for (int i = 0; i < n; i++) {
            numberChars[i] = (char) numberBytes[i]; // ASCII
        }
        gen.writeRawValue(numberChars, 0, n);
    }

    /**
     * Prints {@code d} as {@link BigDecimal#toPlainString} would into {@link #numberBytes} and returns
     * the length, or -1 when it is off this fast path. The ones a JSON record's long decimals become
     * (a double printed with 17 digits: up to 18 digits, a small positive scale) are printed from
     * the unscaled long. That long is read through {@code scaleByPowerOfTen(scale)} (the same
     * digits at scale 0, one compact BigDecimal) rather than {@code unscaledValue()}, which makes a
     * BigInteger and its array for every value.
     */
    private int plainDecimal(BigDecimal d) {
        int scale = d.scale();
        if (scale < 0 || scale > MAX_PLAIN_SCALE || d.precision() > 18) {
            return -1;
        }
        long unscaled = scale == 0 ? d.longValue() : d.scaleByPowerOfTen(scale).longValue();
        byte[] out = numberBytes;
        int n = 0;
        if (unscaled < 0) {
            out[n++] = '-';
            unscaled = -unscaled;
        }
        int digitCount = decimalDigits(unscaled);
        int intDigits = digitCount - scale; // <= 0: "0." and leading zeros come first
        if (intDigits <= 0) {
            out[n++] = '0';
            if (scale > 0) {
                out[n++] = '.';
                for (int z = intDigits; z < 0; z++) {
                    out[n++] = '0';
                }
            }
        }
        int end = n + digitCount + (scale > 0 && intDigits > 0 ? 1 : 0);
        int at = end;
        for (int k = 0; k < digitCount; k++) {
            if (scale > 0 && intDigits > 0 && k == scale) {
                out[--at] = '.';
            }
            out[--at] = (byte) ('0' + unscaled % 10);
            unscaled /= 10;
        }
        return end;
    }

    private void writeDouble(double d) throws IOException {
        int n = ShortestDouble.write(d, numberBytes, 0);
        for (int i = 0; i < n; i++) {
            numberChars[i] = (char) numberBytes[i]; // ASCII
        }
        gen.writeRawValue(numberChars, 0, n);
    }

    private static void finite(String attribute, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(attribute + " is " + d
                    + ": JSON has no NaN or Infinity, such a value cannot be streamed");
        }
    }

    private void flushGenerator() {
        try {
            gen.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ByteArrayOutputStream without synchronisation or copying on read. */
    private static final class GrowableBuffer extends OutputStream {
        byte[] buf;
        int count;

        GrowableBuffer(int initial) {
            buf = new byte[initial];
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }

        void truncate(int size) {
            count = size;
        }

        void ensure(int extra) {
            if (count + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + extra));
            }
        }

        void reset() {
            count = 0;
        }

        byte[] array() {
            return buf;
        }

        int size() {
            return count;
        }
    }
}
