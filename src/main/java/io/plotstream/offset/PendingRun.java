package io.plotstream.offset;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Consecutive records of one partition whose points are on their way in the same batches, tracked
 * as one: the records of a {@code put()} that go to the same tokens are handed over in the same
 * batch per token (a token's batch takes all its points of the round, or none), so they are
 * confirmed at the same moment and one entry can stand for all of them. It is done when each of
 * its {@code parts} batches (one per distinct token) was confirmed delivered; stream threads count
 * it down, the task thread reads it. A worker holds one of these per run in flight for the ack
 * delay, instead of one per record: fewer objects kept alive, less for young collections to copy.
 *
 * <p>Records that produced nothing to send (skipped, or reported to the DLQ) join the run before
 * them: they could not be committed before it anyway, the commit being the oldest records' prefix.
 * A record with points never joins a run of records without any, which are committable at once.
 *
 * <p>A run takes new records only while it is open: from its creation to the hand-off of the
 * {@code put()} that created it ({@link OffsetTracker#sealRuns()}). Up to then only the task thread
 * sees it; its offset and count are published to the delivering threads by the hand-off (the
 * token's buffer lock), and never change again.
 */
public final class PendingRun {
    private static final AtomicIntegerFieldUpdater<PendingRun> OUTSTANDING =
            AtomicIntegerFieldUpdater.newUpdater(PendingRun.class, "outstanding");
    private static final AtomicIntegerFieldUpdater<PendingRun> LEFT =
            AtomicIntegerFieldUpdater.newUpdater(PendingRun.class, "left");

    private final long createdNanos;
    private final InFlightRecords inFlight;
    private final int parts;
    /** The tokens of the first record's points; null for a run of one record that takes no others. */
    private final Object[] destinations;
    /** The tracker's seal generation the run was opened in: it takes records only while that is current. */
    private final long generation;
    /** The offset of its last record; grows only while the run is open (task thread). */
    private long lastOffset;
    /** Its records that wait for delivery (those with points); fixed once the run is sealed. */
    private int counted;
    private volatile int outstanding;
    /** 1 once the run no longer counts in flight (done or abandoned). */
    private volatile int left;

    PendingRun(long offset, int parts, Object[] destinations, long generation, long createdNanos,
               InFlightRecords inFlight) {
        this.lastOffset = offset;
        this.parts = parts;
        this.destinations = destinations;
        this.generation = generation;
        this.createdNanos = createdNanos;
        this.inFlight = inFlight;
        this.outstanding = parts;
        if (parts <= 0) {
            this.left = 1; // nothing to wait for: never counted in flight
        } else {
            this.counted = 1;
            inFlight.started(1);
        }
    }

    /**
     * Whether a record with these parts and destinations, tracked in {@code currentGeneration},
     * completes together with this run: a record without parts always does, one with parts when it
     * goes to the same tokens as a run that has parts.
     */
    boolean admits(int recordParts, Object[] recordDestinations, long currentGeneration) {
        if (generation != currentGeneration || destinations == null) {
            return false;
        }
        if (recordParts <= 0) {
            return true;
        }
        return parts > 0 && recordParts == parts && Arrays.equals(destinations, recordDestinations);
    }

    /** Adds the next record of the partition (see {@link #admits}). Task thread, before the hand-off. */
    void join(long offset, int recordParts) {
        lastOffset = offset;
        if (recordParts > 0) {
            counted++;
            inFlight.started(1);
        }
    }

    /** The offset of the run's last record: the commit moves past it once the run is done. */
    public long lastOffset() {
        return lastOffset;
    }

    long createdNanos() {
        return createdNanos;
    }

    /** One of the batches the run's points travel in was confirmed delivered. Thread-safe. */
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
            inFlight.finished(counted);
        }
    }
}
