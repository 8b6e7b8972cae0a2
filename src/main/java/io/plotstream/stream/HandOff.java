package io.plotstream.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one meeting point of callers and a stream's writer: a queue of whole batches. A caller takes
 * the lock twice per batch (to check the stream still takes offers, then to enqueue); the writer
 * takes it once per loop to drain everything that arrived, and once per completed batch.
 *
 * <p>Room: a batch is charged {@link OutboundBatch#chargedBytes} to its caller's {@link ByteBudget}
 * from admission until its outcome is told, so what waits to be written and what was written but
 * not yet confirmed are both inside the caller's budget. The wait for room happens outside this
 * lock, on the budget, which the writers of every stream the caller feeds give back to; a close
 * wakes the callers waiting to get in here, so they return at once. The charge of this stream alone
 * is kept too, for its stats.
 */
final class HandOff {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<OutboundBatch> incoming = new ArrayDeque<>();
    /** The budgets of callers waiting for room to get in here (one entry per waiting caller). */
    private final List<ByteBudget> waitingBudgets = new ArrayList<>();
    private long chargedBytes;
    private boolean woken;
    /** Offers are refused from now on; written under the lock, read also by callers waiting on their budget. */
    private volatile boolean closeRequested;
    /**
     * Enqueue time of the oldest batch the writer took but has not yet counted in its published
     * oldest ({@link StreamCounters#writerOldest}), {@link Long#MAX_VALUE} when none. Without it a
     * batch is in neither place between the writer's drain and its publish, and the age of what is
     * undelivered reads 0 for that moment. Written by the writer (in {@link #drainTo} under the lock,
     * and in {@link #oldestPublished}); read under the lock.
     */
    private volatile long takenOldestNanos = Long.MAX_VALUE;

    /** The outcome of {@link #offer}. */
    enum Admission { ACCEPTED, NO_ROOM, CLOSED }

    /**
     * Charges {@code batch} to {@code budget}, waiting up to {@code timeoutNanos} of real time for
     * room, and enqueues it. Lock order: this hand-off's lock may be held while a budget is released,
     * never while waiting on one.
     */
    Admission offer(OutboundBatch batch, ByteBudget budget, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            if (closeRequested) {
                return Admission.CLOSED;
            }
            if (budget.charge(batch.chargedBytes, 0, () -> false)) { // room now: no wait, one pass
                enqueueLocked(batch, budget);
                return Admission.ACCEPTED;
            }
            waitingBudgets.add(budget); // from here a close wakes this caller
        } finally {
            lock.unlock();
        }
        boolean charged;
        try {
            charged = budget.charge(batch.chargedBytes, timeoutNanos, () -> closeRequested);
        } finally {
            lock.lock();
            try {
                waitingBudgets.remove(budget);
            } finally {
                lock.unlock();
            }
        }
        if (!charged) {
            return closeRequested ? Admission.CLOSED : Admission.NO_ROOM;
        }
        lock.lock();
        try {
            if (closeRequested) {
                budget.release(batch.chargedBytes);
                return Admission.CLOSED;
            }
            enqueueLocked(batch, budget);
            return Admission.ACCEPTED;
        } finally {
            lock.unlock();
        }
    }

    private void enqueueLocked(OutboundBatch batch, ByteBudget budget) {
        batch.budget = budget;
        chargedBytes += batch.chargedBytes;
        incoming.addLast(batch);
        wakeLocked();
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

    /** A batch's outcome was told: its bytes are free again, here and in its caller's budget. */
    void release(OutboundBatch batch) {
        lock.lock();
        try {
            chargedBytes -= batch.chargedBytes;
        } finally {
            lock.unlock();
        }
        batch.budget.release(batch.chargedBytes);
    }

    /** No more offers; wakes the writer to finish. Returns false if a close was already requested. */
    boolean requestClose() {
        return refuseOffers(true);
    }

    /** The stream ended: offers are refused and waiting callers return at once. */
    void close() {
        refuseOffers(false);
    }

    boolean isCloseRequested() {
        return closeRequested;
    }

    private boolean refuseOffers(boolean wakeWriter) {
        List<ByteBudget> waiting;
        boolean first;
        lock.lock();
        try {
            first = !closeRequested;
            closeRequested = true;
            if (wakeWriter) {
                wakeLocked();
            }
            waiting = List.copyOf(waitingBudgets);
        } finally {
            lock.unlock();
        }
        waiting.forEach(ByteBudget::wakeWaiters); // outside the lock: never hold it while taking a budget's
        return first;
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
