package io.plotstream.server.plot;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all trace histories hold together, against {@link HistoryLimits#bytesTotal()}. A history
 * reserves bytes before it grows its arrays and gives them back when its trace goes away; a
 * reservation that does not fit fails and the history folds within what it already holds.
 * Lock-free: histories of different plots reserve under their own plot locks.
 */
final class HistoryBudget {

    private final HistoryLimits limits;
    private final AtomicLong used = new AtomicLong();

    HistoryBudget(HistoryLimits limits) {
        this.limits = limits;
    }

    HistoryLimits limits() {
        return limits;
    }

    boolean tryReserve(long bytes) {
        long current;
        do {
            current = used.get();
            if (current + bytes > limits.bytesTotal()) {
                return false;
            }
        } while (!used.compareAndSet(current, current + bytes));
        return true;
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}
