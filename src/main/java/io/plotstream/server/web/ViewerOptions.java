package io.plotstream.server.web;

/**
 * @param viewKey             when set, pages, the WebSocket and read APIs need it ({@code ?key=} or cookie)
 * @param maxViewers          open viewer connections at most; more are refused
 * @param maxPushesPerSecond  per plot, updates coalesced to at most this many pushes a second
 * @param viewerQueueFrames   per viewer, frames waiting to be sent at most; beyond, it gets a fresh snapshot later
 * @param scatterglThreshold  windows larger than this render with scattergl
 */
public record ViewerOptions(String viewKey, int maxViewers, int maxPushesPerSecond, int viewerQueueFrames,
                            int scatterglThreshold) {
}
