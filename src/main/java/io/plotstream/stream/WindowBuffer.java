package io.plotstream.stream;

import io.plotstream.point.Point;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Window mode's state: the newest {@code capacity} points (a ring buffer of values), and the
 * points not yet covered by a window write. A point counts as delivered once a confirmed window
 * write contained it or superseded it, so evicted points wait for the next write like the rest.
 * Writer-thread only.
 */
final class WindowBuffer {
    private final Point[] ring;
    private int start;
    private int size;
    private boolean dirty;
    /** Points whose delivery waits for the next window write, oldest first. */
    final ArrayDeque<PendingPoint> uncovered = new ArrayDeque<>();

    WindowBuffer(int capacity) {
        ring = new Point[capacity];
    }

    void add(PendingPoint p) {
        if (size < ring.length) {
            ring[(start + size++) % ring.length] = p.point;
        } else {
            ring[start] = p.point;
            start = (start + 1) % ring.length;
        }
        uncovered.addLast(p);
        dirty = true;
    }

    /** The window, oldest point first. */
    List<Point> snapshot() {
        List<Point> points = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            points.add(ring[(start + i) % ring.length]);
        }
        return points;
    }

    boolean dirty() {
        return dirty;
    }

    /** After a connection ended: the server may have lost our last window, so write it again. */
    void markDirtyIfNotEmpty() {
        dirty = size > 0;
    }

    void markWritten() {
        dirty = false;
    }

    int size() {
        return size;
    }
}
