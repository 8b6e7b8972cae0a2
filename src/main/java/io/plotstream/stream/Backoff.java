package io.plotstream.stream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: {@code initial}, doubling each attempt up to {@code max}, each delay moved by a
 * random fraction of up to {@code jitter} either way so that many workers cut off at once do not
 * reconnect in lockstep. {@link #reset()} after a connection proved healthy.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final double jitter;
    private final DoubleSupplier random;
    private long nextBaseNanos;

    Backoff(Duration initial, Duration max, double jitter) {
        this(initial, max, jitter, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1), injectable so tests can pin the jitter */
    Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(initialNanos, max.toNanos());
        this.jitter = jitter;
        this.random = random;
        this.nextBaseNanos = initialNanos;
    }

    /** The delay before the next attempt; doubles the one after. */
    Duration next() {
        long base = nextBaseNanos;
        nextBaseNanos = base >= maxNanos / 2 ? maxNanos : base * 2;
        return jittered(base);
    }

    /** The longest delay (jittered), for a server that said "too many connections" (423). */
    Duration longest() {
        nextBaseNanos = maxNanos;
        return jittered(maxNanos);
    }

    void reset() {
        nextBaseNanos = initialNanos;
    }

    private Duration jittered(long base) {
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofNanos(Math.max(0, (long) (base * factor)));
    }
}
