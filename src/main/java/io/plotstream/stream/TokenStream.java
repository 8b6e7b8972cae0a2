package io.plotstream.stream;

import io.plotstream.point.Point;
import io.plotstream.stream.StreamSettings.OverflowPolicy;
import io.plotstream.stream.StreamSettings.WriteMode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One token's persistent stream: a bounded queue drained by one writer thread onto one connection
 * (reconnecting as the protocol says). Obtain through {@link StreamRegistry#lease}.
 *
 * <h2>Threads</h2>
 * One daemon writer thread, {@code plotly-stream-<masked token>}, owns the connection: it connects
 * lazily (when there is something to send), shapes and writes points, heartbeats when idle, confirms
 * deliveries and reconnects. Each connection adds a reader thread ({@link StreamConnection}) that
 * only waits for the server to end the stream. Callers only touch the bounded hand-over queue.
 *
 * <h2>Bound and delivery</h2>
 * {@code queueCapacity} counts every point not yet confirmed — queued, held by shaping, or written
 * but unconfirmed; {@link #offer} reserves room for a whole batch or waits. A point whose bytes were
 * flushed at time t is delivered once the connection is still healthy (no end seen by its reader) at
 * t + ackDelay, or when a clean close got the server's 2xx response. When a connection ends
 * unexpectedly, every written-but-unconfirmed point goes back to the front of the queue, in order, and
 * is sent again on the next connection: duplicates are possible, loss is not. A permanent end (see
 * {@link StatusPolicy}) fails every queued and future point with one {@link StreamException}.
 *
 * <h2>Rate shaping</h2>
 * With {@code maxWritesPerSecond} > 0 writes are spaced evenly. APPEND+BACKPRESSURE: every point is
 * written at the cap, the queue fills and {@link #offer} blocks. APPEND+DECIMATE: per bucket of
 * 4/cap seconds only the first, min-y, max-y and last points are written; the rest are delivered at
 * once and counted as decimated. WINDOW: the newest {@code windowPoints} are rewritten as lists
 * every {@code windowRefresh} when they changed.
 */
public final class TokenStream {
    private static final Logger log = LoggerFactory.getLogger(TokenStream.class);
    /** Most points in one chunk: bounds the encoder's buffer when the cap is off. */
    static final int MAX_POINTS_PER_WRITE = 1024;
    /** A chunk stops taking points past this size: bounds the encoder's buffer for big points. */
    static final int MAX_BYTES_PER_WRITE = 256 * 1024;
    /** A failing server is reported at WARN at most this often; every attempt in between goes to DEBUG. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** How long a failed write waits for the reader to learn the server's status before giving up on it. */
    private static final Duration VERDICT_WAIT = Duration.ofSeconds(1);
    /** The writer re-checks its state at least this often even when nothing wakes it. */
    private static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final StreamSettings settings;
    private final String token;
    private final String masked;
    private final SSLContext ssl;
    private final Semaphore room;
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong decimated = new AtomicLong();
    private final Map<Integer, AtomicLong> reconnects = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<PendingPoint> incoming = new ArrayDeque<>();
    private boolean woken;
    private boolean closeRequested;
    private long closeDeadlineNanos;
    private long nextSeq;

    private volatile StreamException failure;
    private volatile boolean connected;
    private volatile long writerOldestNanos = Long.MAX_VALUE;

    // writer thread only
    private final long ackDelayNanos;
    private final long heartbeatNanos;
    private final ArrayDeque<PendingPoint> ready = new ArrayDeque<>();
    private final ArrayDeque<PendingPoint> unconfirmed = new ArrayDeque<>();
    private final List<PendingPoint> batch = new ArrayList<>();
    private final List<PendingPoint> drained = new ArrayList<>();
    private final Decimator decimator;
    private final WindowBuffer window;
    private final RateLimiter limiter;
    private final Backoff backoff;
    private final WriteEncoder encoder = new WriteEncoder();
    private StreamConnection connection;
    private boolean connectionConfirmedAny;
    private long nextConnectNanos = System.nanoTime();
    private long lastWriteNanos;
    private long nextWindowWriteNanos = System.nanoTime();
    private int failedAttempts;
    private final WarningThrottle warnings = new WarningThrottle(WARN_EVERY_NANOS);

    private TokenStream(StreamSettings settings, String token) {
        this.settings = settings;
        this.token = token;
        this.masked = Tokens.mask(token);
        this.ssl = settings.isHttps() ? TlsContexts.create(settings.tls()) : null;
        this.room = new Semaphore(settings.queueCapacity(), true);
        this.ackDelayNanos = settings.ackDelay().toNanos();
        this.heartbeatNanos = settings.heartbeatInterval().toNanos();
        this.limiter = new RateLimiter(settings.maxWritesPerSecond());
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), settings.backoffJitter());
        boolean decimate = settings.mode() == WriteMode.APPEND && settings.overflow() == OverflowPolicy.DECIMATE
                && settings.maxWritesPerSecond() > 0;
        this.decimator = decimate
                ? new Decimator(Decimator.bucketNanosFor(settings.maxWritesPerSecond()), System.nanoTime(), this::fold)
                : null;
        this.window = settings.mode() == WriteMode.WINDOW ? new WindowBuffer(settings.windowPoints()) : null;
        this.writer = new Thread(this::runWriter, "plotly-stream-" + masked);
        this.writer.setDaemon(true);
    }

    /**
     * Creates the stream and starts its writer (it connects once there is something to send).
     *
     * @throws IllegalArgumentException for a token a header cannot carry or unusable TLS settings
     */
    static TokenStream start(StreamSettings settings, String token) {
        checkToken(token);
        TokenStream stream = new TokenStream(settings, token);
        stream.writer.start();
        return stream;
    }

    static void checkToken(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("stream token must not be empty");
        }
        if (token.length() > 256) {
            throw new IllegalArgumentException("stream token " + Tokens.mask(token) + " is longer than 256 characters");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("stream token " + Tokens.mask(token) + " contains a space, control "
                        + "or non-ASCII character (position " + i + "); a token is sent as an HTTP header");
            }
        }
    }

    /**
     * Reserves room for one point and enqueues it; waits up to {@code timeout} for room.
     *
     * @return false if there was no room in time (nothing enqueued)
     * @throws StreamException          if the stream has failed for good (see {@link #failure()})
     * @throws IllegalArgumentException if the point holds a value no stream can carry (NaN, Infinity, other types)
     * @throws IllegalStateException    if the stream was closed
     */
    public boolean offer(Point point, Delivery delivery, long timeout, TimeUnit unit) throws InterruptedException {
        return offerAll(List.of(point), List.of(delivery), timeout, unit);
    }

    /**
     * Reserves room for {@code points.size()} points and enqueues them all, or none: waits up to
     * {@code timeout} for room. A record's points go in whole so a retried batch never half-repeats.
     * {@code deliveries.get(i)} is told the outcome of {@code points.get(i)}.
     *
     * @return false if there was no room in time (nothing enqueued)
     * @throws StreamException          if the stream has failed for good (see {@link #failure()})
     * @throws IllegalArgumentException if a point holds a value no stream can carry, or the batch is
     *                                  larger than the queue could ever hold
     * @throws IllegalStateException    if the stream was closed
     */
    public boolean offerAll(List<Point> points, List<Delivery> deliveries, long timeout, TimeUnit unit)
            throws InterruptedException {
        if (points.size() != deliveries.size()) {
            throw new IllegalArgumentException(points.size() + " points but " + deliveries.size() + " deliveries");
        }
        int n = points.size();
        if (n == 0) {
            return true;
        }
        if (n > settings.queueCapacity()) {
            throw new IllegalArgumentException("a batch of " + n + " points can never fit the queue of token " + masked
                    + " (capacity " + settings.queueCapacity() + ")");
        }
        for (int i = 0; i < n; i++) {
            WriteEncoder.validate(points.get(i));
            if (deliveries.get(i) == null) {
                throw new IllegalArgumentException("delivery " + i + " is null");
            }
        }
        throwIfUnusable();
        if (!room.tryAcquire(n, timeout, unit)) {
            throwIfUnusable();
            return false;
        }
        lock.lock();
        try {
            if (failure != null || closeRequested) {
                room.release(n);
                throwIfUnusable();
            }
            long now = System.nanoTime();
            for (int i = 0; i < n; i++) {
                incoming.addLast(new PendingPoint(points.get(i), deliveries.get(i), nextSeq++, now));
            }
            outstanding.addAndGet(n);
            woken = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** Room left in the queue now (0 once failed or closed). */
    public int remainingCapacity() {
        if (failure != null || isCloseRequested()) {
            return 0;
        }
        return Math.min(room.availablePermits(), settings.queueCapacity());
    }

    /** The permanent failure that ended this stream, if any. */
    public Optional<StreamException> failure() {
        return Optional.ofNullable(failure);
    }

    public StreamStats stats() {
        long oldest = writerOldestNanos;
        lock.lock();
        try {
            PendingPoint head = incoming.peekFirst();
            if (head != null && head.enqueuedNanos - oldest < 0) {
                oldest = head.enqueuedNanos;
            }
        } finally {
            lock.unlock();
        }
        int queued = outstanding.get();
        long ageMs = queued == 0 || oldest == Long.MAX_VALUE ? 0
                : Math.max(0, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - oldest));
        Map<Integer, Long> byStatus = new TreeMap<>();
        reconnects.forEach((status, count) -> byStatus.put(status, count.get()));
        return new StreamStats(delivered.get(), decimated.get(), queued, connected, Map.copyOf(byStatus), ageMs);
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
        lock.lock();
        try {
            if (!closeRequested) {
                closeRequested = true;
                closeDeadlineNanos = System.nanoTime() + settings.closeTimeout().toNanos();
                woken = true;
                wake.signal();
            }
        } finally {
            lock.unlock();
        }
        wakeBlockedOffers();
        return terminated;
    }

    /** Stops the writer now (after a close took too long); undelivered points are failed. */
    void abort() {
        closeAsync();
        writer.interrupt();
    }

    boolean isCloseRequested() {
        lock.lock();
        try {
            return closeRequested;
        } finally {
            lock.unlock();
        }
    }

    CompletableFuture<Void> terminated() {
        return terminated;
    }

    // ---- the writer -----------------------------------------------------------------------------

    private void runWriter() {
        try {
            writeLoop();
        } catch (InterruptedException e) {
            log.debug("stream for token {} interrupted", masked);
        } catch (RuntimeException | Error e) {
            log.error("stream writer for token {} failed unexpectedly", masked, e);
            if (failure == null) {
                fail(new StreamException("stream for token " + masked + " failed unexpectedly: " + e, -1));
            }
        } finally {
            StreamException f = failure;
            if (connection != null) {
                connection.abort("closed by the client");
                connection = null;
            }
            connected = false;
            failEverything(f != null ? f : new StreamException("stream for token " + masked
                    + " was closed before these points were confirmed delivered (server unreachable or too slow"
                    + " within closeTimeout " + settings.closeTimeout().toMillis() + " ms)", -1));
            writerOldestNanos = Long.MAX_VALUE;
            terminated.complete(null);
        }
    }

    private void writeLoop() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            boolean closing = drainIncoming();
            if (decimator != null) {
                decimator.emitIfDue(now, closing, ready);
            }
            if (connection != null && connection.ended()) {
                connectionEnded(connection.end().join(), now);
            }
            if (failure != null) {
                return;
            }
            confirmDue(now);
            updateOldest();
            if (closing && (!hasOutstanding() || now - closeDeadlineNanos >= 0)) {
                closeConnectionCleanly();
                return;
            }
            if (connection == null) {
                if (hasOutstanding() && now - nextConnectNanos >= 0) {
                    connect();
                    continue;
                }
            } else {
                if (writeDue(now, closing)) {
                    continue;
                }
                if (closing && nothingLeftToWrite()) {
                    // Only confirmations remain: the clean close's response confirms them at once.
                    closeConnectionCleanly();
                    return;
                }
                if (now - lastWriteNanos >= heartbeatNanos) {
                    heartbeat();
                    continue;
                }
            }
            sleepUntil(nextWake(now, closing));
        }
    }

    /** Moves offered points into the writer's structures; returns whether a close was requested. */
    private boolean drainIncoming() {
        boolean closing;
        lock.lock();
        try {
            drained.addAll(incoming);
            incoming.clear();
            closing = closeRequested;
        } finally {
            lock.unlock();
        }
        // Outside the lock: decimation tells Delivery callbacks, which may take the caller's own locks
        // while the caller, holding them, waits in offer() for ours.
        for (PendingPoint p : drained) {
            if (window != null) {
                window.add(p);
            } else if (decimator != null) {
                decimator.add(p, ready);
            } else {
                ready.addLast(p);
            }
        }
        drained.clear();
        return closing;
    }

    private boolean hasOutstanding() {
        return !ready.isEmpty() || !unconfirmed.isEmpty() || (decimator != null && !decimator.isEmpty())
                || (window != null && !window.uncovered.isEmpty());
    }

    private boolean nothingLeftToWrite() {
        return ready.isEmpty() && (decimator == null || decimator.isEmpty())
                && (window == null || window.uncovered.isEmpty() || !window.dirty());
    }

    private void connect() {
        long started = System.nanoTime();
        try {
            connection = StreamConnection.open(settings, ssl, token, "plotly-stream-" + masked + "-reader",
                    this::wakeWriter);
            connected = true;
            connectionConfirmedAny = false;
            lastWriteNanos = System.nanoTime();
            if (window != null) {
                window.markDirtyIfNotEmpty();
            }
            if (failedAttempts > 0) {
                log.info("stream for token {} connected to {} after {} failed attempts", masked,
                        settings.serverUri(), failedAttempts);
            } else {
                log.debug("stream for token {} connected to {}", masked, settings.serverUri());
            }
            failedAttempts = 0;
        } catch (IOException | RuntimeException e) {
            connection = null;
            failedAttempts++;
            Duration delay = backoff.next();
            nextConnectNanos = started + delay.toNanos();
            warnThrottled("stream for token {} cannot connect to {} ({}); attempt {}, retrying in {} ms", masked,
                    settings.serverUri(), e.toString(), failedAttempts, delay.toMillis());
        }
    }

    /** Reacts to the end of the current connection per {@link StatusPolicy}. */
    private void connectionEnded(StreamEnd end, long now) {
        StreamConnection ended = connection;
        connection = null;
        connected = false;
        ended.abort("closed by the client");
        requeueUnconfirmed();
        reconnects.computeIfAbsent(end.status(), s -> new AtomicLong()).incrementAndGet();
        switch (StatusPolicy.reactionTo(end.status())) {
            case STOP -> {
                StreamException e = StatusPolicy.failureFor(end, masked);
                log.error("stream for token {} stopped for good: {}", masked, e.getMessage());
                fail(e);
            }
            case BACK_OFF -> {
                Duration delay = backoff.longest();
                nextConnectNanos = now + delay.toNanos();
                warnThrottled("stream for token {} ended by the server ({}); too many connections for the token, "
                        + "reconnecting in {} ms", masked, end, delay.toMillis());
            }
            case RECONNECT -> {
                if (connectionConfirmedAny || now - ended.openedNanos() >= settings.backoffMax().toNanos()) {
                    backoff.reset(); // that connection was healthy: this is a fresh incident
                }
                Duration delay = backoff.next();
                nextConnectNanos = now + delay.toNanos();
                warnThrottled("stream for token {} ended by the server ({}); reconnecting in {} ms", masked, end,
                        delay.toMillis());
            }
        }
    }

    /** Written-but-unconfirmed points go back to the front, in order, to be sent again. */
    private void requeueUnconfirmed() {
        Deque<PendingPoint> target = window != null ? window.uncovered : ready;
        Iterator<PendingPoint> newestFirst = unconfirmed.descendingIterator();
        while (newestFirst.hasNext()) {
            target.addFirst(newestFirst.next());
        }
        unconfirmed.clear();
        if (window != null) {
            window.markDirtyIfNotEmpty();
        }
    }

    private void confirmDue(long now) {
        if (connection == null || connection.ended()) {
            return;
        }
        PendingPoint head;
        while ((head = unconfirmed.peekFirst()) != null && now - head.flushedNanos >= ackDelayNanos) {
            unconfirmed.pollFirst();
            deliver(head);
            connectionConfirmedAny = true;
        }
    }

    /** Writes points or the window if one is due; false when nothing was due. */
    private boolean writeDue(long now, boolean closing) {
        if (window != null) {
            if (!window.dirty() || (!closing && now - nextWindowWriteNanos < 0) || limiter.take(now, 1) == 0) {
                return false;
            }
            encoder.reset();
            encoder.appendWindow(window.snapshot());
            if (!writeEncoded(List.of())) {
                return true;
            }
            window.markWritten();
            long flushed = System.nanoTime();
            PendingPoint p;
            while ((p = window.uncovered.pollFirst()) != null) {
                p.flushedNanos = flushed;
                unconfirmed.addLast(p);
            }
            nextWindowWriteNanos = flushed + Math.max(settings.windowRefresh().toNanos(), limiter.intervalNanos());
            return true;
        }
        int n = limiter.take(now, Math.min(ready.size(), MAX_POINTS_PER_WRITE));
        if (n == 0) {
            return false;
        }
        batch.clear();
        encoder.reset();
        for (int i = 0; i < n && (i == 0 || encoder.length() < MAX_BYTES_PER_WRITE); i++) {
            PendingPoint p = ready.pollFirst();
            batch.add(p);
            encoder.appendPoint(p.point);
        }
        if (writeEncoded(batch)) {
            long flushed = System.nanoTime();
            for (PendingPoint p : batch) {
                p.flushedNanos = flushed;
                unconfirmed.addLast(p);
            }
        }
        batch.clear();
        return true;
    }

    /**
     * Sends the encoder's bytes as one chunk. On failure the batch goes back to the front of the
     * queue and the connection's end is handled; returns whether the write went out.
     */
    private boolean writeEncoded(List<PendingPoint> written) {
        try {
            connection.writeChunk(encoder.bytes(), 0, encoder.length());
            lastWriteNanos = System.nanoTime();
            return true;
        } catch (IOException e) {
            for (int i = written.size() - 1; i >= 0; i--) {
                ready.addFirst(written.get(i));
            }
            writeFailed(e);
            return false;
        }
    }

    private void heartbeat() {
        try {
            connection.writeHeartbeat();
            lastWriteNanos = System.nanoTime();
        } catch (IOException e) {
            writeFailed(e);
        }
    }

    /** A failed write usually means the server answered and closed: give the reader a moment to read why. */
    private void writeFailed(IOException e) {
        StreamEnd end = connection.awaitEnd(VERDICT_WAIT, "write failed: " + e);
        connectionEnded(end, System.nanoTime());
    }

    private void closeConnectionCleanly() {
        if (connection == null) {
            return;
        }
        StreamConnection closing = connection;
        connection = null;
        connected = false;
        StreamEnd end = closing.closeCleanly(settings.closeTimeout());
        if (end.status() >= 200 && end.status() < 300) {
            PendingPoint p;
            while ((p = unconfirmed.pollFirst()) != null) {
                deliver(p);
            }
        } else if (end.hasResponse() && StatusPolicy.reactionTo(end.status()) == StatusPolicy.Reaction.STOP) {
            fail(StatusPolicy.failureFor(end, masked));
        } else {
            log.warn("stream for token {} closed without a confirming response ({}); {} points unconfirmed", masked,
                    end, unconfirmed.size());
        }
    }

    private long nextWake(long now, boolean closing) {
        long next = now + MAX_SLEEP_NANOS;
        if (connection == null) {
            if (hasOutstanding()) {
                next = earlier(next, nextConnectNanos);
            }
        } else {
            next = earlier(next, lastWriteNanos + heartbeatNanos);
            PendingPoint head = unconfirmed.peekFirst();
            if (head != null) {
                next = earlier(next, head.flushedNanos + ackDelayNanos);
            }
            if (!ready.isEmpty()) {
                next = earlier(next, limiter.nextAllowedNanos());
            }
            if (window != null && window.dirty()) {
                next = earlier(next, laterOf(nextWindowWriteNanos, limiter.nextAllowedNanos()));
            }
        }
        if (decimator != null && !decimator.isEmpty()) {
            next = earlier(next, decimator.bucketEndNanos());
        }
        if (closing) {
            next = earlier(next, closeDeadlineNanos);
        }
        return next;
    }

    private static long earlier(long a, long b) {
        return b - a < 0 ? b : a;
    }

    private static long laterOf(long a, long b) {
        return b - a > 0 ? b : a;
    }

    private void sleepUntil(long deadline) throws InterruptedException {
        lock.lock();
        try {
            long left = deadline - System.nanoTime();
            while (!woken && left > 0) {
                left = wake.awaitNanos(left);
            }
            woken = false;
        } finally {
            lock.unlock();
        }
    }

    private void wakeWriter() {
        lock.lock();
        try {
            woken = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void updateOldest() {
        long oldest = Long.MAX_VALUE;
        for (PendingPoint head : new PendingPoint[] {unconfirmed.peekFirst(), ready.peekFirst(),
                window == null ? null : window.uncovered.peekFirst()}) {
            if (head != null && (oldest == Long.MAX_VALUE || head.enqueuedNanos - oldest < 0)) {
                oldest = head.enqueuedNanos;
            }
        }
        if (decimator != null && !decimator.isEmpty()) {
            long d = decimator.oldestEnqueuedNanos();
            if (oldest == Long.MAX_VALUE || d - oldest < 0) {
                oldest = d;
            }
        }
        writerOldestNanos = oldest;
    }

    // ---- outcomes -------------------------------------------------------------------------------

    /* Room is freed before the callback, so a slow callback does not also hold back waiting offers. */
    private void deliver(PendingPoint p) {
        delivered.incrementAndGet();
        release();
        try {
            p.delivery.delivered();
        } catch (RuntimeException e) {
            log.warn("delivery callback for token {} threw", masked, e);
        }
    }

    /** A point decimation dropped: that is its configured outcome, so it counts as delivered. */
    private void fold(PendingPoint p) {
        decimated.incrementAndGet();
        deliver(p);
    }

    private void failOne(PendingPoint p, StreamException cause) {
        release();
        try {
            p.delivery.failed(cause);
        } catch (RuntimeException e) {
            log.warn("delivery callback for token {} threw", masked, e);
        }
    }

    private void release() {
        outstanding.decrementAndGet();
        room.release();
    }

    /** Records a permanent failure: from now on every offer throws it. */
    private void fail(StreamException e) {
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
            }
        } finally {
            lock.unlock();
        }
        failEverything(failure);
        wakeBlockedOffers();
    }

    private void failEverything(StreamException cause) {
        Consumer<PendingPoint> failIt = p -> failOne(p, cause);
        unconfirmed.forEach(failIt);
        unconfirmed.clear();
        ready.forEach(failIt);
        ready.clear();
        if (decimator != null) {
            decimator.drainTo(failIt);
        }
        if (window != null) {
            window.uncovered.forEach(failIt);
            window.uncovered.clear();
        }
        List<PendingPoint> late = new ArrayList<>();
        lock.lock();
        try {
            late.addAll(incoming);
            incoming.clear();
            closeRequested = true; // nothing more may be offered to a stream that ended
        } finally {
            lock.unlock();
        }
        late.forEach(failIt);
    }

    /**
     * Offers blocked for room must learn of a failure or close now, not at their timeout: permits are
     * meaningless from here on, so hand out enough for any single waiter, who then sees the state and throws.
     */
    private void wakeBlockedOffers() {
        room.release(settings.queueCapacity());
    }

    private void throwIfUnusable() {
        StreamException f = failure;
        if (f != null) {
            throw f;
        }
        if (isCloseRequested()) {
            throw new IllegalStateException("stream for token " + masked + " is closed");
        }
    }

    private void warnThrottled(String format, Object... args) {
        int demoted = warnings.occurrence(System.nanoTime());
        if (demoted < 0) {
            log.debug(format, args);
        } else if (demoted > 0) {
            log.warn(format + " ({} similar messages since the last warning were logged at DEBUG)", append(args, demoted));
        } else {
            log.warn(format, args);
        }
    }

    private static Object[] append(Object[] args, Object extra) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }
}
