package io.plotstream.offset;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One record whose points are on their way, in as many parts as the tokens they go to (a record's
 * points for one token travel in one batch). It is done when every part was confirmed delivered;
 * stream threads count it down, the task thread reads it.
 */
public final class PendingRecord {
    private final long offset;
    private final long createdNanos;
    private final AtomicInteger outstanding;
    private final AtomicBoolean counted = new AtomicBoolean();
    private final InFlightRecords inFlight;

    PendingRecord(long offset, int parts, long createdNanos, InFlightRecords inFlight) {
        this.offset = offset;
        this.createdNanos = createdNanos;
        this.outstanding = new AtomicInteger(parts);
        this.inFlight = inFlight;
        if (parts <= 0) {
            counted.set(true); // nothing to wait for: never counted in flight
        } else {
            inFlight.started();
        }
    }

    public long offset() {
        return offset;
    }

    long createdNanos() {
        return createdNanos;
    }

    /** One part of the record (its points for one token) was confirmed delivered. Thread-safe. */
    public void partDelivered() {
        if (outstanding.decrementAndGet() == 0) {
            leaveInFlight();
        }
    }

    public boolean isDone() {
        return outstanding.get() <= 0;
    }

    /** Its partition was revoked: whatever happens to its points, it no longer counts as in flight. */
    void abandon() {
        leaveInFlight();
    }

    private void leaveInFlight() {
        if (counted.compareAndSet(false, true)) {
            inFlight.finished();
        }
    }
}
