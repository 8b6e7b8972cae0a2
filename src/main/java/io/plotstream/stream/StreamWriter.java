package io.plotstream.stream;

import io.plotstream.protocol.ClientReaction;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream's writer thread: the connection's state machine ({@link WriterState}). Each turn of its
 * loop takes in what callers handed over, lets shaping move on, reacts to the end of the connection,
 * confirms what is due, then writes, heartbeats or connects, and sleeps until the next deadline (on
 * the injected clock) unless woken. It owns everything here except the {@link HandOff}, which it
 * shares with callers, and the {@link StreamCounters}, which it publishes.
 */
final class StreamWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);
    /** How long a failed write waits for the reader to learn the server's status before giving up on it. */
    private static final Duration VERDICT_WAIT = Duration.ofSeconds(1);
    private static final long VERDICT_RECHECK_NANOS = 5_000_000;
    /** The writer re-checks its state at least this often (real time) even when nothing wakes it. */
    private static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final StreamSettings settings;
    private final String token;
    private final String masked;
    private final SSLContext ssl;
    private final StreamClock clock;
    private final HandOff handOff;
    private final Shaping shaping;
    private final StreamCounters counters;
    private final BatchOutcomes outcomes;
    private final UnconfirmedWrites unconfirmed = new UnconfirmedWrites();
    private final AckNegotiation negotiation;
    private final ReconnectPolicy reconnects;
    private final long heartbeatNanos;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final List<OutboundBatch> drained = new ArrayList<>();

    private volatile WriterState state = WriterState.CONNECTING;
    private volatile StreamException failure;
    private StreamConnection connection;
    private long connectedAtNanos;
    private boolean connectionConfirmedAny;
    /** Lines ({@code \n}s, heartbeats included) flushed on this connection: what acknowledgements count. */
    private long connectionLines;
    /**
     * The server's cumulative acknowledgement on this connection as last checked (never beyond
     * {@link #connectionLines}): the one value {@link AckedConfirmation} reads, so a count that
     * arrives between the check and the confirmation cannot slip through unchecked.
     */
    private long acknowledged;
    /** The server has begun its answer on this connection: time confirms nothing until it is read. */
    private boolean confirmationsHeld;
    private long nextConnectNanos;
    private long lastWriteNanos;
    private boolean closing;
    private long closeDeadlineNanos;

    StreamWriter(StreamSettings settings, String token, String masked, SSLContext ssl, StreamClock clock,
                 HandOff handOff, Shaping shaping, StreamCounters counters) {
        this.settings = settings;
        this.token = token;
        this.masked = masked;
        this.ssl = ssl;
        this.clock = clock;
        this.handOff = handOff;
        this.shaping = shaping;
        this.counters = counters;
        this.outcomes = new BatchOutcomes(handOff, counters, masked);
        this.negotiation = new AckNegotiation(settings, masked, () -> acknowledged);
        this.reconnects = new ReconnectPolicy(settings, masked, clock);
        this.heartbeatNanos = settings.heartbeatInterval().toNanos();
        this.nextConnectNanos = clock.nanoTime();
    }

    WriterState state() {
        return state;
    }

    StreamException failure() {
        return failure;
    }

    CompletableFuture<Void> terminated() {
        return terminated;
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (InterruptedException e) {
            log.debug("stream for token {} interrupted", masked);
        } catch (RuntimeException | Error e) {
            log.error("stream writer for token {} failed unexpectedly", masked, e);
            if (failure == null) {
                fail(new StreamException("stream for token " + masked + " failed unexpectedly: " + e, -1));
            }
        } finally {
            finish();
        }
    }

    private void loop() throws InterruptedException {
        while (true) {
            long now = clock.nanoTime();
            takeIncoming(now);
            shaping.tick(now, closing, outcomes);
            if (connection != null && connection.ended()) {
                connectionEnded(connection.end().join(), now);
            }
            if (state == WriterState.FAILED) {
                return;
            }
            if (connection != null) {
                lookAtAcknowledgements(now);
            }
            // By the ack delay: while the server's verdict is on its way (a byte arrived, not yet
            // parsed), nothing is confirmed by time: the verdict decides.
            // The check costs a syscall, so it is made only when time would confirm something.
            boolean due = connection != null && unconfirmed.anyDue(now);
            confirmationsHeld = due && unconfirmed.confirmsByTime() && connection.serverHasSpoken();
            if (due && !confirmationsHeld && unconfirmed.confirmDue(now, outcomes)) {
                connectionConfirmedAny = true;
            }
            publishOldest();
            if (closing && (!hasOutstanding() || now - closeDeadlineNanos >= 0)) {
                closeCleanly();
                return;
            }
            switch (state) {
                case CONNECTING:
                    if (hasOutstanding()) {
                        connect();
                        continue;
                    }
                    break;
                case BACKING_OFF:
                    if (now - nextConnectNanos >= 0) {
                        state = WriterState.CONNECTING;
                        continue;
                    }
                    break;
                case STREAMING:
                    if (writeDue(now)) {
                        continue;
                    }
                    if (closing && shaping.idle()) {
                        closeCleanly(); // only confirmations remain: the clean close's response confirms them at once
                        return;
                    }
                    if (now - lastWriteNanos >= heartbeatNanos) {
                        heartbeat();
                        continue;
                    }
                    break;
                default:
                    throw new IllegalStateException("writer loop in final state " + state);
            }
            sleepUntil(nextWake(now));
        }
    }

    private void takeIncoming(long now) {
        boolean closeRequested = handOff.drainTo(drained);
        for (OutboundBatch b : drained) {
            shaping.accept(b, now, outcomes);
        }
        drained.clear();
        if (closeRequested && !closing) {
            closing = true;
            closeDeadlineNanos = now + settings.closeTimeout().toNanos();
        }
    }

    private boolean hasOutstanding() {
        return !shaping.idle() || !unconfirmed.isEmpty();
    }

    // ---- transitions --------------------------------------------------------------------------

    /** CONNECTING → STREAMING, or → BACKING_OFF when the attempt fails. */
    private void connect() {
        long started = clock.nanoTime();
        try {
            connection = StreamConnection.open(settings, ssl, token, "plotly-stream-" + masked + "-reader",
                    handOff::wakeWriter);
            state = WriterState.STREAMING;
            counters.connected(true);
            connectedAtNanos = clock.nanoTime();
            lastWriteNanos = connectedAtNanos;
            connectionConfirmedAny = false;
            connectionLines = 0;
            acknowledged = 0;
            AckProbe probe = settings.ackMode() == StreamSettings.AckMode.AUTO
                    ? AckProbe.start(settings, ssl, "plotly-stream-" + masked + "-probe", handOff::wakeWriter)
                    : AckProbe.NONE;
            unconfirmed.use(negotiation.connected(connectedAtNanos, probe));
            shaping.connected();
            reconnects.connected();
        } catch (IOException | RuntimeException e) {
            connection = null;
            counters.connectFailed();
            backOffUntil(reconnects.connectFailed(started, e));
        }
    }

    /** STREAMING → BACKING_OFF (reconnect, back off) or FAILED (stop), as {@link ReconnectPolicy} decides. */
    private void connectionEnded(StreamEnd end, long now) {
        StreamConnection ended = connection;
        connection = null;
        counters.connected(false);
        ended.abort("closed by the client");
        if (ended.acknowledging()) {
            // what the server acknowledged before it ended the stream is durable, whatever the end says
            checkAcknowledged(ended);
            unconfirmed.confirmAcknowledged(acknowledged, outcomes);
        }
        shaping.requeue(unconfirmed.takeNewestFirst());
        counters.reconnect(end.status());
        boolean healthy = connectionConfirmedAny || now - connectedAtNanos >= settings.backoffMax().toNanos();
        ReconnectPolicy.Next next = reconnects.ended(end, now, healthy);
        if (next.stops()) {
            fail(next.failure());
        } else {
            backOffUntil(next.connectAtNanos());
        }
    }

    private void backOffUntil(long when) {
        nextConnectNanos = when;
        state = WriterState.BACKING_OFF;
    }

    /** → CLOSING → CLOSED: ends the body and lets the server's 2xx confirm what is still unconfirmed. */
    private void closeCleanly() {
        if (connection == null) {
            state = WriterState.CLOSED;
            return;
        }
        StreamConnection open = connection;
        connection = null;
        state = WriterState.CLOSING;
        counters.connected(false);
        StreamEnd end = open.closeCleanly(settings.closeTimeout());
        if (open.acknowledging()) {
            // only what the server acknowledged is delivered; its final acks came before its end line
            checkAcknowledged(open);
            unconfirmed.confirmAcknowledged(acknowledged, outcomes);
            if (!unconfirmed.isEmpty() && end.hasResponse()
                    && StatusPolicy.reactionTo(end.status()) == ClientReaction.STOP) {
                fail(StatusPolicy.failureFor(end, masked));
                return;
            }
            if (!unconfirmed.isEmpty()) {
                log.warn("stream for token {} closed with {} writes the server did not acknowledge ({})", masked,
                        unconfirmed.size(), end);
            }
        } else if (end.status() >= 200 && end.status() < 300) {
            unconfirmed.confirmAll(outcomes);
        } else if (end.hasResponse() && StatusPolicy.reactionTo(end.status()) == ClientReaction.STOP) {
            fail(StatusPolicy.failureFor(end, masked));
            return;
        } else {
            log.warn("stream for token {} closed without a confirming response ({}); {} writes unconfirmed", masked,
                    end, unconfirmed.size());
        }
        state = WriterState.CLOSED;
    }

    /** → FAILED: from now on every offer throws {@code e}; everything held fails with it. */
    private void fail(StreamException e) {
        if (failure == null) {
            failure = e;
        }
        state = WriterState.FAILED;
        handOff.close();
        failEverything(failure);
    }

    private void finish() {
        if (connection != null) {
            connection.abort("closed by the client");
            connection = null;
        }
        counters.connected(false);
        if (!state.isFinal()) {
            state = WriterState.CLOSED;
        }
        handOff.close();
        StreamException f = failure;
        failEverything(f != null ? f : new StreamException("stream for token " + masked
                + " was closed before these points were confirmed delivered (server unreachable or too slow"
                + " within closeTimeout " + settings.closeTimeout().toMillis() + " ms)", -1));
        counters.writerOldest(Long.MAX_VALUE);
        handOff.oldestPublished();
        terminated.complete(null);
    }

    private void failEverything(StreamException cause) {
        unconfirmed.failAll(outcomes, cause);
        shaping.failAll(outcomes, cause);
        handOff.drainTo(drained);
        drained.forEach(b -> outcomes.failed(b, cause));
        drained.clear();
    }

    /**
     * Lets the negotiation decide the connection's mode, and checks the server's count: one beyond
     * what was written is a server that cannot be trusted, so the connection ends (and what it did
     * not confirm is sent again).
     */
    private void lookAtAcknowledgements(long now) {
        Confirmation decided = negotiation.decide(connection, now);
        if (decided != null) {
            unconfirmed.use(decided);
        }
        if (connection.acknowledging() && !checkAcknowledged(connection)) {
            connection.abort("malformed acknowledgement from the server: it acknowledged "
                    + connection.acknowledgedLines() + " lines, only " + connectionLines + " were written");
        }
    }

    /** Takes the connection's count into {@link #acknowledged} if it is believable; false if it is not. */
    private boolean checkAcknowledged(StreamConnection c) {
        long count = c.acknowledgedLines();
        if (count > connectionLines) {
            return false;
        }
        acknowledged = Math.max(acknowledged, count);
        return true;
    }

    // ---- writing ------------------------------------------------------------------------------

    /** Writes the next due write, if any; false when nothing was due. */
    private boolean writeDue(long now) {
        Sent sent = shaping.nextWrite(now, closing);
        if (sent == null) {
            return false;
        }
        try {
            connection.send(sent);
        } catch (IOException e) {
            shaping.requeue(List.of(sent));
            writeFailed(e);
            return true;
        }
        long flushed = clock.nanoTime();
        sent.flushedNanos = flushed;
        connectionLines += sent.lines();
        sent.lastLine = connectionLines;
        lastWriteNanos = flushed;
        unconfirmed.add(sent);
        return true;
    }

    private void heartbeat() {
        try {
            connection.writeHeartbeat();
            connectionLines++; // acknowledgements count heartbeats too
            lastWriteNanos = clock.nanoTime();
        } catch (IOException e) {
            writeFailed(e);
        }
    }

    /** A failed write usually means the server answered and closed: give the reader a moment to read why. */
    private void writeFailed(IOException e) {
        StreamEnd end = connection.awaitEnd(VERDICT_WAIT, "write failed: " + e);
        connectionEnded(end, clock.nanoTime());
    }

    // ---- sleeping -----------------------------------------------------------------------------

    private long nextWake(long now) {
        long next = Long.MAX_VALUE;
        if (state == WriterState.BACKING_OFF) {
            next = nextConnectNanos;
        } else if (state == WriterState.STREAMING) {
            next = Math.min(lastWriteNanos + heartbeatNanos, unconfirmed.nextDueNanos());
            next = earlier(next, negotiation.nextDecisionNanos(now));
            if (confirmationsHeld) {
                next = now + VERDICT_RECHECK_NANOS; // the reader wakes us when it is done; this is a backstop, not a spin
            }
        }
        next = earlier(next, shaping.nextDueNanos(now));
        if (closing) {
            next = earlier(next, closeDeadlineNanos);
        }
        return next;
    }

    private static long earlier(long a, long b) {
        if (a == Long.MAX_VALUE) {
            return b;
        }
        if (b == Long.MAX_VALUE) {
            return a;
        }
        return b - a < 0 ? b : a;
    }

    private void sleepUntil(long deadline) throws InterruptedException {
        long left = deadline == Long.MAX_VALUE ? MAX_SLEEP_NANOS : deadline - clock.nanoTime();
        if (left > 0) {
            handOff.awaitWork(Math.min(left, MAX_SLEEP_NANOS));
        }
    }

    private void publishOldest() {
        counters.writerOldest(Math.min(shaping.oldestNanos(), oldestUnconfirmedNanos()));
        handOff.oldestPublished(); // only now: until here the hand-off still reports what was taken
    }

    private long oldestUnconfirmedNanos() {
        return unconfirmed.oldestEnqueuedNanos();
    }
}
