package io.plotstream.stream;

import io.plotstream.point.Point;

/** A point on its way: queued, shaped, written, then confirmed (or failed). */
final class PendingPoint {
    final Point point;
    final Delivery delivery;
    /** Enqueue order, so decimation can restore the original order of the points it keeps. */
    final long seq;
    final long enqueuedNanos;
    /** When its bytes were last flushed; writer-thread only. */
    long flushedNanos;

    PendingPoint(Point point, Delivery delivery, long seq, long enqueuedNanos) {
        this.point = point;
        this.delivery = delivery;
        this.seq = seq;
        this.enqueuedNanos = enqueuedNanos;
    }
}
