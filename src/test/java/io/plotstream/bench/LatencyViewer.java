package io.plotstream.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One browser-like viewer on {@code /ws/plots/{id}}, or on {@code /ws/live?plots=a,b} watching several
 * plots over one socket (a dashboard): reassembles each text frame, notes the
 * receive time first, then reads the frame's x values (the senders' timestamps). A frame is
 * {@code {"type":"snapshot","figure":{"data":[{"x":[..]..}]..}..}} or
 * {@code {"type":"extend","update":{"x":[[..]],..},..}}; in both the first field named "x" whose
 * value is an array holds the trace's x values, in send order.
 *
 * <p>Frames name their plot ({@code "plot"} comes before the data), so the last x seen is kept per plot.
 *
 * <p>Only x values newer than the last one seen count (a snapshot repeats the whole window): the
 * oldest of them gives the frame's worst delay, the newest its best. Delays are kept in bounded
 * arrays; frames beyond the bound are counted, not kept.
 */
final class LatencyViewer implements WebSocket.Listener {

    private static final JsonFactory JSON = new JsonFactory();
    /** Samples kept per viewer at most (two longs each): 1,000 viewers must fit a 2 GiB heap. */
    private static final int MAX_SAMPLES = 200_000;

    private final long origin;
    private final MeasureWindow window;
    private final CountDownLatch firstFrame = new CountDownLatch(1);
    private final StringBuilder partial = new StringBuilder();
    private final long[] oldestDelays;
    private final long[] newestDelays;
    private volatile WebSocket socket;
    private final java.util.Map<String, long[]> lastSeenX = new java.util.HashMap<>();
    private int samples;
    private long frames;
    private long snapshots;
    private long emptyFrames;
    private long points;
    private long samplesLost;
    private volatile String error;

    private final String plotId;
    private final List<String> plotIds;

    private LatencyViewer(List<String> plotIds, long origin, MeasureWindow window, int capacity) {
        this.oldestDelays = new long[capacity];
        this.newestDelays = new long[capacity];
        this.plotIds = List.copyOf(plotIds);
        this.plotId = plotIds.get(0);
        this.origin = origin;
        this.window = window;
    }

    static LatencyViewer open(HttpClient http, int port, String plotId, long origin, MeasureWindow window)
            throws Exception {
        return open(http, port, List.of(plotId), false, origin, window, MAX_SAMPLES);
    }

    /**
     * Samples one viewer needs for a run: at most one frame per plot per push, so pushes/s x measured
     * seconds x plots, with room for bursts, bounded by {@link #MAX_SAMPLES}. Beyond it frames are counted as lost.
     */
    static int capacityFor(int pushesPerSecond, int measuredSeconds, int plots) {
        long needed = 2L * pushesPerSecond * measuredSeconds * plots + 1000;
        return (int) Math.min(MAX_SAMPLES, needed);
    }

    /** @param live on {@code /ws/live?plots=...} (always when there are several plots), else {@code /ws/plots/{id}} */
    static LatencyViewer open(HttpClient http, int port, List<String> plotIds, boolean live, long origin,
                              MeasureWindow window, int capacity) throws Exception {
        LatencyViewer viewer = new LatencyViewer(plotIds, origin, window, capacity);
        String path = live || plotIds.size() > 1 ? "/ws/live?plots=" + String.join(",", plotIds)
                : "/ws/plots/" + plotIds.get(0);
        viewer.socket = http.newWebSocketBuilder().connectTimeout(java.time.Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + path), viewer)
                .get(10, TimeUnit.SECONDS);
        return viewer;
    }

    void awaitFirstFrame(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException {
        if (!firstFrame.await(timeout, unit)) {
            throw new TimeoutException("no snapshot within " + timeout + " " + unit + (error == null ? "" : ": " + error));
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (!last) {
            partial.append(data);
            webSocket.request(1);
            return null;
        }
        long received = System.nanoTime();
        String frame;
        if (partial.length() > 0) {
            frame = partial.append(data).toString();
            partial.setLength(0);
        } else {
            frame = data.toString();
        }
        try {
            onFrame(frame, received);
        } catch (IOException | RuntimeException e) {
            error = "unreadable frame: " + e;
        }
        firstFrame.countDown();
        webSocket.request(1);
        return null;
    }

    private synchronized void onFrame(String frame, long received) throws IOException {
        boolean counted = window.contains(received);
        long oldestNew = -1;
        long newestNew = -1;
        int fresh = 0;
        boolean snapshot = false;
        long[] lastSeen = lastSeenX.computeIfAbsent(plotId, id -> new long[] {-1});
        try (JsonParser parser = JSON.createParser(frame)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.FIELD_NAME) {
                    continue;
                }
                String name = parser.currentName();
                if ("type".equals(name)) {
                    parser.nextToken();
                    snapshot = "snapshot".equals(parser.getText());
                } else if ("plot".equals(name) && parser.nextToken() == JsonToken.VALUE_STRING) {
                    lastSeen = lastSeenX.computeIfAbsent(parser.getText(), id -> new long[] {-1});
                } else if ("x".equals(name) && parser.nextToken() == JsonToken.START_ARRAY) {
                    int depth = 1;
                    while (depth > 0) {
                        JsonToken t = parser.nextToken();
                        if (t == JsonToken.START_ARRAY) {
                            depth++;
                        } else if (t == JsonToken.END_ARRAY) {
                            depth--;
                        } else if (t == JsonToken.VALUE_NUMBER_INT) {
                            long x = parser.getLongValue();
                            if (x > lastSeen[0]) {
                                if (oldestNew < 0) {
                                    oldestNew = x;
                                }
                                newestNew = x;
                                lastSeen[0] = x;
                                fresh++;
                            }
                        }
                    }
                    break; // the one streamed trace: the rest of the frame holds no send times
                }
            }
        }
        if (!counted) {
            return;
        }
        frames++;
        if (snapshot) {
            snapshots++;
        }
        points += fresh;
        if (fresh == 0) {
            emptyFrames++;
            return;
        }
        if (samples < oldestDelays.length) {
            oldestDelays[samples] = received - (origin + oldestNew);
            newestDelays[samples] = received - (origin + newestNew);
            samples++;
        } else {
            samplesLost++;
        }
    }

    @Override
    public void onError(WebSocket webSocket, Throwable failure) {
        error = failure.toString();
        firstFrame.countDown();
    }

    synchronized long frames() {
        return frames;
    }

    synchronized long snapshots() {
        return snapshots;
    }

    synchronized long emptyFrames() {
        return emptyFrames;
    }

    synchronized long points() {
        return points;
    }

    synchronized long samplesLost() {
        return samplesLost;
    }

    synchronized long[] oldestDelays() {
        return Arrays.copyOf(oldestDelays, samples);
    }

    synchronized long[] newestDelays() {
        return Arrays.copyOf(newestDelays, samples);
    }

    /** The first (or only) plot this viewer watches. */
    String plotId() {
        return plotId;
    }

    List<String> plotIds() {
        return plotIds;
    }

    String error() {
        return error;
    }

    /** Sends every close at once, waits for them together, and aborts what has not closed by then. */
    static void closeAll(List<LatencyViewer> viewers, long timeout, TimeUnit unit) {
        List<CompletableFuture<WebSocket>> closing = new ArrayList<>();
        for (LatencyViewer viewer : viewers) {
            WebSocket ws = viewer.socket;
            if (ws != null && !ws.isOutputClosed()) {
                closing.add(ws.sendClose(WebSocket.NORMAL_CLOSURE, "bench done"));
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(timeout, unit);
        } catch (Exception e) {
            // whatever has not closed is aborted below
        }
        for (LatencyViewer viewer : viewers) {
            viewer.abort();
        }
    }

    void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }
}
