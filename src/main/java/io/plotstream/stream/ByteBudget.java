package io.plotstream.stream;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Heap a caller may hold in streams for points not yet confirmed: a batch is charged from admission
 * until its outcome is told, on whichever token's stream it went to. A sink task owns one and charges
 * every batch it hands to any token, so its memory is bounded by the budget however many tokens it
 * feeds, and tokens fed by several tasks get room from each of them (a token's throughput against a
 * plain server is its feeders' budgets over the ack delay). A stream offered a batch without a budget
 * charges one of its own.
 *
 * <p>A batch larger than the whole budget is admitted alone when nothing else is charged, so an
 * outsized record never wedges its caller. Thread-safe: callers charge, writer threads release.
 */
public final class ByteBudget {
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    // guarded by lock
    private long chargedBytes;

    public ByteBudget(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("a byte budget must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Charges {@code bytes}, waiting up to {@code timeoutNanos} of real time for room.
     *
     * @param giveUp checked whenever the caller wakes (after {@link #wakeWaiters()}): true ends the wait unanswered
     * @return true if charged; false on timeout or when {@code giveUp} said so (nothing charged)
     */
    boolean charge(long bytes, long timeoutNanos, BooleanSupplier giveUp) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (chargedBytes > 0 && chargedBytes + bytes > maxBytes) {
                if (left <= 0 || giveUp.getAsBoolean()) {
                    return false;
                }
                left = room.awaitNanos(left);
            }
            if (giveUp.getAsBoolean()) {
                return false;
            }
            chargedBytes += bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A batch's outcome was told (or it was never queued): its bytes are free again. */
    void release(long bytes) {
        lock.lock();
        try {
            chargedBytes -= bytes;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting caller to look at its give-up condition again (a stream is closing). */
    void wakeWaiters() {
        lock.lock();
        try {
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes charged now. */
    public long chargedBytes() {
        lock.lock();
        try {
            return chargedBytes;
        } finally {
            lock.unlock();
        }
    }

    /** The most this budget charges (a lone outsized batch aside). */
    public long maxBytes() {
        return maxBytes;
    }
}
