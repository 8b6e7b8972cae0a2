package io.plotstream.stream;

import io.plotstream.point.Point;

/** A point inside decimation: its value, its batch, its place in enqueue order and its time. */
final class DecimatedPoint {
    final Point point;
    final OutboundBatch batch;
    /** Enqueue order, so decimation can restore the original order of the points it keeps. */
    final long seq;
    final long enqueuedNanos;

    DecimatedPoint(Point point, OutboundBatch batch, long seq, long enqueuedNanos) {
        this.point = point;
        this.batch = batch;
        this.seq = seq;
        this.enqueuedNanos = enqueuedNanos;
    }
}
