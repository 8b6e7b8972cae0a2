package io.plotstream.offset;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One record whose points are on their way. It is done when every point was confirmed delivered;
 * the stream threads count it down, the task thread reads it.
 */
public final class PendingRecord {
    private final long offset;
    private final long createdNanos;
    private final AtomicInteger outstanding;

    PendingRecord(long offset, int points, long createdNanos) {
        this.offset = offset;
        this.createdNanos = createdNanos;
        this.outstanding = new AtomicInteger(points);
    }

    public long offset() {
        return offset;
    }

    long createdNanos() {
        return createdNanos;
    }

    /** One of the record's points was confirmed delivered. Thread-safe. */
    public void pointDelivered() {
        outstanding.decrementAndGet();
    }

    public boolean isDone() {
        return outstanding.get() <= 0;
    }
}
