package io.plotstream.stream;

import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of one token stream's counters. Every task sharing the token sees the same stream,
 * so these are the token's totals on this worker; a task counts its own points itself.
 *
 * <p>A value class with record semantics (equals over every component, {@code StreamStats[...]}
 * as text); not a {@code record} so it compiles for Java 11 workers.
 */
public final class StreamStats {
    private final long pointsDelivered;
    private final long pointsDecimated;
    private final long queued;
    private final long bufferedBytes;
    private final boolean connected;
    private final Map<Integer, Long> reconnectsByStatus;
    private final long connectFailures;
    private final long oldestUndeliveredAgeMs;

    /**
     * @param pointsDelivered        points confirmed delivered since the stream was created
     * @param pointsDecimated        points folded away by decimation (counted delivered)
     * @param queued                 points queued or written but not yet confirmed
     * @param bufferedBytes          bytes this token's stream holds (queued plus unconfirmed), charged to its
     *                               callers' budgets
     * @param connected              whether a connection is open now
     * @param reconnectsByStatus     how many times the stream reconnected, by the status that ended it (-1 = no response / I/O error)
     * @param connectFailures        connection attempts that failed before the server answered (refused, timed out, TLS)
     * @param oldestUndeliveredAgeMs age of the oldest point not yet confirmed, 0 when none
     */
    public StreamStats(long pointsDelivered, long pointsDecimated, long queued, long bufferedBytes,
                       boolean connected, Map<Integer, Long> reconnectsByStatus, long connectFailures,
                       long oldestUndeliveredAgeMs) {
        this.pointsDelivered = pointsDelivered;
        this.pointsDecimated = pointsDecimated;
        this.queued = queued;
        this.bufferedBytes = bufferedBytes;
        this.connected = connected;
        this.reconnectsByStatus = reconnectsByStatus;
        this.connectFailures = connectFailures;
        this.oldestUndeliveredAgeMs = oldestUndeliveredAgeMs;
    }

    /** Points confirmed delivered since the stream was created. */
    public long pointsDelivered() {
        return pointsDelivered;
    }

    /** Points folded away by decimation (counted delivered). */
    public long pointsDecimated() {
        return pointsDecimated;
    }

    /** Points queued or written but not yet confirmed. */
    public long queued() {
        return queued;
    }

    /** Bytes this token's stream holds (queued plus unconfirmed), charged to its callers' budgets. */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** Whether a connection is open now. */
    public boolean connected() {
        return connected;
    }

    /** How many times the stream reconnected, by the status that ended it (-1 = no response / I/O error). */
    public Map<Integer, Long> reconnectsByStatus() {
        return reconnectsByStatus;
    }

    /** Connection attempts that failed before the server answered (refused, timed out, TLS). */
    public long connectFailures() {
        return connectFailures;
    }

    /** Age of the oldest point not yet confirmed, 0 when none. */
    public long oldestUndeliveredAgeMs() {
        return oldestUndeliveredAgeMs;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StreamStats)) {
            return false;
        }
        StreamStats other = (StreamStats) o;
        return pointsDelivered == other.pointsDelivered
                && pointsDecimated == other.pointsDecimated
                && queued == other.queued
                && bufferedBytes == other.bufferedBytes
                && connected == other.connected
                && Objects.equals(reconnectsByStatus, other.reconnectsByStatus)
                && connectFailures == other.connectFailures
                && oldestUndeliveredAgeMs == other.oldestUndeliveredAgeMs;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(pointsDelivered);
        h = h * 31 + Long.hashCode(pointsDecimated);
        h = h * 31 + Long.hashCode(queued);
        h = h * 31 + Long.hashCode(bufferedBytes);
        h = h * 31 + Boolean.hashCode(connected);
        h = h * 31 + Objects.hashCode(reconnectsByStatus);
        h = h * 31 + Long.hashCode(connectFailures);
        h = h * 31 + Long.hashCode(oldestUndeliveredAgeMs);
        return h;
    }

    @Override
    public String toString() {
        return "StreamStats[pointsDelivered=" + pointsDelivered + ", pointsDecimated=" + pointsDecimated
                + ", queued=" + queued + ", bufferedBytes=" + bufferedBytes + ", connected=" + connected
                + ", reconnectsByStatus=" + reconnectsByStatus + ", connectFailures=" + connectFailures
                + ", oldestUndeliveredAgeMs=" + oldestUndeliveredAgeMs
                + "]";
    }
}
