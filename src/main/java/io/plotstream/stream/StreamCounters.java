package io.plotstream.stream;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stream's counters: written by its writer (and by callers for what they enqueue), read by
 * {@link TokenStream#stats()} from any thread. Every field is an atomic or a volatile.
 */
final class StreamCounters {
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong decimated = new AtomicLong();
    private final AtomicLong outstanding = new AtomicLong();
    private final Map<Integer, AtomicLong> reconnects = new ConcurrentHashMap<>();
    private final AtomicLong connectFailures = new AtomicLong();
    private volatile boolean connected;
    /** Enqueue time of the oldest point the writer holds unsettled, {@link Long#MAX_VALUE} when none. */
    private volatile long writerOldestNanos = Long.MAX_VALUE;

    void enqueued(int points) {
        outstanding.addAndGet(points);
    }

    void delivered(int points) {
        delivered.addAndGet(points);
        outstanding.addAndGet(-points);
    }

    /** Points that left without delivery (failed, or an offer that was not admitted). */
    void settled(int points) {
        outstanding.addAndGet(-points);
    }

    void decimated(int points) {
        decimated.addAndGet(points);
    }

    void reconnect(int status) {
        reconnects.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    /** A connection attempt failed before the server answered (refused, timed out, TLS). */
    void connectFailed() {
        connectFailures.incrementAndGet();
    }

    long connectFailures() {
        return connectFailures.get();
    }

    void connected(boolean now) {
        connected = now;
    }

    void writerOldest(long nanos) {
        writerOldestNanos = nanos;
    }

    long writerOldestNanos() {
        return writerOldestNanos;
    }

    long delivered() {
        return delivered.get();
    }

    long decimatedCount() {
        return decimated.get();
    }

    long outstanding() {
        return outstanding.get();
    }

    boolean isConnected() {
        return connected;
    }

    Map<Integer, Long> reconnectsByStatus() {
        Map<Integer, Long> byStatus = new TreeMap<>();
        reconnects.forEach((status, count) -> byStatus.put(status, count.get()));
        return Map.copyOf(byStatus);
    }
}
