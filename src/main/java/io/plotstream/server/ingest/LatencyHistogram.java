package io.plotstream.server.ingest;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-bucket latency histogram in the Prometheus shape (cumulative buckets, sum, count), lock
 * free: recorded from the log's committer thread for every durable chunk.
 */
public final class LatencyHistogram {

    /** Upper bounds in seconds. */
    public static final double[] BOUNDS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    private static final long[] BOUND_NANOS = new long[BOUNDS.length];

    static {
        for (int i = 0; i < BOUNDS.length; i++) {
            BOUND_NANOS[i] = (long) (BOUNDS[i] * 1e9);
        }
    }

    private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS.length + 1);
    private final LongAdder sumNanos = new LongAdder();
    private final LongAdder count = new LongAdder();

    void record(long nanos) {
        int i = 0;
        while (i < BOUND_NANOS.length && nanos > BOUND_NANOS[i]) {
            i++;
        }
        buckets.incrementAndGet(i);
        sumNanos.add(nanos);
        count.increment();
    }

    /** Observations at or below {@code BOUNDS[i]} (cumulative); {@code i == BOUNDS.length}: all. */
    public long cumulative(int i) {
        long total = 0;
        for (int b = 0; b <= i; b++) {
            total += buckets.get(b);
        }
        return total;
    }

    public double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }

    public long count() {
        return count.sum();
    }
}
