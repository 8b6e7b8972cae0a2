package io.plotstream.stream;

import java.util.Map;

/**
 * A snapshot of one token stream's counters. Every task sharing the token sees the same stream,
 * so these are the token's totals on this worker; a task counts its own points itself.
 *
 * @param pointsDelivered        points confirmed delivered since the stream was created
 * @param pointsDecimated        points folded away by decimation (counted delivered)
 * @param queued                 points queued or written but not yet confirmed
 * @param bufferedBytes          bytes of the token's buffer in use (queued plus unconfirmed)
 * @param connected              whether a connection is open now
 * @param reconnectsByStatus     how many times the stream reconnected, by the status that ended it (-1 = no response / I/O error)
 * @param oldestUndeliveredAgeMs age of the oldest point not yet confirmed, 0 when none
 */
public record StreamStats(long pointsDelivered, long pointsDecimated, long queued, long bufferedBytes,
                          boolean connected, Map<Integer, Long> reconnectsByStatus, long oldestUndeliveredAgeMs) {
}
