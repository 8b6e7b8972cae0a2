package io.plotstream.connect;

import java.util.concurrent.atomic.AtomicLong;

/** What a task counts, whether or not the runtime publishes it (see {@link TaskMetrics}). */
final class TaskCounters {
    final AtomicLong pointsEnqueued = new AtomicLong();
    final AtomicLong recordsSkipped = new AtomicLong();
    final AtomicLong recordsFailed = new AtomicLong();
}
