package io.plotstream.server.web;

import io.plotstream.server.ServerConfig;

/**
 * What the viewer side is told. No defaults of its own: {@link ServerConfig}'s table is the one
 * source of defaults ({@link #from}, {@link #defaults}), so the two cannot drift apart.
 *
 * @param viewKey             when set, pages, the WebSocket and read APIs need it ({@code ?key=} or cookie)
 * @param maxViewers          open viewer sockets at most (a multiplexed socket counts once); more are refused
 * @param maxPushesPerSecond  per plot, updates coalesced to at most this many pushes a second
 * @param viewerQueueFrames   per socket, frames waiting to be sent at most; beyond, its plots wait and catch up
 * @param scatterglThreshold  windows larger than this render with scattergl
 * @param staleAfterMs        a plot with no update for this long shows as stale in the pages
 */
public record ViewerOptions(String viewKey, int maxViewers, int maxPushesPerSecond, int viewerQueueFrames,
                            int scatterglThreshold, long staleAfterMs) {

    public ViewerOptions {
        requireInRange("maxViewers", maxViewers, 1, 1_000_000);
        // Above 1000 a push period would round to 0 ms; browsers cannot draw faster than ~60/s anyway.
        requireInRange("maxPushesPerSecond", maxPushesPerSecond, 1, 1000);
        requireInRange("viewerQueueFrames", viewerQueueFrames, 1, 10_000);
        requireInRange("scatterglThreshold", scatterglThreshold, 0, Integer.MAX_VALUE);
        if (staleAfterMs < 1) {
            throw new IllegalArgumentException("ViewerOptions.staleAfterMs must be positive, was " + staleAfterMs);
        }
        if (viewKey != null && viewKey.isBlank()) {
            viewKey = null; // a blank key would protect nothing while looking as if it did
        }
    }

    /** The viewer part of the server's configuration. */
    public static ViewerOptions from(ServerConfig config) {
        return new ViewerOptions(config.viewKey, config.maxViewers, config.maxPushesPerSecond,
                config.viewerQueueFrames, config.scatterglThreshold, config.staleAfter.toMillis());
    }

    /** No view key and the server's documented defaults (from {@link ServerConfig}'s table). */
    public static ViewerOptions defaults() {
        return from(ServerConfig.builder().build());
    }

    public ViewerOptions withViewKey(String key) {
        return new ViewerOptions(key, maxViewers, maxPushesPerSecond, viewerQueueFrames, scatterglThreshold, staleAfterMs);
    }

    public ViewerOptions withMaxViewers(int max) {
        return new ViewerOptions(viewKey, max, maxPushesPerSecond, viewerQueueFrames, scatterglThreshold, staleAfterMs);
    }

    public ViewerOptions withViewerQueueFrames(int frames) {
        return new ViewerOptions(viewKey, maxViewers, maxPushesPerSecond, frames, scatterglThreshold, staleAfterMs);
    }

    public ViewerOptions withScatterglThreshold(int threshold) {
        return new ViewerOptions(viewKey, maxViewers, maxPushesPerSecond, viewerQueueFrames, threshold, staleAfterMs);
    }

    public ViewerOptions withStaleAfterMs(long ms) {
        return new ViewerOptions(viewKey, maxViewers, maxPushesPerSecond, viewerQueueFrames, scatterglThreshold, ms);
    }

    public boolean hasViewKey() {
        return viewKey != null;
    }

    /** Never prints the key itself: it is a credential. */
    @Override
    public String toString() {
        return "ViewerOptions[viewKey=" + (viewKey == null ? "<none>" : "<set>") + ", maxViewers=" + maxViewers
                + ", maxPushesPerSecond=" + maxPushesPerSecond + ", viewerQueueFrames=" + viewerQueueFrames
                + ", scatterglThreshold=" + scatterglThreshold + ", staleAfterMs=" + staleAfterMs + "]";
    }

    private static void requireInRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("ViewerOptions." + name + " must be in " + min + ".." + max
                    + ", was " + value);
        }
    }
}
