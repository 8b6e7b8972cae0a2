package io.plotstream.stream;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, per connection, how its writes are confirmed ({@link Confirmation}), and tells the
 * operator which mode the stream runs in.
 *
 * <p>With acknowledgements asked for ({@link StreamSettings.AckMode#AUTO}) a connection starts
 * {@link Confirmation#UNDECIDED}: nothing is confirmed, by time or otherwise. When the server's
 * {@code 200} with the extension's header has been read it is {@link AckedConfirmation}; when the
 * server answered the connection's {@link AckProbe} that it does not acknowledge, or the handshake
 * window passes with no byte from the server, it is {@link DelayConfirmation} (a server of the plain
 * protocol says nothing while a stream is healthy: without the probe's answer only time tells). A
 * byte that arrived but is not read yet holds the decision: the reader is about to say which. A server that agrees after the window
 * (a very slow one) still moves the connection to acknowledgements from then on: that only makes
 * confirmation stricter. With acknowledgements off every connection is decided at once, by delay.
 *
 * <p>The mode is logged at INFO when a stream first knows it and again only if it changes, not on
 * every reconnect. Writer-thread only.
 */
final class AckNegotiation {
    private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);
    /** How often an undecided handshake whose answer is on its way is looked at again (the reader also wakes us). */
    static final long RECHECK_NANOS = 5_000_000;

    enum Mode { UNDECIDED, ACKNOWLEDGED, DELAY }

    private final StreamSettings settings;
    private final String masked;
    private final long handshakeNanos;
    private final DelayConfirmation delay;
    private final AckedConfirmation acked;
    private Mode mode = Mode.UNDECIDED;
    private long deadlineNanos = Long.MAX_VALUE;
    private AckProbe probe = AckProbe.NONE;
    private boolean decidedByProbe;
    private Mode logged = Mode.UNDECIDED;

    /** @param acknowledgedLines the writer's checked count of the current connection's acknowledged lines */
    AckNegotiation(StreamSettings settings, String masked, LongSupplier acknowledgedLines) {
        this.settings = settings;
        this.masked = masked;
        this.handshakeNanos = settings.ackHandshake().toNanos();
        this.delay = new DelayConfirmation(settings.ackDelay().toNanos());
        this.acked = new AckedConfirmation(acknowledgedLines);
    }

    /** A connection opened at {@code nowNanos}, with its probe: the rule its writes start with. */
    Confirmation connected(long nowNanos, AckProbe probe) {
        this.probe = probe;
        if (settings.ackMode() == StreamSettings.AckMode.OFF) {
            return decide(Mode.DELAY);
        }
        mode = Mode.UNDECIDED;
        deadlineNanos = nowNanos + handshakeNanos;
        return Confirmation.UNDECIDED;
    }

    /**
     * Looks at the connection: returns the rule to use from now on when the mode was decided (or
     * upgraded) now, else null.
     */
    Confirmation decide(StreamConnection connection, long nowNanos) {
        if (mode != Mode.ACKNOWLEDGED && connection.acknowledging()) {
            return decide(Mode.ACKNOWLEDGED);
        }
        if (mode == Mode.UNDECIDED && (probe.saysPlain() || nowNanos - deadlineNanos >= 0)
                && !connection.serverHasSpoken()) {
            decidedByProbe = probe.saysPlain();
            return decide(Mode.DELAY);
        }
        return null;
    }

    /** When this needs to look again without being woken, or {@link Long#MAX_VALUE}. */
    long nextDecisionNanos(long nowNanos) {
        if (mode != Mode.UNDECIDED) {
            return Long.MAX_VALUE;
        }
        return nowNanos - deadlineNanos >= 0 ? nowNanos + RECHECK_NANOS : deadlineNanos;
    }

    Mode mode() {
        return mode;
    }

    private Confirmation decide(Mode decided) {
        Mode before = mode;
        mode = decided;
        deadlineNanos = Long.MAX_VALUE;
        if (decided != logged) {
            logMode(decided, before);
            logged = decided;
        }
        return decided == Mode.ACKNOWLEDGED ? acked : delay;
    }

    private void logMode(Mode decided, Mode before) {
        if (decided == Mode.ACKNOWLEDGED) {
            log.info("stream for token {} runs with acknowledgements: the server at {} acknowledges durable lines, "
                    + "and a write counts as delivered once it did{}", masked, settings.serverUri(),
                    before == Mode.DELAY ? " (it agreed only after the handshake window of "
                            + settings.ackHandshake().toMillis() + " ms)" : "");
        } else if (settings.ackMode() == StreamSettings.AckMode.OFF) {
            log.info("stream for token {} runs without acknowledgements (they are off): a write counts as delivered "
                    + "once the stream stayed healthy for {} ms after it", masked, settings.ackDelay().toMillis());
        } else if (decidedByProbe) {
            log.info("stream for token {} runs without acknowledgements: the server at {} answered that it does "
                    + "not acknowledge (a plain Plotly-protocol server), so a write counts as delivered once the "
                    + "stream stayed healthy for {} ms after it", masked, settings.serverUri(),
                    settings.ackDelay().toMillis());
        } else {
            log.info("stream for token {} runs without acknowledgements: the server at {} did not agree to "
                    + "acknowledge within {} ms (a plain Plotly-protocol server), so a write counts as delivered once "
                    + "the stream stayed healthy for {} ms after it", masked, settings.serverUri(),
                    settings.ackHandshake().toMillis(), settings.ackDelay().toMillis());
        }
    }
}
