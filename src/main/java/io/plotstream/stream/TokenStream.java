package io.plotstream.stream;

import io.plotstream.point.Point;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One token's persistent stream: a bounded queue drained by one writer thread onto one connection
 * (reconnecting as the protocol says). CONTRACT — implemented by the stream/ work.
 * Obtain through {@link StreamRegistry#lease}.
 */
public final class TokenStream {

    private TokenStream() {
    }

    /**
     * Reserves room for {@code points.length} points and enqueues them all, or none: waits up to
     * {@code timeout} for room. A record's points go in whole so a retried batch never half-repeats.
     *
     * @return false if there was no room in time (nothing enqueued)
     * @throws StreamException if the stream has failed for good (see {@link #failure()})
     */
    public boolean offer(Point point, Delivery delivery, long timeout, TimeUnit unit) throws InterruptedException {
        throw new UnsupportedOperationException("contract");
    }

    /** Room left in the queue now. */
    public int remainingCapacity() {
        throw new UnsupportedOperationException("contract");
    }

    /** The permanent failure that ended this stream, if any. */
    public Optional<StreamException> failure() {
        throw new UnsupportedOperationException("contract");
    }

    public StreamStats stats() {
        throw new UnsupportedOperationException("contract");
    }

    /** The token, masked, for logs. */
    public String maskedToken() {
        throw new UnsupportedOperationException("contract");
    }
}
