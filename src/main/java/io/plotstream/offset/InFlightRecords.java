package io.plotstream.offset;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many tracked records still wait for delivery, and a way to wait for that to reach zero that
 * is signalled by the completions themselves: the commit before a revoke neither polls nor counts.
 */
final class InFlightRecords {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition none = lock.newCondition();
    private int count;

    void started() {
        lock.lock();
        try {
            count++;
        } finally {
            lock.unlock();
        }
    }

    /** A record completed (or was abandoned with its partition); called from any thread. */
    void finished() {
        lock.lock();
        try {
            if (--count == 0) {
                none.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    int count() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no record is in flight or {@code max} passed; returns whether none is. */
    boolean awaitNone(Duration max) throws InterruptedException {
        long left = max.toNanos();
        lock.lock();
        try {
            while (count > 0 && left > 0) {
                left = none.awaitNanos(left);
            }
            return count == 0;
        } finally {
            lock.unlock();
        }
    }

}
