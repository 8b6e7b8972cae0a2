package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The newest {@code maxpoints} points of one streamed trace: one ring buffer per {@link PointColumn},
 * sharing a head and a size so the columns stay aligned point by point.
 *
 * <p>{@link #appended()} counts every point ever appended (never decreases): viewers use it as their
 * cursor, and the newest {@code appended - cursor} entries of the ring are exactly what they lack.
 * Columns no point ever carried are not even allocated (most streams send only x and y).
 * Not thread-safe: the owning {@link Plot} serialises access.
 */
final class TraceWindow {

    private final int capacity;
    private final JsonNode[][] columns = new JsonNode[PointColumn.COUNT][];
    /** Per column, how many entries in the window are non-null: a column with none is left out of figures. */
    private final int[] present = new int[PointColumn.COUNT];
    private int start;
    private int size;
    private long appended;

    TraceWindow(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    int size() {
        return size;
    }

    long appended() {
        return appended;
    }

    boolean hasColumn(PointColumn column) {
        return present[column.ordinal()] > 0;
    }

    /** Appends one point; {@code values[c]} is the value of column c, or null when the write did not carry it. */
    void append(JsonNode[] values) {
        appended++;
        if (capacity == 0) {
            return;
        }
        int slot;
        if (size < capacity) {
            slot = physical(size);
            size++;
        } else {
            slot = start;
            start = start + 1 == capacity ? 0 : start + 1;
        }
        for (int c = 0; c < PointColumn.COUNT; c++) {
            JsonNode[] column = columns[c];
            JsonNode value = values[c];
            if (column == null) {
                if (value == null) {
                    continue;
                }
                column = columns[c] = new JsonNode[capacity];
            }
            JsonNode old = column[slot];
            if (old != null) {
                present[c]--;
            }
            column[slot] = value;
            if (value != null) {
                present[c]++;
            }
        }
    }

    /**
     * A list write: the listed columns take the lists (their newest {@code capacity} entries), the
     * window becomes as long as the longest list, and the columns not listed keep their newest
     * values aligned to the end (as plotly's restyle leaves untouched attributes alone). A scalar
     * given alongside lists is applied to every point of the new window.
     */
    void overwrite(JsonNode[] values) {
        int n = 0;
        for (JsonNode value : values) {
            if (value != null && value.isArray()) {
                n = Math.max(n, value.size());
            }
        }
        n = Math.min(n, capacity);
        JsonNode[][] fresh = new JsonNode[PointColumn.COUNT][];
        int[] freshPresent = new int[PointColumn.COUNT];
        for (int c = 0; c < PointColumn.COUNT; c++) {
            JsonNode value = values[c];
            JsonNode[] column = new JsonNode[capacity];
            int count = 0;
            for (int i = 0; i < n; i++) {
                JsonNode v;
                if (value == null) {
                    v = newest(c, n, i);
                } else if (value.isArray()) {
                    int offset = value.size() - n; // lists shorter than n are aligned to the end
                    v = i + offset >= 0 ? value.get(i + offset) : null;
                    if (v != null && v.isNull()) {
                        v = null;
                    }
                } else {
                    v = value.isNull() ? null : value;
                }
                column[i] = v;
                if (v != null) {
                    count++;
                }
            }
            fresh[c] = count > 0 ? column : null;
            freshPresent[c] = count;
        }
        System.arraycopy(fresh, 0, columns, 0, PointColumn.COUNT);
        System.arraycopy(freshPresent, 0, present, 0, PointColumn.COUNT);
        start = 0;
        size = n;
    }

    /** The i-th of the newest n entries of column c (i = 0 the oldest of them), null where there is none. */
    private JsonNode newest(int c, int n, int i) {
        int index = size - n + i;
        if (index < 0 || columns[c] == null) {
            return null;
        }
        return columns[c][physical(index)];
    }

    /** The newest {@code count} entries of a column as a JSON array (nulls where a point lacked the column). */
    ArrayNode newestAsArray(PointColumn column, int count) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode(count);
        JsonNode[] values = columns[column.ordinal()];
        for (int i = size - count; i < size; i++) {
            JsonNode v = values == null ? null : values[physical(i)];
            out.add(v == null ? NullNode.getInstance() : v);
        }
        return out;
    }

    /** Value at logical index i (0 = oldest in the window), or null. */
    JsonNode get(PointColumn column, int i) {
        JsonNode[] values = columns[column.ordinal()];
        return values == null ? null : values[physical(i)];
    }

    /** Restores a saved window: entries and the appended counter as they were. */
    void restore(JsonNode[][] saved, int savedSize, long savedAppended) {
        overwrite(new JsonNode[PointColumn.COUNT]); // clears: no lists, n = 0
        int n = Math.min(savedSize, capacity);
        for (int i = savedSize - n; i < savedSize; i++) {
            JsonNode[] point = new JsonNode[PointColumn.COUNT];
            for (int c = 0; c < PointColumn.COUNT; c++) {
                JsonNode v = saved[c] == null ? null : saved[c][i];
                point[c] = v == null || v.isNull() ? null : v;
            }
            append(point);
        }
        appended = Math.max(savedAppended, appended);
    }

    private int physical(int logical) {
        int p = start + logical;
        return p >= capacity ? p - capacity : p;
    }
}
