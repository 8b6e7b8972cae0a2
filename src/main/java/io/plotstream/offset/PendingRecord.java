package io.plotstream.offset;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One record whose points are on their way, in as many parts as the tokens they go to (a record's
 * points for one token travel in one batch). It is done when every part was confirmed delivered;
 * stream threads count it down, the task thread reads it. Field updaters instead of atomic objects:
 * a worker holds one of these per record in flight, so each costs one small object.
 */
public final class PendingRecord {
    private static final AtomicIntegerFieldUpdater<PendingRecord> OUTSTANDING =
            AtomicIntegerFieldUpdater.newUpdater(PendingRecord.class, "outstanding");
    private static final AtomicIntegerFieldUpdater<PendingRecord> LEFT =
            AtomicIntegerFieldUpdater.newUpdater(PendingRecord.class, "left");

    private final long offset;
    private final long createdNanos;
    private final InFlightRecords inFlight;
    private volatile int outstanding;
    /** 1 once the record no longer counts in flight (done or abandoned). */
    private volatile int left;

    PendingRecord(long offset, int parts, long createdNanos, InFlightRecords inFlight) {
        this.offset = offset;
        this.createdNanos = createdNanos;
        this.inFlight = inFlight;
        this.outstanding = parts;
        if (parts <= 0) {
            this.left = 1; // nothing to wait for: never counted in flight
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
        if (OUTSTANDING.decrementAndGet(this) == 0) {
            leaveInFlight();
        }
    }

    public boolean isDone() {
        return outstanding <= 0;
    }

    /** Its partition was revoked: whatever happens to its points, it no longer counts as in flight. */
    void abandon() {
        leaveInFlight();
    }

    private void leaveInFlight() {
        if (LEFT.compareAndSet(this, 0, 1)) {
            inFlight.finished();
        }
    }
}
