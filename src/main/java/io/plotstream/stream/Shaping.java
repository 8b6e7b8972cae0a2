package io.plotstream.stream;

import io.plotstream.point.Point;
import java.util.List;

/**
 * How a stream turns batches into writes: one strategy per mode, chosen once when the stream is
 * built ({@link #forSettings}). {@link #prepare} runs on the caller's thread (so append mode's
 * encoding is spread over the tasks); every other method belongs to the writer thread.
 */
interface Shaping {

    /** Bound on one write: a chunk stops taking whole batches or points past this size. */
    int MAX_BYTES_PER_WRITE = 256 * 1024;

    static Shaping forSettings(StreamSettings settings, long nowNanos) {
        RateLimiter limiter = new RateLimiter(settings.maxWritesPerSecond(), nowNanos);
        if (settings.mode() == StreamSettings.WriteMode.WINDOW) {
            return new WindowShaping(settings.windowPoints(), settings.windowRefresh().toNanos(), limiter, nowNanos);
        }
        if (settings.overflow() == StreamSettings.OverflowPolicy.DECIMATE && !limiter.unlimited()) {
            return new DecimateShaping(Decimator.bucketNanosFor(settings.maxWritesPerSecond()), limiter, nowNanos);
        }
        return new AppendShaping(limiter);
    }

    /**
     * Caller thread: validates the points and builds their batch. Must be thread-safe.
     *
     * @throws IllegalArgumentException for a value no stream can carry (NaN, Infinity, other types)
     */
    OutboundBatch prepare(List<Point> points, Delivery delivery, long nowNanos);

    /** Takes a batch in. */
    void accept(OutboundBatch batch, long nowNanos, BatchOutcomes outcomes);

    /** Lets time-driven shaping (decimation buckets) move on; {@code closing} flushes what it holds. */
    default void tick(long nowNanos, boolean closing, BatchOutcomes outcomes) {
    }

    /** The write due now, or null. The caller writes it and hands it to the unconfirmed window. */
    Sent nextWrite(long nowNanos, boolean closing);

    /** When a write may next be due, given nothing else arrives. */
    long nextDueNanos(long nowNanos);

    /** Nothing is waiting to be written. */
    boolean idle();

    /** A connection ended: these writes (newest first) were not confirmed and go back, to be sent again. */
    void requeue(List<Sent> newestFirst);

    /** A new connection is open (window mode rewrites its window: the server may have lost it). */
    default void connected() {
    }

    /** Fails every batch it holds. */
    void failAll(BatchOutcomes outcomes, StreamException cause);

    /** Enqueue time of the oldest point it holds, or {@link Long#MAX_VALUE}. */
    long oldestNanos();
}
