package io.plotstream.stream;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one meeting point of callers and a stream's writer: a queue of whole batches and the token's
 * memory budget in bytes. A caller takes the lock once per batch (admission and enqueue together);
 * the writer takes it once per loop to drain everything that arrived, and once per completed batch to
 * give its bytes back.
 *
 * <p>Budget: a batch is charged {@link OutboundBatch#chargedBytes} from admission until its outcome
 * is told, so what waits to be written and what was written but not yet confirmed are both inside
 * {@code maxBytes}. A batch larger than the whole budget is admitted alone when nothing else is
 * charged, so an outsized record never wedges a stream.
 */
final class HandOff {
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final Condition work = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<OutboundBatch> incoming = new ArrayDeque<>();
    private long chargedBytes;
    private boolean woken;
    private boolean closed;
    private boolean closeRequested;
    /**
     * Enqueue time of the oldest batch the writer took but has not yet counted in its published
     * oldest ({@link StreamCounters#writerOldest}), {@link Long#MAX_VALUE} when none. Without it a
     * batch is in neither place between the writer's drain and its publish, and the age of what is
     * undelivered reads 0 for that moment. Written by the writer (in {@link #drainTo} under the lock,
     * and in {@link #oldestPublished}); read under the lock.
     */
    private volatile long takenOldestNanos = Long.MAX_VALUE;

    HandOff(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The outcome of {@link #offer}. */
    enum Admission { ACCEPTED, NO_ROOM, CLOSED }

    /** Charges and enqueues {@code batch}, waiting up to {@code timeoutNanos} of real time for room. */
    Admission offer(OutboundBatch batch, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (!closed && !closeRequested && chargedBytes > 0 && chargedBytes + batch.chargedBytes > maxBytes) {
                if (left <= 0) {
                    return Admission.NO_ROOM;
                }
                left = room.awaitNanos(left);
            }
            if (closed || closeRequested) {
                return Admission.CLOSED;
            }
            chargedBytes += batch.chargedBytes;
            incoming.addLast(batch);
            woken = true;
            work.signal();
            return Admission.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    /** Writer: moves everything offered so far into {@code into}; returns whether a close was requested. */
    boolean drainTo(List<OutboundBatch> into) {
        lock.lock();
        try {
            OutboundBatch head = incoming.peekFirst();
            if (head != null) {
                takenOldestNanos = Math.min(takenOldestNanos, head.enqueuedNanos);
            }
            into.addAll(incoming);
            incoming.clear();
            return closeRequested;
        } finally {
            lock.unlock();
        }
    }

    /** A batch's outcome was told: its bytes are free again. */
    void release(long bytes) {
        lock.lock();
        try {
            chargedBytes -= bytes;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** No more offers; wakes the writer to finish. Returns false if a close was already requested. */
    boolean requestClose() {
        lock.lock();
        try {
            boolean first = !closeRequested;
            closeRequested = true;
            wakeLocked();
            room.signalAll();
            return first;
        } finally {
            lock.unlock();
        }
    }

    /** The stream ended: offers are refused and waiting callers return at once. */
    void close() {
        lock.lock();
        try {
            closed = true;
            closeRequested = true;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isCloseRequested() {
        lock.lock();
        try {
            return closeRequested;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the writer (new state to look at: a connection ended, the clock jumped). */
    void wakeWriter() {
        lock.lock();
        try {
            wakeLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Writer: sleeps up to {@code nanos} of real time, or until woken. */
    void awaitWork(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (!woken && left > 0) {
                left = work.awaitNanos(left);
            }
            woken = false;
        } finally {
            lock.unlock();
        }
    }

    long chargedBytes() {
        lock.lock();
        try {
            return chargedBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writer: what it took so far is now inside its published oldest, so the hand-off stops
     * reporting it. Call right after publishing.
     */
    void oldestPublished() {
        takenOldestNanos = Long.MAX_VALUE;
    }

    /**
     * Enqueue time of the oldest batch not yet taken by the writer or taken and not yet published by
     * it, or {@link Long#MAX_VALUE}. Read this before the writer's published oldest: then a batch in
     * transit is seen in one place or the other.
     */
    long oldestWaitingNanos() {
        lock.lock();
        try {
            OutboundBatch head = incoming.peekFirst();
            return Math.min(takenOldestNanos, head == null ? Long.MAX_VALUE : head.enqueuedNanos);
        } finally {
            lock.unlock();
        }
    }

    static long toNanos(long timeout, TimeUnit unit) {
        return unit.toNanos(Math.max(0, timeout));
    }

    private void wakeLocked() {
        woken = true;
        work.signal();
    }
}
