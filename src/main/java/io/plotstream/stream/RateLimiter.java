package io.plotstream.stream;

/**
 * Token bucket for writes per second, with a burst of one: writes come out evenly spaced, which
 * is what a server throttling "one object per 50 ms" wants. Time comes from the caller (the
 * stream's clock). Writer-thread only (not thread-safe).
 */
final class RateLimiter {
    private final long intervalNanos;
    private long nextFreeNanos;

    /** @param writesPerSecond 0 = unlimited */
    RateLimiter(double writesPerSecond, long nowNanos) {
        this.intervalNanos = writesPerSecond <= 0 ? 0 : Math.max(1, (long) (1_000_000_000L / writesPerSecond));
        this.nextFreeNanos = nowNanos;
    }

    boolean unlimited() {
        return intervalNanos == 0;
    }

    /** Takes one write if one is allowed now: returns 1, else 0. Always 1 when unlimited. */
    int take(long nowNanos) {
        if (unlimited()) {
            return 1;
        }
        if (nowNanos - nextFreeNanos < 0) {
            return 0;
        }
        // Burst of one: time spent idle does not accumulate into a later burst.
        nextFreeNanos = nowNanos + intervalNanos;
        return 1;
    }

    /** When the next write is allowed (now or earlier if one is allowed now). */
    long nextAllowedNanos() {
        return nextFreeNanos;
    }

    long intervalNanos() {
        return intervalNanos;
    }
}
