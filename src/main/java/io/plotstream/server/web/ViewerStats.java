package io.plotstream.server.web;

/**
 * Counters of the viewer side, for the server's /metrics.
 *
 * @param viewers         open viewer connections now
 * @param framesSent      frames handed to viewer sockets since start (extends and snapshots)
 * @param framesCoalesced plot changes folded into a push instead of getting one of their own
 * @param framesDropped   pushes skipped because the viewer's send queue was full (it catches up later)
 * @param snapshotsSent   of {@code framesSent}, those that were whole snapshots
 */
public record ViewerStats(int viewers, long framesSent, long framesCoalesced, long framesDropped, long snapshotsSent) {
}
