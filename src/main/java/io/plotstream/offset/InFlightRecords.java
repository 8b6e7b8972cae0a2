package io.plotstream.offset;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many tracked records still wait for delivery, and a way to wait for that to reach zero that
 * is signalled by the completions themselves: the commit before a revoke neither polls nor counts.
 */
final class InFlightRecords {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition none = lock.newCondition();
    // Counted without the lock: the task thread adds one per record and the threads that deliver take
    // one per record, and a lock for each (measured in the drain) made them meet on it. The lock is
    // only for waiting: the one who brings it to 0 signals under it, and a waiter checks and waits
    // under it, so the signal cannot fall between a waiter's check and its wait.
    private final AtomicInteger count = new AtomicInteger();

    void started() {
        count.incrementAndGet();
    }

    /** A record completed (or was abandoned with its partition); called from any thread. */
    void finished() {
        if (count.decrementAndGet() == 0) {
            lock.lock();
            try {
                none.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    int count() {
        return count.get();
    }

    /** Waits until no record is in flight or {@code max} passed; returns whether none is. */
    boolean awaitNone(Duration max) throws InterruptedException {
        long left = max.toNanos();
        lock.lock();
        try {
            while (count.get() > 0 && left > 0) {
                left = none.awaitNanos(left);
            }
            return count.get() == 0;
        } finally {
            lock.unlock();
        }
    }

}
