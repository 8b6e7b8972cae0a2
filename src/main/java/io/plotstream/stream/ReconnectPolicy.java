package io.plotstream.stream;

import io.plotstream.protocol.ClientReaction;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the writer does after a connection attempt failed or a connection ended: when to try again
 * (exponential backoff with jitter, reset after a healthy connection; the longest delay after 423),
 * or the permanent failure, per the protocol's table ({@link StatusPolicy}). It also keeps a failing
 * server's warnings to one a minute. Writer-thread only.
 */
final class ReconnectPolicy {
    private static final Logger log = LoggerFactory.getLogger(StreamWriter.class);
    /** A failing server is reported at WARN at most this often; every attempt in between goes to DEBUG. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** The writer's next step after a connection ended: reconnect at a time, or stop for good. */
    static final class Next {
        private final long connectAtNanos;
        private final StreamException failure;

        Next(long connectAtNanos, StreamException failure) {
            this.connectAtNanos = connectAtNanos;
            this.failure = failure;
        }

        long connectAtNanos() {
            return connectAtNanos;
        }

        StreamException failure() {
            return failure;
        }

        boolean stops() {
            return failure != null;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Next)) {
                return false;
            }
            Next other = (Next) o;
            return connectAtNanos == other.connectAtNanos && Objects.equals(failure, other.failure);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(connectAtNanos) * 31 + Objects.hashCode(failure);
        }

        @Override
        public String toString() {
            return "Next[connectAtNanos=" + connectAtNanos + ", failure=" + failure + "]";
        }
    }

    private final StreamSettings settings;
    private final String masked;
    private final StreamClock clock;
    private final Backoff backoff;
    private final WarningThrottle warnings = new WarningThrottle(WARN_EVERY_NANOS);
    private int failedAttempts;

    ReconnectPolicy(StreamSettings settings, String masked, StreamClock clock) {
        this.settings = settings;
        this.masked = masked;
        this.clock = clock;
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), settings.backoffJitter());
    }

    /** A connect attempt begun at {@code startedNanos} failed: when to try again. */
    long connectFailed(long startedNanos, Exception e) {
        failedAttempts++;
        Duration delay = backoff.next();
        warnThrottled("stream for token {} cannot connect to {} ({}); attempt {}, retrying in {} ms", masked,
                settings.serverUri(), e.toString(), failedAttempts, delay.toMillis());
        return startedNanos + delay.toNanos();
    }

    /** A connection is open. */
    void connected() {
        if (failedAttempts > 0) {
            log.info("stream for token {} connected to {} after {} failed attempts", masked, settings.serverUri(),
                    failedAttempts);
        } else {
            log.debug("stream for token {} connected to {}", masked, settings.serverUri());
        }
        failedAttempts = 0;
    }

    /**
     * The server (or the network) ended the connection.
     *
     * @param healthy whether that connection confirmed writes or lived at least the longest backoff:
     *                then this end is a fresh incident and the backoff starts over
     */
    Next ended(StreamEnd end, long nowNanos, boolean healthy) {
        ClientReaction reaction = StatusPolicy.reactionTo(end.status());
        switch (reaction) {
            case STOP: {
                StreamException e = StatusPolicy.failureFor(end, masked);
                log.error("stream for token {} stopped for good: {}", masked, e.getMessage());
                return new Next(0, e);
            }
            case BACK_OFF: {
                Duration delay = backoff.longest();
                warnThrottled("stream for token {} ended by the server ({}); too many connections for the token, "
                        + "reconnecting in {} ms", masked, end, delay.toMillis());
                return new Next(nowNanos + delay.toNanos(), null);
            }
            default: {
                if (healthy) {
                    backoff.reset();
                }
                Duration delay = backoff.next();
                warnThrottled("stream for token {} ended by the server ({}); reconnecting in {} ms", masked, end,
                        delay.toMillis());
                return new Next(nowNanos + delay.toNanos(), null);
            }
        }
    }

    private void warnThrottled(String format, Object... args) {
        int demoted = warnings.occurrence(clock.nanoTime());
        if (demoted < 0) {
            log.debug(format, args);
        } else if (demoted > 0) {
            Object[] all = Arrays.copyOf(args, args.length + 1);
            all[args.length] = demoted;
            log.warn(format + " ({} similar messages since the last warning were logged at DEBUG)", all);
        } else {
            log.warn(format, args);
        }
    }
}
