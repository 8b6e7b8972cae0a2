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
    /** Points older than this leave the window (0: no age limit). */
    private final long maxAgeMs;
    /** Per slot, the point's age reference: its x as epoch millis when x is a date, else its arrival; only with maxAgeMs. */
    private final long[] stamps;
    /** Takes the points that leave the window; null when history is off for this trace. */
    private final TraceHistory history;
    /** {@link #appended} at the last age trim, -1 if none: viewers at this cursor may not have seen the trim. */
    private long agedAt = -1;
    private final JsonNode[][] columns = new JsonNode[PointColumn.COUNT][];
    /** Per column, how many entries in the window are non-null: a column with none is left out of figures. */
    private final int[] present = new int[PointColumn.COUNT];
    private int start;
    private int size;
    private long appended;

    TraceWindow(int capacity) {
        this(capacity, 0, null);
    }

    TraceWindow(int capacity, long maxAgeMs, TraceHistory history) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        this.capacity = capacity;
        this.maxAgeMs = maxAgeMs;
        this.stamps = maxAgeMs > 0 ? new long[capacity] : null;
        this.history = history;
    }

    long maxAgeMs() {
        return maxAgeMs;
    }

    TraceHistory history() {
        return history;
    }

    long agedAt() {
        return agedAt;
    }

    /** Whether the column ever held a value since the last overwrite (the browser's trace has the attribute). */
    boolean allocated(PointColumn column) {
        return columns[column.ordinal()] != null;
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
    void append(JsonNode[] values, long nowMs) {
        appended++;
        if (capacity == 0) {
            if (history != null) {
                toHistory(values[PointColumn.X.ordinal()], values[PointColumn.Y.ordinal()]);
            }
            return;
        }
        int slot;
        if (size < capacity) {
            slot = physical(size);
            size++;
        } else {
            slot = start;
            if (history != null) {
                toHistory(get(PointColumn.X, 0), get(PointColumn.Y, 0));
            }
            start = start + 1 == capacity ? 0 : start + 1;
        }
        if (stamps != null) {
            stamps[slot] = stamp(values[PointColumn.X.ordinal()], nowMs);
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

    /** A list write at a given time (arrival stamps for the new entries). */
    void overwrite(JsonNode[] values, long nowMs) {
        overwrite(values);
        if (stamps != null) {
            JsonNode[] xs = columns[PointColumn.X.ordinal()];
            for (int i = 0; i < size; i++) {
                stamps[i] = stamp(xs == null ? null : xs[i], nowMs);
            }
        }
    }

    /**
     * Drops the oldest points while they are older than {@code maxAge} at {@code nowMs} (into the
     * history); stops at the first young point. Returns how many left.
     */
    int trimAged(long nowMs) {
        if (maxAgeMs <= 0 || size == 0) {
            return 0;
        }
        long cutoff = nowMs - maxAgeMs;
        int n = 0;
        while (size > 0 && stamps[start] < cutoff) {
            removeOldest();
            n++;
        }
        if (n > 0) {
            agedAt = appended;
        }
        return n;
    }

    /** Whether the oldest point is older than {@code maxAge} at {@code nowMs} (what {@link #trimAged} would move). */
    boolean hasAged(long nowMs) {
        return maxAgeMs > 0 && size > 0 && stamps[start] < nowMs - maxAgeMs;
    }

    private void removeOldest() {
        if (history != null) {
            toHistory(get(PointColumn.X, 0), get(PointColumn.Y, 0));
        }
        for (int c = 0; c < PointColumn.COUNT; c++) {
            JsonNode[] column = columns[c];
            if (column != null && column[start] != null) {
                column[start] = null;
                present[c]--;
            }
        }
        start = start + 1 == capacity ? 0 : start + 1;
        size--;
    }

    private void toHistory(JsonNode x, JsonNode y) {
        double xv = Double.NaN;
        boolean date = false;
        if (x != null) {
            if (x.isNumber()) {
                xv = x.doubleValue();
            } else if (x.isTextual()) {
                long millis = PlotlyTime.parseDate(x.textValue());
                if (millis != PlotlyTime.NOT_A_DATE) {
                    xv = millis;
                    date = true;
                }
            }
        }
        double yv = y != null && y.isNumber() ? y.doubleValue() : Double.NaN;
        double spacing = Double.NaN;
        if (history.kind() == XKind.UNKNOWN && size > 1) {
            spacing = (xKey(get(PointColumn.X, size - 1)) - xKey(get(PointColumn.X, 0))) / (size - 1);
        }
        history.add(xv, date, yv, spacing);
    }

    /** x as a number (epoch millis for a Plotly date), NaN when it is neither. */
    static double xKey(JsonNode x) {
        if (x == null) {
            return Double.NaN;
        }
        if (x.isNumber()) {
            return x.doubleValue();
        }
        if (x.isTextual()) {
            long millis = PlotlyTime.parseDate(x.textValue());
            return millis == PlotlyTime.NOT_A_DATE ? Double.NaN : millis;
        }
        return Double.NaN;
    }

    private static long stamp(JsonNode x, long nowMs) {
        if (x != null && x.isTextual()) {
            long millis = PlotlyTime.parseDate(x.textValue());
            if (millis != PlotlyTime.NOT_A_DATE) {
                return millis;
            }
        }
        return nowMs;
    }

    /** The age reference of logical entry i (for the data directory). */
    long stampAt(int i) {
        return stamps == null ? 0 : stamps[physical(i)];
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
    void restore(JsonNode[][] saved, int savedSize, long savedAppended, long[] savedStamps, long nowMs) {
        overwrite(new JsonNode[PointColumn.COUNT]); // clears: no lists, n = 0
        int n = Math.min(savedSize, capacity);
        for (int i = savedSize - n; i < savedSize; i++) {
            JsonNode[] point = new JsonNode[PointColumn.COUNT];
            for (int c = 0; c < PointColumn.COUNT; c++) {
                JsonNode v = saved[c] == null ? null : saved[c][i];
                point[c] = v == null || v.isNull() ? null : v;
            }
            append(point, nowMs);
            if (stamps != null && savedStamps != null && savedStamps[i] != 0) {
                stamps[physical(size - 1)] = savedStamps[i];
            }
        }
        appended = Math.max(savedAppended, appended);
    }

    private int physical(int logical) {
        int p = start + logical;
        return p >= capacity ? p - capacity : p;
    }
}
