package io.plotstream.stream;

/**
 * One per JVM (a Connect worker): every task of every connector in it leases token streams here,
 * so a token has at most one open connection per worker, and a task restart or rebalance within
 * the linger reuses the live connection. CONTRACT — implemented by the stream/ work.
 */
public final class StreamRegistry {

    private StreamRegistry() {
    }

    /** The JVM-wide registry. */
    public static StreamRegistry shared() {
        throw new UnsupportedOperationException("contract");
    }

    /** Leases the stream for {@code token} on {@code settings.serverUri()}, creating and connecting it if needed. */
    public StreamLease lease(StreamSettings settings, String token) {
        throw new UnsupportedOperationException("contract");
    }

    /** Streams currently open or lingering (for tests and metrics). */
    public int openStreams() {
        throw new UnsupportedOperationException("contract");
    }
}
