package io.plotstream.stream;

import io.plotstream.point.Point;
import io.plotstream.protocol.StreamToken;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * One token's persistent stream. Obtain through {@link StreamRegistry#lease}.
 *
 * <h2>Parts</h2>
 * Callers {@link #offer} a batch of points with one {@link Delivery}; the mode's {@link Shaping}
 * prepares it on the caller's thread (append mode encodes it there), and the {@link HandOff} charges
 * it to the caller's {@link ByteBudget} and queues it, taking one lock per batch. One writer thread
 * ({@link StreamWriter}, {@code plotly-stream-<masked token>}) owns the connection and its state
 * machine ({@link WriterState}); each connection adds a reader thread ({@link StreamConnection}) that
 * only waits for the server to end the stream.
 *
 * <h2>Bound and delivery</h2>
 * The caller's budget bounds what it has waiting to be written plus written but not confirmed, in
 * every stream it feeds: a batch's encoded bytes plus {@value OutboundBatch#BOOKKEEPING_BYTES_PER_POINT}
 * bytes per point, held until its outcome is told. Callers that bring no budget share the stream's own,
 * of {@code StreamSettings.bufferBytes}. A write flushed at time t is confirmed once the
 * connection is still healthy at t + ackDelay, or when a clean close got the server's 2xx. When a
 * connection ends unexpectedly, every unconfirmed write goes back in order and is sent again on the
 * next connection: duplicates are possible, loss is not. So a token's throughput is bounded by its
 * feeders' budgets over the ack delay, not by a count of points. A permanent end fails every queued
 * and future point with one {@link StreamException}.
 */
public final class TokenStream {
    private final StreamSettings settings;
    private final String masked;
    private final StreamClock clock;
    private final HandOff handOff;
    /** Charged by callers that bring no budget of their own. */
    private final ByteBudget ownBudget;
    private final Shaping shaping;
    private final StreamCounters counters = new StreamCounters();
    private final StreamWriter writer;
    private final Thread writerThread;

    private TokenStream(StreamSettings settings, String token, StreamClock clock) {
        this.settings = settings;
        this.masked = StreamToken.mask(token);
        this.clock = clock;
        SSLContext ssl = settings.isHttps() ? TlsContexts.create(settings.tls()) : null;
        this.handOff = new HandOff();
        this.ownBudget = new ByteBudget(settings.bufferBytes());
        this.shaping = Shaping.forSettings(settings, clock.nanoTime());
        this.writer = new StreamWriter(settings, token, masked, ssl, clock, handOff, shaping, counters);
        this.writerThread = new Thread(writer, "plotly-stream-" + masked);
        this.writerThread.setDaemon(true);
        clock.onAdvance(handOff::wakeWriter);
    }

    /**
     * Creates the stream and starts its writer (it connects once there is something to send).
     *
     * @throws IllegalArgumentException for a token the protocol does not allow, or unusable TLS settings
     */
    static TokenStream start(StreamSettings settings, String token) {
        return start(settings, token, StreamClock.SYSTEM);
    }

    /** As {@link #start(StreamSettings, String)}, on {@code clock}. */
    static TokenStream start(StreamSettings settings, String token, StreamClock clock) {
        StreamToken.require(token);
        TokenStream stream = new TokenStream(settings, token, clock);
        stream.writerThread.start();
        return stream;
    }

    /**
     * {@link #offer(List, Delivery, ByteBudget, long, TimeUnit)} charging the stream's own budget
     * ({@code StreamSettings.bufferBytes}), shared by every caller that brings none.
     */
    public boolean offer(List<Point> points, Delivery delivery, long timeout, TimeUnit unit)
            throws InterruptedException {
        return offer(points, delivery, ownBudget, timeout, unit);
    }

    /**
     * Hands {@code points} over as one batch, all or nothing, waiting up to {@code timeout} (real
     * time) for room in {@code budget}, which stays charged until the batch's outcome is told.
     * {@code delivery} is told once: delivered when every point was confirmed (or settled by
     * shaping), or failed. The list must not change afterwards.
     *
     * @return false if there was no room in time (nothing enqueued)
     * @throws StreamException          if the stream has failed for good (see {@link #failure()})
     * @throws IllegalArgumentException if a point holds a value no stream can carry (NaN, Infinity, other types)
     * @throws IllegalStateException    if the stream was closed
     */
    public boolean offer(List<Point> points, Delivery delivery, ByteBudget budget, long timeout, TimeUnit unit)
            throws InterruptedException {
        if (delivery == null) {
            throw new IllegalArgumentException("delivery is null");
        }
        if (points.isEmpty()) {
            return true;
        }
        throwIfUnusable();
        OutboundBatch batch = shaping.prepare(points, delivery, clock.nanoTime());
        counters.enqueued(batch.size);
        HandOff.Admission admission = handOff.offer(batch, budget, HandOff.toNanos(timeout, unit));
        if (admission == HandOff.Admission.ACCEPTED) {
            return true;
        }
        counters.settled(batch.size);
        throwIfUnusable();
        return false;
    }

    /** {@link #offer(List, Delivery, long, TimeUnit)} for one point. */
    public boolean offer(Point point, Delivery delivery, long timeout, TimeUnit unit) throws InterruptedException {
        return offer(List.of(point), delivery, timeout, unit);
    }

    /** Bytes of the stream's own budget still free now (0 once failed or closed). */
    public long remainingBytes() {
        if (writer.failure() != null || handOff.isCloseRequested()) {
            return 0;
        }
        return Math.max(0, ownBudget.maxBytes() - ownBudget.chargedBytes());
    }

    /** The permanent failure that ended this stream, if any. */
    public Optional<StreamException> failure() {
        return Optional.ofNullable(writer.failure());
    }

    /** The writer's state now. */
    public WriterState state() {
        return writer.state();
    }

    public StreamStats stats() {
        // The hand-off first, the writer's published oldest second: a batch moving from one to the
        // other is then seen in at least one of them (the hand-off reports it until it was published).
        long waiting = handOff.oldestWaitingNanos();
        long oldest = Math.min(counters.writerOldestNanos(), waiting);
        long queued = Math.max(0, counters.outstanding());
        long ageMs = queued == 0 || oldest == Long.MAX_VALUE ? 0
                : Math.max(0, TimeUnit.NANOSECONDS.toMillis(clock.nanoTime() - oldest));
        return new StreamStats(counters.delivered(), counters.decimatedCount(), queued, handOff.chargedBytes(),
                counters.isConnected(), counters.reconnectsByStatus(), counters.connectFailures(), ageMs);
    }

    /** The token, masked, for logs. */
    public String maskedToken() {
        return masked;
    }

    /** The settings this stream was started with. */
    public StreamSettings settings() {
        return settings;
    }

    // ---- lifecycle, for the registry ----------------------------------------------------------

    /**
     * Asks the writer to finish: points already queued get up to {@code closeTimeout} to be delivered,
     * then the body is ended cleanly and the server's response awaited (up to {@code closeTimeout}
     * again); whatever is still undelivered then is failed. New offers are refused from now on.
     *
     * @return completes when the writer and its connection are gone
     */
    CompletableFuture<Void> closeAsync() {
        handOff.requestClose();
        return writer.terminated();
    }

    /** Stops the writer now (after a close took too long); undelivered points are failed. */
    void abort() {
        closeAsync();
        writerThread.interrupt();
    }

    boolean isCloseRequested() {
        return handOff.isCloseRequested();
    }

    CompletableFuture<Void> terminated() {
        return writer.terminated();
    }

    private void throwIfUnusable() {
        StreamException f = writer.failure();
        if (f != null) {
            throw f;
        }
        if (handOff.isCloseRequested()) {
            throw new IllegalStateException("stream for token " + masked + " is closed");
        }
    }
}
