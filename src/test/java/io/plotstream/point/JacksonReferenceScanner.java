package io.plotstream.point;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The scanner as it was before issue 15 (a Jackson streaming parser per record, walking the paths
 * without a trie), kept as the reference that {@link JsonFieldScanner} is compared with on random
 * documents: same values, same MISSING and null, errors where Jackson errs.
 */
final class JacksonReferenceScanner {
    private static final JsonFactory JSON = JsonFactory.builder().disable(JsonFactory.Feature.CHARSET_DETECTION).build();
    private static final int MAX_DOUBLE_EXACT_CHARS = 15;

    private JacksonReferenceScanner() {
    }

    /** Every path's value in the whole document (no early stop: the answers do not depend on it). */
    static Object[] scan(byte[] json, List<PathSegment[]> paths) throws IOException {
        Object[] out = new Object[paths.size()];
        Arrays.fill(out, FieldRef.MISSING);
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new IOException("no JSON value (the text is empty)");
            }
            visit(parser, paths, 0, out);
        }
        return out;
    }

    /** Visits the current value at depth {@code depth} of every path; consumes it. */
    private static void visit(JsonParser parser, List<PathSegment[]> paths, int depth, Object[] out) throws IOException {
        JsonToken token = parser.currentToken();
        for (int slot = 0; slot < paths.size(); slot++) {
            PathSegment[] path = paths.get(slot);
            if (path != null && path.length == depth && out[slot] == FieldRef.MISSING) {
                out[slot] = valueAt(parser, token);
            }
            if (path != null && path.length > depth && token == JsonToken.VALUE_NULL && out[slot] == FieldRef.MISSING) {
                out[slot] = null;
            }
        }
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                visit(parser, narrow(paths, depth, name, -1), depth + 1, out);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                visit(parser, narrow(paths, depth, null, index++), depth + 1, out);
            }
        }
    }

    /** The paths that go on into member {@code name} or element {@code index}; others become null (no match). */
    private static List<PathSegment[]> narrow(List<PathSegment[]> paths, int depth, String name, int index) {
        PathSegment[][] next = new PathSegment[paths.size()][];
        for (int slot = 0; slot < paths.size(); slot++) {
            PathSegment[] path = paths.get(slot);
            if (path == null || path.length <= depth) {
                continue;
            }
            PathSegment step = path[depth];
            boolean fits = name != null ? name.equals(step.name()) : step.index() == index;
            next[slot] = fits ? path : null;
        }
        return Arrays.asList(next);
    }

    private static Object valueAt(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getBigIntegerValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
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
}
