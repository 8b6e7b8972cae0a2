package io.plotstream.stream;

/**
 * The server does not acknowledge (Plotly's protocol): a write flushed at t is confirmed when the
 * connection is still healthy at t + ack delay. It cannot know what the server kept; it is the
 * best a client of the plain protocol can do.
 */
final class DelayConfirmation implements Confirmation {
    private final long ackDelayNanos;

    DelayConfirmation(long ackDelayNanos) {
        this.ackDelayNanos = ackDelayNanos;
    }

    @Override
    public boolean confirms(Sent write, long nowNanos) {
        return nowNanos - write.flushedNanos >= ackDelayNanos;
    }

    @Override
    public long dueNanos(Sent write) {
        return write.flushedNanos + ackDelayNanos;
    }

    @Override
    public boolean byTime() {
        return true;
    }

    @Override
    public String toString() {
        return "ack delay " + ackDelayNanos / 1_000_000 + " ms";
    }
}
