package io.plotstream.stream;

import java.util.Map;

/**
 * A snapshot of one token stream's counters, for the connector's metrics.
 *
 * @param pointsDelivered       points confirmed delivered since the stream was created
 * @param pointsDecimated       points folded away by decimation (counted delivered)
 * @param queued                points queued or written but not yet confirmed
 * @param connected             whether a connection is open now
 * @param reconnectsByStatus    how many times the stream reconnected, by the status that ended it (-1 = no response / I/O error)
 * @param oldestUndeliveredAgeMs age of the oldest point not yet confirmed, 0 when none
 */
public record StreamStats(long pointsDelivered, long pointsDecimated, int queued, boolean connected,
                          Map<Integer, Long> reconnectsByStatus, long oldestUndeliveredAgeMs) {
}
