package io.plotstream.stream;

/**
 * Token bucket for writes per second, with a burst of one: writes come out evenly spaced, which
 * is what a server throttling "one object per 50 ms" wants. Writer-thread only (not thread-safe).
 */
final class RateLimiter {
    private final long intervalNanos;
    private long nextFreeNanos;

    /** @param writesPerSecond 0 = unlimited */
    RateLimiter(double writesPerSecond) {
        this.intervalNanos = writesPerSecond <= 0 ? 0 : Math.max(1, (long) (1_000_000_000L / writesPerSecond));
        this.nextFreeNanos = System.nanoTime();
    }

    boolean unlimited() {
        return intervalNanos == 0;
    }

    /** Takes up to {@code wanted} writes allowed now and returns how many were granted. */
    int take(long now, int wanted) {
        if (unlimited() || wanted <= 0) {
            return Math.max(0, wanted);
        }
        if (now - nextFreeNanos < 0) {
            return 0;
        }
        // Burst of one: time spent idle does not accumulate into a later burst.
        nextFreeNanos = now + intervalNanos;
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
