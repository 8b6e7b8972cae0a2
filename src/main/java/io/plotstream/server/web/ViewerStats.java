package io.plotstream.server.web;

/**
 * Counters of the viewer side, for the server's /metrics.
 *
 * @param viewers         open viewer sockets now (a dashboard's one multiplexed socket counts once)
 * @param framesSent      frames handed to viewer sockets since start (extends, snapshots, gone, missing)
 * @param framesCoalesced plot changes folded into a push instead of getting one of their own
 * @param framesDropped   pushes skipped because the viewer's send queue was full (it catches up later)
 * @param snapshotsSent   of {@code framesSent}, those that were whole snapshots
 * @param framesEncoded   frames serialized and UTF-8 encoded since start: once per plot and cursor per
 *                        tick, shared by all sockets at that cursor (so normally far below {@code framesSent})
 */
public record ViewerStats(int viewers, long framesSent, long framesCoalesced, long framesDropped, long snapshotsSent,
                          long framesEncoded) {
}
