package io.plotstream.point;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.ContentReference;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw-JSON fast path: pulls only the referenced values out of UTF-8 JSON text, in one pass for
 * all paths, and stops as soon as every path has been found. Subtrees no path goes into are
 * skipped (and checked) without being materialised.
 *
 * <p>A hand-written scanner over the bytes, not a Jackson parser: a parser per record was a quarter
 * of a task thread's time on the raw-bytes path (issue 15). It reads member names without making
 * Strings (they are compared as UTF-8 bytes with the referenced names), numbers without text, and
 * makes objects only for the values it returns. The grammar is RFC 8259's, as strict as Jackson's
 * defaults: no leading zeros, NaN, comments, single quotes or unquoted names; control characters
 * in strings and bad escapes are errors; strings read as values must be well-formed UTF-8. The
 * limits are Jackson's defaults ({@link StreamReadConstraints}): nesting depth and number length.
 * Errors are {@link JsonParseException}s with the line and column.
 *
 * <p>The paths are compiled into a trie at construction; the scanner is immutable and may be
 * shared. The per-scan state (position, a scratch buffer for strings with escapes) lives in a
 * {@link Cursor}: a thread-confined caller keeps one and reuses it across records. Each scan fills
 * a caller-owned array: slot {@code i} receives the value of path {@code i} ({@link String},
 * {@link Long}, {@link BigInteger}, {@link Double} or {@link BigDecimal}, {@link Boolean}, null),
 * a {@link JsonContainer} when an object or array sits there, or {@link FieldRef#MISSING}. Steps
 * that do not fit (a name on an array, any step into a scalar) mean missing, a null on the way
 * means null: the same rules as {@link ObjectPathWalker}.
 *
 * <p>Because the scan stops early, text after the last needed value is not checked: a record that
 * is truncated or malformed only after the referenced fields is still mapped.
 */
final class JsonFieldScanner {
    /** Up to this many characters a decimal number goes through double without losing a digit. */
    private static final int MAX_DOUBLE_EXACT_CHARS = 15;
    /** Up to this many digits an exact decimal's unscaled value is a long, read without a String. */
    private static final int MAX_COMPACT_DIGITS = 18;
    private static final int MAX_DEPTH = StreamReadConstraints.DEFAULT_MAX_DEPTH;
    private static final int MAX_NUMBER_CHARS = StreamReadConstraints.DEFAULT_MAX_NUM_LEN;
    /** Powers of ten a double holds exactly: a product or quotient with one is correctly rounded. */
    private static final double[] EXACT_POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    private final Node root = new Node();
    private final int slots;

    JsonFieldScanner(List<PathSegment[]> paths) {
        this.slots = paths.size();
        for (int slot = 0; slot < paths.size(); slot++) {
            PathSegment[] path = paths.get(slot);
            if (path.length == 0) {
                throw new IllegalArgumentException("the whole value is not scanned, it is taken as it is");
            }
            insert(root, path, 0, slot);
        }
        root.freeze();
    }

    /**
     * A JSON Pointer token like "0" is a member name and an array index at once, so its path
     * branches: the slot sits under the member node and under the element node, and whichever
     * container the JSON has there decides which one is reached. Dotted names and [n] indexes
     * each take one branch only.
     */
    private static void insert(Node node, PathSegment[] path, int depth, int slot) {
        node.descendantSlots = append(node.descendantSlots, slot);
        if (depth == path.length) {
            node.slots = append(node.slots, slot);
            return;
        }
        PathSegment step = path[depth];
        if (step.name() != null) {
            insert(node.memberChild(step.name()), path, depth + 1, slot);
        }
        if (step.index() >= 0) {
            insert(node.elementChild(step.index()), path, depth + 1, slot);
        }
    }

    int slotCount() {
        return slots;
    }

    void scan(byte[] json, int offset, int length, Object[] out) throws IOException {
        scan(json, offset, length, out, new Cursor());
    }

    void scan(String json, Object[] out) throws IOException {
        scanText(json, out, new Cursor());
    }

    /** Scans JSON text given as String, byte[] or ByteBuffer (the shapes String/ByteArray converters give). */
    void scanText(Object text, Object[] out) throws IOException {
        scanText(text, out, new Cursor());
    }

    /** As {@link #scanText(Object, Object[])}, reusing a thread-confined cursor's buffers. */
    void scanText(Object text, Object[] out, Cursor cursor) throws IOException {
        if (text instanceof byte[]) {
            byte[] bytes = (byte[]) text;
            scan(bytes, 0, bytes.length, out, cursor);
        } else if (text instanceof ByteBuffer) {
            ByteBuffer buffer = (ByteBuffer) text;
            if (buffer.hasArray()) {
                scan(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), out, cursor);
            } else {
                byte[] copy = new byte[buffer.remaining()];
                buffer.duplicate().get(copy);
                scan(copy, 0, copy.length, out, cursor);
            }
        } else {
            // The StringConverter path: scanned as its UTF-8 bytes (an unpaired surrogate becomes '?').
            byte[] bytes = ((String) text).getBytes(StandardCharsets.UTF_8);
            scan(bytes, 0, bytes.length, out, cursor);
        }
    }

    static boolean isText(Object value) {
        return value instanceof String || value instanceof byte[] || value instanceof ByteBuffer;
    }

    private void scan(byte[] json, int offset, int length, Object[] out, Cursor c) throws IOException {
        Arrays.fill(out, 0, slots, FieldRef.MISSING);
        c.start(json, offset, offset + length);
        try {
            c.skipByteOrderMark();
            if (c.skipWhitespace() < 0) {
                throw new IOException("no JSON value (the text is empty)");
            }
            visit(c, root, out, slots, 0);
        } finally {
            c.in = null; // do not keep the record's bytes reachable
        }
    }

    /**
     * Visits the value at the cursor (whitespace skipped) against {@code node}; consumes it entirely
     * unless every slot is filled, in which case it returns 0 at once and the scan ends.
     *
     * @return the number of slots still unfilled
     */
    private static int visit(Cursor c, Node node, Object[] out, int remaining, int depth) throws IOException {
        int b = c.peek();
        switch (b) {
            case '{':
                if (node.slots.length > 0 && (remaining = fill(node.slots, JsonContainer.OBJECT, out, remaining)) == 0) {
                    return 0;
                }
                return node.names == null ? c.skipValue(depth, remaining) : visitObject(c, node, out, remaining, depth);
            case '[':
                if (node.slots.length > 0 && (remaining = fill(node.slots, JsonContainer.ARRAY, out, remaining)) == 0) {
                    return 0;
                }
                return node.indexes == null ? c.skipValue(depth, remaining) : visitArray(c, node, out, remaining, depth);
            case 'n':
                c.literal(Cursor.NULL);
                // {"a": null} read as value.a.b: the path exists up to a null, so the value is null.
                return fill(node.descendantSlots, null, out, remaining);
            default:
                if (node.slots.length == 0) {
                    return c.skipValue(depth, remaining);
                }
                return fill(node.slots, c.scalar(b), out, remaining);
        }
    }

    private static int visitObject(Cursor c, Node node, Object[] out, int remaining, int depth) throws IOException {
        c.enter(depth);
        c.pos++; // '{'
        if (c.skipWhitespaceExpecting("a member name or '}'") == '}') {
            c.pos++;
            return remaining;
        }
        while (true) {
            Node child = node.member(c);
            c.colon();
            if (child == null) {
                c.skipValue(depth + 1, remaining);
            } else if ((remaining = visit(c, child, out, remaining, depth + 1)) == 0) {
                return 0;
            }
            if (c.afterMember('}')) {
                return remaining;
            }
        }
    }

    private static int visitArray(Cursor c, Node node, Object[] out, int remaining, int depth) throws IOException {
        c.enter(depth);
        c.pos++; // '['
        if (c.skipWhitespaceExpecting("a value or ']'") == ']') {
            c.pos++;
            return remaining;
        }
        int index = 0;
        while (true) {
            Node child = node.childAt(index++);
            if (child == null) {
                c.skipValue(depth + 1, remaining);
            } else if ((remaining = visit(c, child, out, remaining, depth + 1)) == 0) {
                return 0;
            }
            if (c.afterMember(']')) {
                return remaining;
            }
        }
    }

    private static int fill(int[] slotsHere, Object value, Object[] out, int remaining) {
        for (int slot : slotsHere) {
            if (out[slot] == FieldRef.MISSING) { // duplicate keys: the first occurrence wins
                out[slot] = value;
                remaining--;
            }
        }
        return remaining;
    }

    private static int[] append(int[] array, int value) {
        int[] grown = Arrays.copyOf(array, array.length + 1);
        grown[array.length] = value;
        return grown;
    }

    /**
     * The reading position in one text and a scratch buffer for decoded strings: what a scan
     * changes. Not thread-safe; a thread-confined caller reuses one across records.
     */
    static final class Cursor {
        private static final byte[] NULL = {'n', 'u', 'l', 'l'};
        private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
        private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

        private byte[] in;
        private int pos;
        private int end;
        private int begin;
        private char[] chars = new char[0]; // grown on the first string that needs decoding

        private void start(byte[] json, int from, int to) {
            in = json;
            pos = from;
            begin = from;
            end = to;
        }

        private void skipByteOrderMark() {
            if (end - pos >= 3 && in[pos] == (byte) 0xEF && in[pos + 1] == (byte) 0xBB && in[pos + 2] == (byte) 0xBF) {
                pos += 3;
            }
        }

        /** @return the next byte that is not whitespace (not consumed), or -1 at the end */
        private int skipWhitespace() {
            while (pos < end) {
                int b = in[pos];
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return b & 0xff;
                }
                pos++;
            }
            return -1;
        }

        private int skipWhitespaceExpecting(String what) throws JsonParseException {
            int b = skipWhitespace();
            if (b < 0) {
                throw error("unexpected end of the text, expected " + what);
            }
            return b;
        }

        private int peek() throws JsonParseException {
            return skipWhitespaceExpecting("a value");
        }

        private void enter(int depth) throws JsonParseException {
            if (depth >= MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH + " levels");
            }
        }

        private void colon() throws JsonParseException {
            if (skipWhitespaceExpecting("':'") != ':') {
                throw unexpected("':' after a member name");
            }
            pos++;
        }

        /** After a member or element: true at the container's end (consumed), false after a comma. */
        private boolean afterMember(char close) throws JsonParseException {
            int b = skipWhitespace();
            if (b == close) {
                pos++;
                return true;
            }
            if (b == ',') {
                pos++;
                return false;
            }
            throw unexpected("',' or '" + close + "'"); // the message is built only here, not per member
        }

        /** Reads a member name (whitespace before it skipped) and returns its child in {@code node}, or null. */
        private Node nameChild(Node node) throws JsonParseException {
            if (skipWhitespaceExpecting("a member name") != '"') {
                throw unexpected("a member name in double quotes");
            }
            int from = ++pos;
            while (true) {
                if (pos >= end) {
                    throw error("unexpected end of the text in a member name");
                }
                int b = in[pos] & 0xff;
                if (b == '"') {
                    pos++;
                    return node.childNamed(in, from, pos - 1 - from);
                }
                if (b == '\\') { // escapes: decode the name (rare), then look it up
                    pos = from;
                    String name = decodeString();
                    return node.childNamed(name);
                }
                if (b < 0x20) {
                    throw error("control character (code " + b + ") in a member name: it must be escaped");
                }
                pos++;
            }
        }

        /** A scalar value starting with byte {@code b}: a string, number, true or false (null is read by the caller). */
        private Object scalar(int b) throws JsonParseException {
            switch (b) {
                case '"':
                    pos++;
                    return readString();
                case 't':
                    literal(TRUE);
                    return Boolean.TRUE;
                case 'f':
                    literal(FALSE);
                    return Boolean.FALSE;
                default:
                    return number();
            }
        }

        /**
         * Skips the value at the cursor (whitespace before it skipped), checking its grammar.
         *
         * @return {@code remaining}, unchanged (so callers can return it directly)
         */
        private int skipValue(int depth, int remaining) throws JsonParseException {
            int b = peek();
            switch (b) {
                case '{':
                    enter(depth);
                    pos++;
                    if (skipWhitespaceExpecting("a member name or '}'") == '}') {
                        pos++;
                        return remaining;
                    }
                    do {
                        if (skipWhitespaceExpecting("a member name") != '"') {
                            throw unexpected("a member name in double quotes");
                        }
                        pos++;
                        skipString();
                        colon();
                        skipValue(depth + 1, remaining);
                    } while (!afterMember('}'));
                    return remaining;
                case '[':
                    enter(depth);
                    pos++;
                    if (skipWhitespaceExpecting("a value or ']'") == ']') {
                        pos++;
                        return remaining;
                    }
                    do {
                        skipValue(depth + 1, remaining);
                    } while (!afterMember(']'));
                    return remaining;
                case '"':
                    pos++;
                    skipString();
                    return remaining;
                case 'n':
                    literal(NULL);
                    return remaining;
                case 't':
                    literal(TRUE);
                    return remaining;
                case 'f':
                    literal(FALSE);
                    return remaining;
                default:
                    numberEnd();
                    return remaining;
            }
        }

        private void literal(byte[] word) throws JsonParseException {
            if (end - pos < word.length) {
                throw unexpected("a value");
            }
            for (int i = 0; i < word.length; i++) {
                if (in[pos + i] != word[i]) {
                    throw unexpected("a value");
                }
            }
            pos += word.length;
            requireDelimiter();
        }

        /** A value must be followed by whitespace, ',', ']', '}' or the end: "truex" and "12abc" are errors. */
        private void requireDelimiter() throws JsonParseException {
            if (pos < end) {
                int b = in[pos];
                if (b != ',' && b != ']' && b != '}' && b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    throw unexpected("',', ']', '}' or whitespace after a value");
                }
            }
        }

        /** Skips a string whose opening quote is consumed, checking escapes and control characters. */
        private void skipString() throws JsonParseException {
            while (true) {
                if (pos >= end) {
                    throw error("unexpected end of the text in a string");
                }
                int b = in[pos++] & 0xff;
                if (b == '"') {
                    return;
                }
                if (b == '\\') {
                    escape();
                } else if (b < 0x20) {
                    pos--;
                    throw error("control character (code " + b + ") in a string: it must be escaped");
                }
            }
        }

        /** Reads a string whose opening quote is consumed. Plain ASCII is copied; anything else decoded. */
        private String readString() throws JsonParseException {
            int from = pos;
            while (true) {
                if (pos >= end) {
                    throw error("unexpected end of the text in a string");
                }
                int b = in[pos];
                if (b == '"') {
                    String s = new String(in, from, pos - from, StandardCharsets.ISO_8859_1); // ASCII: one byte a char
                    pos++;
                    return s;
                }
                if (b == '\\' || b < 0x20) { // an escape, a control character, or a byte >= 0x80 (negative)
                    pos = from;
                    return decodeString();
                }
                pos++;
            }
        }

        /** Decodes a string from the cursor (just after its opening quote): escapes and UTF-8, checked. */
        private String decodeString() throws JsonParseException {
            int n = 0;
            while (true) {
                if (pos >= end) {
                    throw error("unexpected end of the text in a string");
                }
                if (n + 2 > chars.length) { // room for a surrogate pair; a string never has more chars than bytes
                    chars = Arrays.copyOf(chars, Math.max(chars.length * 2, 64));
                }
                int b = in[pos++] & 0xff;
                if (b == '"') {
                    return new String(chars, 0, n);
                }
                if (b == '\\') {
                    chars[n++] = escape();
                } else if (b < 0x20) {
                    pos--;
                    throw error("control character (code " + b + ") in a string: it must be escaped");
                } else if (b < 0x80) {
                    chars[n++] = (char) b;
                } else {
                    int cp = utf8Sequence(b);
                    if (cp >= 0x10000) {
                        chars[n++] = Character.highSurrogate(cp);
                        chars[n++] = Character.lowSurrogate(cp);
                    } else {
                        chars[n++] = (char) cp;
                    }
                }
            }
        }

        /** The rest of a UTF-8 sequence whose lead byte {@code b} is consumed: its code point, or an error. */
        private int utf8Sequence(int b) throws JsonParseException {
            int need;
            int cp;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
                cp = b & 0x1F;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                cp = b & 0x0F;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                cp = b & 0x07;
                min = 0x10000;
            } else {
                pos--;
                throw error("invalid UTF-8 start byte 0x" + Integer.toHexString(b));
            }
            for (int i = 0; i < need; i++) {
                int cont = pos < end ? in[pos] & 0xff : -1;
                if ((cont & 0xC0) != 0x80) {
                    throw error("invalid UTF-8: a sequence is cut short");
                }
                pos++;
                cp = (cp << 6) | (cont & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                pos -= need + 1;
                throw error("invalid UTF-8: an overlong form, a surrogate or a code point above U+10FFFF");
            }
            return cp;
        }

        /** An escape whose backslash is consumed: the character it stands for. */
        private char escape() throws JsonParseException {
            if (pos >= end) {
                throw error("unexpected end of the text in an escape");
            }
            int b = in[pos++];
            switch (b) {
                case '"':
                    return '"';
                case '\\':
                    return '\\';
                case '/':
                    return '/';
                case 'b':
                    return '\b';
                case 'f':
                    return '\f';
                case 'n':
                    return '\n';
                case 'r':
                    return '\r';
                case 't':
                    return '\t';
                case 'u':
                    if (end - pos < 4) {
                        throw error("unexpected end of the text in a \\u escape");
                    }
                    int value = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = Character.digit(in[pos], 16);
                        if (digit < 0) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        value = (value << 4) | digit;
                        pos++;
                    }
                    return (char) value; // a surrogate half stands as it is, as in Jackson
                default:
                    pos--;
                    throw error("unrecognised escape '\\" + (char) (b & 0xff) + "'");
            }
        }

        /** Checks a number's grammar from the cursor and returns the index after it. */
        private int numberEnd() throws JsonParseException {
            int from = pos;
            if (pos < end && in[pos] == '-') {
                pos++;
            }
            if (pos >= end || !digit(in[pos])) {
                throw unexpected("a value");
            }
            if (in[pos] == '0' && pos + 1 < end && digit(in[pos + 1])) {
                throw error("a number must not have leading zeros");
            }
            while (pos < end && digit(in[pos])) {
                pos++;
            }
            if (pos < end && in[pos] == '.') {
                pos++;
                if (pos >= end || !digit(in[pos])) {
                    throw error("a decimal point must be followed by a digit");
                }
                while (pos < end && digit(in[pos])) {
                    pos++;
                }
            }
            if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
                pos++;
                if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
                    pos++;
                }
                if (pos >= end || !digit(in[pos])) {
                    throw error("an exponent needs a digit");
                }
                while (pos < end && digit(in[pos])) {
                    pos++;
                }
            }
            if (pos - from > MAX_NUMBER_CHARS) {
                pos = from;
                throw error("a number longer than " + MAX_NUMBER_CHARS + " characters");
            }
            requireDelimiter();
            return pos;
        }

        /**
         * A number: Long when integral and in range (BigInteger beyond), Double when a decimal of up
         * to {@value #MAX_DOUBLE_EXACT_CHARS} characters (exactly as written, BigDecimal when longer).
         */
        private Object number() throws JsonParseException {
            int from = pos;
            int to = numberEnd();
            boolean negative = in[from] == '-';
            int i = negative ? from + 1 : from;
            long mantissa = 0;
            int digits = 0;
            while (i < to && digit(in[i])) {
                mantissa = mantissa * 10 + (in[i++] - '0');
                digits++;
            }
            if (i == to) { // integral
                if (digits <= 18) {
                    return negative ? -mantissa : mantissa;
                }
                BigInteger big = new BigInteger(new String(in, from, to - from, StandardCharsets.ISO_8859_1));
                return big.bitLength() < 64 ? (Object) big.longValue() : big;
            }
            if (to - from > MAX_DOUBLE_EXACT_CHARS) {
                // Longer decimals are kept exact, as written, rather than silently rounded.
                return exactDecimal(from, to, negative, i, mantissa, digits);
            }
            int exponent = 0;
            if (in[i] == '.') {
                i++;
                while (i < to && digit(in[i])) {
                    mantissa = mantissa * 10 + (in[i++] - '0'); // at most 14 digits in all: exact in a long and a double
                    exponent--;
                }
            }
            if (i < to) { // e or E
                i++;
                boolean negativeExponent = in[i] == '-';
                if (in[i] == '-' || in[i] == '+') {
                    i++;
                }
                int e = 0;
                while (i < to) {
                    e = Math.min(e * 10 + (in[i++] - '0'), 100_000); // far beyond any double; cannot overflow
                }
                exponent += negativeExponent ? -e : e;
            }
            double value;
            if (exponent >= 0 && exponent < EXACT_POWERS_OF_TEN.length) {
                value = mantissa * EXACT_POWERS_OF_TEN[exponent]; // both exact: one correctly rounded product
            } else if (exponent < 0 && -exponent < EXACT_POWERS_OF_TEN.length) {
                value = mantissa / EXACT_POWERS_OF_TEN[-exponent];
            } else {
                value = Math.abs(Double.parseDouble(new String(in, from, to - from, StandardCharsets.ISO_8859_1)));
            }
            return negative ? -value : value;
        }

        /**
         * A decimal longer than a double keeps exactly, as {@code new BigDecimal(text)} reads it.
         * With at most {@value #MAX_COMPACT_DIGITS} digits (a double's 17 included: what producers
         * print for a double) it is built from the digits in hand, without a temporary String; the
         * writer prints such a value back without one too.
         *
         * @param i where the integer part ended; {@code mantissa} and {@code digits} are that part's
         */
        private BigDecimal exactDecimal(int from, int to, boolean negative, int i, long mantissa, int digits) {
            int scale = 0;
            if (in[i] == '.') {
                i++;
                while (i < to && digit(in[i])) {
                    if (++digits <= MAX_COMPACT_DIGITS) {
                        mantissa = mantissa * 10 + (in[i] - '0');
                    }
                    i++;
                    scale++;
                }
            }
            if (digits > MAX_COMPACT_DIGITS || i < to) { // many digits, or an exponent: the general reading
                return new BigDecimal(new String(in, from, to - from, StandardCharsets.ISO_8859_1));
            }
            return BigDecimal.valueOf(negative ? -mantissa : mantissa, scale);
        }

        private static boolean digit(byte b) {
            return b >= '0' && b <= '9';
        }

        private JsonParseException unexpected(String expected) {
            if (pos >= end) {
                return error("unexpected end of the text, expected " + expected);
            }
            int b = in[pos] & 0xff;
            String shown = b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : "byte 0x" + Integer.toHexString(b);
            return error("unexpected character " + shown + ", expected " + expected);
        }

        private JsonParseException error(String message) {
            int line = 1;
            int lineStart = begin;
            for (int i = begin; i < Math.min(pos, end); i++) {
                if (in[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            JsonLocation where = new JsonLocation(ContentReference.unknown(), pos - begin, -1, line, pos - lineStart + 1);
            return new JsonParseException(null, message, where);
        }
    }

    /** One position in the trie of referenced paths. */
    private static final class Node {
        int[] slots = new int[0];           // paths that end here
        int[] descendantSlots = new int[0]; // paths that end here or below
        private Map<String, Node> byName;   // while building
        String[] names;                     // steps into object members, once frozen (few, so a linear search)
        byte[][] utf8Names;
        Node[] nameNodes;
        int[] indexes;                      // steps into array elements (few, so a linear search)
        Node[] indexNodes;

        Node memberChild(String name) {
            if (byName == null) {
                byName = new LinkedHashMap<>();
            }
            return byName.computeIfAbsent(name, n -> new Node());
        }

        Node elementChild(int index) {
            Node child = childAt(index);
            if (child == null) {
                child = new Node();
                indexes = indexes == null ? new int[] {index} : append(indexes, index);
                indexNodes = indexNodes == null ? new Node[] {child} : appendNode(indexNodes, child);
            }
            return child;
        }

        /** Turns the building map into arrays compared against raw bytes, here and below. */
        void freeze() {
            if (byName != null) {
                names = byName.keySet().toArray(new String[0]);
                nameNodes = byName.values().toArray(new Node[0]);
                utf8Names = new byte[names.length][];
                for (int i = 0; i < names.length; i++) {
                    utf8Names[i] = names[i].getBytes(StandardCharsets.UTF_8);
                }
                byName = null;
                for (Node child : nameNodes) {
                    child.freeze();
                }
            }
            if (indexNodes != null) {
                for (Node child : indexNodes) {
                    child.freeze();
                }
            }
        }

        Node member(Cursor c) throws JsonParseException {
            return c.nameChild(this);
        }

        Node childNamed(byte[] text, int from, int length) {
            for (int i = 0; i < utf8Names.length; i++) {
                byte[] name = utf8Names[i];
                if (name.length == length && Arrays.equals(name, 0, length, text, from, from + length)) {
                    return nameNodes[i];
                }
            }
            return null;
        }

        Node childNamed(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return nameNodes[i];
                }
            }
            return null;
        }

        Node childAt(int index) {
            if (indexes != null) {
                for (int i = 0; i < indexes.length; i++) {
                    if (indexes[i] == index) {
                        return indexNodes[i];
                    }
                }
            }
            return null;
        }

        private static Node[] appendNode(Node[] array, Node node) {
            Node[] grown = Arrays.copyOf(array, array.length + 1);
            grown[array.length] = node;
            return grown;
        }
    }
}
