package io.plotstream.point;

/**
 * One precompiled step of a path into a value: a field name, an array index, or (from a JSON
 * Pointer token such as {@code 0}) both, because RFC 6901 lets the container decide which it is.
 *
 * @param name  the field/map key to look up, or null for a pure {@code [n]} index step
 * @param index the array index, or -1 when this step cannot index an array
 */
record PathSegment(String name, int index) {

    static PathSegment field(String name) {
        return new PathSegment(name, -1);
    }

    static PathSegment index(int index) {
        return new PathSegment(null, index);
    }

    /** A JSON Pointer reference token: a name, and an index too when it is a canonical array index. */
    static PathSegment pointerToken(String token) {
        return new PathSegment(token, canonicalIndex(token));
    }

    /** RFC 6901 array index: "0" or digits without a leading zero; -1 when not one (or too large). */
    private static int canonicalIndex(String token) {
        int n = token.length();
        if (n == 0 || n > 9 || (n > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < n; i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
