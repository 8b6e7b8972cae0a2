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
 * One browser-like viewer on {@code /ws/plots/{id}}: reassembles each text frame, notes the
 * receive time first, then reads the frame's x values (the senders' timestamps). A frame is
 * {@code {"type":"snapshot","figure":{"data":[{"x":[..]..}]..}..}} or
 * {@code {"type":"extend","update":{"x":[[..]],..},..}}; in both the first field named "x" whose
 * value is an array holds the trace's x values, in send order.
 *
 * <p>Only x values newer than the last one seen count (a snapshot repeats the whole window): the
 * oldest of them gives the frame's worst delay, the newest its best. Delays are kept in bounded
 * arrays; frames beyond the bound are counted, not kept.
 */
final class LatencyViewer implements WebSocket.Listener {

    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_SAMPLES = 200_000;

    private final long origin;
    private final MeasureWindow window;
    private final CountDownLatch firstFrame = new CountDownLatch(1);
    private final StringBuilder partial = new StringBuilder();
    private final long[] oldestDelays = new long[MAX_SAMPLES];
    private final long[] newestDelays = new long[MAX_SAMPLES];
    private volatile WebSocket socket;
    private long lastSeenX = -1;
    private int samples;
    private long frames;
    private long snapshots;
    private long emptyFrames;
    private long points;
    private long samplesLost;
    private volatile String error;

    private final String plotId;

    private LatencyViewer(String plotId, long origin, MeasureWindow window) {
        this.plotId = plotId;
        this.origin = origin;
        this.window = window;
    }

    static LatencyViewer open(HttpClient http, int port, String plotId, long origin, MeasureWindow window)
            throws Exception {
        LatencyViewer viewer = new LatencyViewer(plotId, origin, window);
        viewer.socket = http.newWebSocketBuilder().connectTimeout(java.time.Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/plots/" + plotId), viewer)
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
                            if (x > lastSeenX) {
                                if (oldestNew < 0) {
                                    oldestNew = x;
                                }
                                newestNew = x;
                                lastSeenX = x;
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
        if (samples < MAX_SAMPLES) {
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

    String plotId() {
        return plotId;
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
