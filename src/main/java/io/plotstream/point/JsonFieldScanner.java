package io.plotstream.point;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw-JSON fast path: pulls only the referenced values out of JSON text with Jackson's
 * streaming parser, in one pass for all paths, and stops as soon as every path has been found.
 * Subtrees no path goes into are skipped without being materialised.
 *
 * <p>The paths are compiled into a trie at construction; the scanner is immutable and may be
 * shared. Each scan fills a caller-owned array: slot {@code i} receives the value of path {@code i}
 * ({@link String}, {@link Long}, {@link java.math.BigInteger}, {@link Double} or
 * {@link java.math.BigDecimal}, {@link Boolean}, null), a {@link JsonContainer} when an object or
 * array sits there, or {@link FieldRef#MISSING}. Steps that do not fit (a name on an array, any step
 * into a scalar) mean missing, a null on the way means null: the same rules as
 * {@link ObjectPathWalker}.
 *
 * <p>Because the scan stops early, text after the last needed value is not checked: a record that
 * is truncated or malformed only after the referenced fields is still mapped.
 */
final class JsonFieldScanner {
    /**
     * Jackson's own number parsers are several times faster than the JDK's on the hot path. No
     * charset sniffing: JSON in Kafka is UTF-8 (RFC 8259, and what JsonConverter writes), and
     * skipping the detection saves a bootstrapper object per record.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.CHARSET_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamReadFeature.USE_FAST_BIG_NUMBER_PARSER)
            .build();
    /** Up to this many characters a decimal number goes through double without losing a digit. */
    private static final int MAX_DOUBLE_EXACT_CHARS = 15;

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
        try (JsonParser parser = JSON.createParser(json, offset, length)) {
            scan(parser, out);
        }
    }

    void scan(String json, Object[] out) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            scan(parser, out);
        }
    }

    /** Scans JSON text given as String, byte[] or ByteBuffer (the shapes String/ByteArray converters give). */
    void scanText(Object text, Object[] out) throws IOException {
        if (text instanceof byte[]) {
            byte[] bytes = (byte[]) text;
            scan(bytes, 0, bytes.length, out);
        } else if (text instanceof ByteBuffer) {
            ByteBuffer buffer = (ByteBuffer) text;
            if (buffer.hasArray()) {
                scan(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), out);
            } else {
                byte[] copy = new byte[buffer.remaining()];
                buffer.duplicate().get(copy);
                scan(copy, 0, copy.length, out);
            }
        } else {
            scan((String) text, out);
        }
    }

    static boolean isText(Object value) {
        return value instanceof String || value instanceof byte[] || value instanceof ByteBuffer;
    }

    private void scan(JsonParser parser, Object[] out) throws IOException {
        Arrays.fill(out, 0, slots, FieldRef.MISSING);
        if (parser.nextToken() == null) {
            throw new IOException("no JSON value (the text is empty)");
        }
        visit(parser, root, out, slots);
    }

    /**
     * Visits the value at the parser's current token against {@code node}; consumes it entirely
     * unless every slot is filled, in which case it returns 0 at once and the scan ends.
     *
     * @return the number of slots still unfilled
     */
    private int visit(JsonParser parser, Node node, Object[] out, int remaining) throws IOException {
        JsonToken token = parser.currentToken();
        if (node.slots.length > 0) {
            Object value = valueAt(parser, token);
            for (int slot : node.slots) {
                if (out[slot] == FieldRef.MISSING) { // duplicate keys: the first occurrence wins
                    out[slot] = value;
                    remaining--;
                }
            }
            if (remaining == 0) {
                return 0;
            }
        }
        if (token == JsonToken.START_OBJECT) {
            if (node.byName == null) {
                parser.skipChildren();
                return remaining;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                Node child = node.byName.get(parser.currentName());
                parser.nextToken();
                if (child == null) {
                    parser.skipChildren();
                } else if ((remaining = visit(parser, child, out, remaining)) == 0) {
                    return 0;
                }
            }
        } else if (token == JsonToken.START_ARRAY) {
            if (node.indexes == null) {
                parser.skipChildren();
                return remaining;
            }
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                Node child = node.childAt(index++);
                if (child == null) {
                    parser.skipChildren();
                } else if ((remaining = visit(parser, child, out, remaining)) == 0) {
                    return 0;
                }
            }
        } else if (token == JsonToken.VALUE_NULL) {
            // {"a": null} read as value.a.b: the path exists up to a null, so the value is null.
            for (int slot : node.descendantSlots) {
                if (out[slot] == FieldRef.MISSING) {
                    out[slot] = null;
                    remaining--;
                }
            }
        }
        return remaining;
    }

    private static Object valueAt(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                // Short decimals survive a trip through double digit for digit; longer ones are
                // kept exact, as written, rather than silently rounded.
                return parser.getTextLength() <= MAX_DOUBLE_EXACT_CHARS
                        ? (Object) parser.getDoubleValue() : parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case START_OBJECT:
                return JsonContainer.OBJECT;
            case START_ARRAY:
                return JsonContainer.ARRAY;
            default:
                throw new IOException("unexpected JSON token " + token);
        }
    }

    private static int[] append(int[] array, int value) {
        int[] grown = Arrays.copyOf(array, array.length + 1);
        grown[array.length] = value;
        return grown;
    }

    /** One position in the trie of referenced paths. */
    private static final class Node {
        int[] slots = new int[0];           // paths that end here
        int[] descendantSlots = new int[0]; // paths that end here or below
        Map<String, Node> byName;           // steps into object members
        int[] indexes;                      // steps into array elements (few, so a linear search)
        Node[] indexNodes;

        Node memberChild(String name) {
            if (byName == null) {
                byName = new HashMap<>();
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
