package io.plotstream.point;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the text of a field reference into its source and precompiled path, once, at configuration
 * time. Every error names the reference and the 1-based character where it went wrong, because
 * the reader is a person editing a connector JSON.
 */
final class FieldRefParser {
    private static final String HEADER_PREFIX = "header.";

    private final String spec;

    private FieldRefParser(String spec) {
        this.spec = spec;
    }

    static FieldRef parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("Bad field reference: it is empty; expected value[.path], key[.path], "
                    + "value/json/pointer, header.<name>, timestamp, offset, partition or topic");
        }
        return new FieldRefParser(raw.strip()).parse();
    }

    private FieldRef parse() {
        switch (spec) {
            case "timestamp": return FieldRef.metadata(spec, FieldRef.Source.TIMESTAMP);
            case "offset": return FieldRef.metadata(spec, FieldRef.Source.OFFSET);
            case "partition": return FieldRef.metadata(spec, FieldRef.Source.PARTITION);
            case "topic": return FieldRef.metadata(spec, FieldRef.Source.TOPIC);
            default: break;
        }
        if (spec.startsWith(HEADER_PREFIX)) {
            if (spec.length() == HEADER_PREFIX.length()) {
                throw error("the header name is missing", spec.length() + 1);
            }
            // Header names may contain dots, so everything after the prefix is the name.
            return FieldRef.header(spec, spec.substring(HEADER_PREFIX.length()));
        }
        if (spec.startsWith("value")) {
            return path(FieldRef.Source.VALUE, "value".length());
        }
        if (spec.startsWith("key")) {
            return path(FieldRef.Source.KEY, "key".length());
        }
        throw new IllegalArgumentException("Bad field reference \"" + spec + "\": it must start with value, key, "
                + "header.<name>, or be one of timestamp, offset, partition, topic");
    }

    private FieldRef path(FieldRef.Source source, int start) {
        if (start == spec.length()) {
            return FieldRef.path(spec, source, new PathSegment[0]);
        }
        char c = spec.charAt(start);
        List<PathSegment> segments = new ArrayList<>();
        if (c == '/') {
            parsePointer(start, segments);
        } else if (c == '.' || c == '[') {
            parseDotted(start, segments);
        } else {
            throw error("expected '.', '/' or '[' after \"" + spec.substring(0, start) + "\" but found '" + c + "'",
                    start + 1);
        }
        return FieldRef.path(spec, source, segments.toArray(new PathSegment[0]));
    }

    /** RFC 6901: "/a/b~1c/0" → a, b/c, 0; "~0" is '~', "~1" is '/', any other '~' is an error. */
    private void parsePointer(int start, List<PathSegment> out) {
        StringBuilder token = new StringBuilder();
        for (int i = start + 1; i <= spec.length(); i++) {
            if (i == spec.length() || spec.charAt(i) == '/') {
                out.add(PathSegment.pointerToken(token.toString()));
                token.setLength(0);
                continue;
            }
            char c = spec.charAt(i);
            if (c == '~') {
                char next = i + 1 < spec.length() ? spec.charAt(i + 1) : 0;
                if (next == '0') {
                    token.append('~');
                } else if (next == '1') {
                    token.append('/');
                } else {
                    throw error("'~' in a JSON Pointer must be followed by 0 (for ~) or 1 (for /)", i + 1);
                }
                i++;
            } else {
                token.append(c);
            }
        }
    }

    /** "a.b[0][1].c": names separated by dots, each followed by any number of [n] indexes. */
    private void parseDotted(int start, List<PathSegment> out) {
        int i = start;
        int n = spec.length();
        while (i < n) {
            char c = spec.charAt(i);
            if (c == '[') {
                i = parseIndex(i, out);
            } else if (c == '.') {
                int nameStart = i + 1;
                int j = nameStart;
                while (j < n && spec.charAt(j) != '.' && spec.charAt(j) != '[' && spec.charAt(j) != ']') {
                    j++;
                }
                if (j == nameStart) {
                    throw error("empty field name", nameStart + 1);
                }
                out.add(PathSegment.field(spec.substring(nameStart, j)));
                i = j;
            } else {
                throw error("unexpected '" + c + "' (a name or [index] must follow '.', and ']' must close a '[')",
                        i + 1);
            }
        }
    }

    private int parseIndex(int open, List<PathSegment> out) {
        int close = spec.indexOf(']', open);
        if (close < 0) {
            throw error("'[' is not closed by ']'", open + 1);
        }
        if (close == open + 1) {
            throw error("empty array index '[]'", open + 1);
        }
        long index = 0;
        for (int j = open + 1; j < close; j++) {
            char d = spec.charAt(j);
            if (d < '0' || d > '9') {
                throw error("array index must be a non-negative integer, found '" + d + "'", j + 1);
            }
            index = index * 10 + (d - '0');
            if (index > Integer.MAX_VALUE) {
                throw error("array index is too large", open + 2);
            }
        }
        out.add(PathSegment.index((int) index));
        return close + 1;
    }

    private IllegalArgumentException error(String what, int character) {
        return new IllegalArgumentException("Bad field reference \"" + spec + "\": " + what + " at character " + character);
    }
}
