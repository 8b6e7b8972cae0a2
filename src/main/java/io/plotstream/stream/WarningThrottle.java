package io.plotstream.stream;

/**
 * Decides which of a repeating warning's occurrences reach WARN: the first, then at most one per
 * period, each saying how many were demoted (to DEBUG) since. A server that stays down for a day
 * then costs a line a minute, not one per reconnect attempt. Not thread-safe: one per writer.
 */
final class WarningThrottle {
    private final long periodNanos;
    private boolean warnedOnce;
    private long lastWarnNanos;
    private int suppressed;

    WarningThrottle(long periodNanos) {
        this.periodNanos = periodNanos;
    }

    /**
     * @return -1 if this occurrence goes to DEBUG; otherwise it goes to WARN and the result is how
     *         many occurrences were demoted since the last WARN
     */
    int occurrence(long nowNanos) {
        if (!warnedOnce || nowNanos - lastWarnNanos >= periodNanos) {
            warnedOnce = true;
            lastWarnNanos = nowNanos;
            int demoted = suppressed;
            suppressed = 0;
            return demoted;
        }
        suppressed++;
        return -1;
    }
}
