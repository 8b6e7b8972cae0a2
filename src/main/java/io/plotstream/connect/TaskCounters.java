package io.plotstream.connect;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What one task counts of its own points and records, from its own code and its own delivery
 * callbacks (streams are shared by the tasks of a worker, so their counters are not the task's).
 * Atomics: written by the task thread and stream writers, read by the metrics reporter.
 */
final class TaskCounters {
    final AtomicLong pointsEnqueued = new AtomicLong();
    final AtomicLong pointsDelivered = new AtomicLong();
    final AtomicLong pointsFailed = new AtomicLong();
    final AtomicLong recordsSkipped = new AtomicLong();
    final AtomicLong recordsFailed = new AtomicLong();
    /** Records waiting in the backlog because the task's budget was full (the task is paused while > 0). */
    final AtomicLong recordsWaiting = new AtomicLong();

    /** Points handed to streams whose outcome is not known yet. */
    long pointsInFlight() {
        return Math.max(0, pointsEnqueued.get() - pointsDelivered.get() - pointsFailed.get());
    }
}
