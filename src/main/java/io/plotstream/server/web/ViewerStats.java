package io.plotstream.server.web;

/** Counters of the viewer side, for the server's /metrics. */
public record ViewerStats(int viewers, long framesSent, long framesCoalesced, long framesDropped, long snapshotsSent) {
}
