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

    public static final int DEFAULT_MAX_VIEWERS = 1000;
    public static final int DEFAULT_MAX_PUSHES_PER_SECOND = 30;
    public static final int DEFAULT_VIEWER_QUEUE_FRAMES = 8;
    public static final int DEFAULT_SCATTERGL_THRESHOLD = 2000;

    public ViewerOptions {
        requireInRange("maxViewers", maxViewers, 1, 1_000_000);
        // Above 1000 a push period would round to 0 ms; browsers cannot draw faster than ~60/s anyway.
        requireInRange("maxPushesPerSecond", maxPushesPerSecond, 1, 1000);
        requireInRange("viewerQueueFrames", viewerQueueFrames, 1, 10_000);
        requireInRange("scatterglThreshold", scatterglThreshold, 0, Integer.MAX_VALUE);
        if (viewKey != null && viewKey.isBlank()) {
            viewKey = null; // a blank key would protect nothing while looking as if it did
        }
    }

    /** No view key and the documented defaults. */
    public static ViewerOptions defaults() {
        return new ViewerOptions(null, DEFAULT_MAX_VIEWERS, DEFAULT_MAX_PUSHES_PER_SECOND,
                DEFAULT_VIEWER_QUEUE_FRAMES, DEFAULT_SCATTERGL_THRESHOLD);
    }

    public ViewerOptions withViewKey(String key) {
        return new ViewerOptions(key, maxViewers, maxPushesPerSecond, viewerQueueFrames, scatterglThreshold);
    }

    public ViewerOptions withMaxViewers(int max) {
        return new ViewerOptions(viewKey, max, maxPushesPerSecond, viewerQueueFrames, scatterglThreshold);
    }

    public ViewerOptions withViewerQueueFrames(int frames) {
        return new ViewerOptions(viewKey, maxViewers, maxPushesPerSecond, frames, scatterglThreshold);
    }

    public ViewerOptions withScatterglThreshold(int threshold) {
        return new ViewerOptions(viewKey, maxViewers, maxPushesPerSecond, viewerQueueFrames, threshold);
    }

    public boolean hasViewKey() {
        return viewKey != null;
    }

    /** Never prints the key itself: it is a credential. */
    @Override
    public String toString() {
        return "ViewerOptions[viewKey=" + (viewKey == null ? "<none>" : "<set>") + ", maxViewers=" + maxViewers
                + ", maxPushesPerSecond=" + maxPushesPerSecond + ", viewerQueueFrames=" + viewerQueueFrames
                + ", scatterglThreshold=" + scatterglThreshold + "]";
    }

    private static void requireInRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("ViewerOptions." + name + " must be in " + min + ".." + max
                    + ", was " + value);
        }
    }
}
