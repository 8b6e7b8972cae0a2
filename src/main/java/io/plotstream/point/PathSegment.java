package io.plotstream.point;

import java.util.Objects;

/**
 * One precompiled step of a path into a value: a field name, an array index, or (from a JSON
 * Pointer token such as {@code 0}) both, because RFC 6901 lets the container decide which it is.
 * Immutable; equal when name and index are ({@link FieldRef#equals} compares paths step by step).
 */
final class PathSegment {
    /** The field/map key to look up, or null for a pure {@code [n]} index step. */
    private final String name;
    /** The array index, or -1 when this step cannot index an array. */
    private final int index;

    /**
     * @param name  the field/map key to look up, or null for a pure {@code [n]} index step
     * @param index the array index, or -1 when this step cannot index an array
     */
    PathSegment(String name, int index) {
        this.name = name;
        this.index = index;
    }

    /** The field/map key to look up, or null for a pure {@code [n]} index step. */
    public String name() {
        return name;
    }

    /** The array index, or -1 when this step cannot index an array. */
    public int index() {
        return index;
    }

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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PathSegment)) {
            return false;
        }
        PathSegment other = (PathSegment) o;
        return Objects.equals(name, other.name) && index == other.index;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, index);
    }

    @Override
    public String toString() {
        return "PathSegment[name=" + name + ", index=" + index + "]";
    }
}
