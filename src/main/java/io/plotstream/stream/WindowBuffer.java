package io.plotstream.stream;

import io.plotstream.point.Point;
import java.util.ArrayList;
import java.util.List;

/** Window mode's ring of the newest {@code capacity} point values. Writer-thread only. */
final class WindowBuffer {
    private final Point[] ring;
    private int start;
    private int size;

    WindowBuffer(int capacity) {
        ring = new Point[capacity];
    }

    void add(Point p) {
        if (size < ring.length) {
            ring[(start + size++) % ring.length] = p;
        } else {
            ring[start] = p;
            start = (start + 1) % ring.length;
        }
    }

    /** The window, oldest point first. */
    List<Point> snapshot() {
        List<Point> points = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            points.add(ring[(start + i) % ring.length]);
        }
        return points;
    }

    boolean isEmpty() {
        return size == 0;
    }
}
