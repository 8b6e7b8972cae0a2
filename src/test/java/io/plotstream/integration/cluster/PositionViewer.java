package io.plotstream.integration.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A viewer of one plot's first trace on {@code /ws/plots/{id}}, as the page is, keeping what it was
 * sent by <em>position</em>: a snapshot's window ends at position {@code traceCounts[0]} (points
 * ever appended), an extend continues after the viewer's cursor. Every position is recorded with its
 * y; a position ever told with two different values is a contradiction (a duplicate or a gap in one
 * node's order against another's), kept in {@link #contradictions()}. With {@code reconnect}, a
 * socket that closes (its node was killed) is opened again at the same URL (the load balancer) and
 * the new node's snapshot must agree with everything seen before.
 */
final class PositionViewer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI uri;
    private final boolean reconnect;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Position (1-based, since the trace's first point) to y. Guarded by this. */
    private final TreeMap<Long, Double> seen = new TreeMap<>();
    private final List<String> contradictions = Collections.synchronizedList(new ArrayList<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private volatile WebSocket socket;
    private volatile boolean closed;
    private volatile int connections;
    /** The cursor: structure version and position of the newest point. Guarded by this. */
    private long structureVersion = -1;
    private long count = -1;
    private int windowLength;

    /** Opens {@code /ws/plots/{plotId}} at {@code baseUrl} (a node or the balancer) and waits for the first snapshot. */
    static PositionViewer open(String baseUrl, String plotId, boolean reconnect) throws InterruptedException {
        PositionViewer viewer = new PositionViewer(URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws/plots/" + plotId), reconnect);
        viewer.connect();
        viewer.await("a first snapshot", Duration.ofSeconds(20), () -> viewer.count() >= 0);
        return viewer;
    }

    private PositionViewer(URI uri, boolean reconnect) {
        this.uri = uri;
        this.reconnect = reconnect;
    }

    private void connect() throws InterruptedException {
        long backoff = 50;
        while (!closed) {
            try {
                socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(3))
                        .buildAsync(uri, new Listener()).get(10, TimeUnit.SECONDS);
                connections++;
                events.add("connected");
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                events.add("connect failed: " + e.getCause());
                Thread.sleep(backoff);
                backoff = Math.min(1_000, backoff * 2);
            }
        }
    }

    /** Position of the newest point seen (-1 before the first snapshot). */
    synchronized long count() {
        return count;
    }

    /** The y values of the window the viewer shows now (the last {@code windowLength} positions). */
    synchronized List<Double> window() {
        return new ArrayList<>(seen.tailMap(count - windowLength + 1).headMap(count + 1).values());
    }

    /** Every position seen, with its y. */
    synchronized Map<Long, Double> seen() {
        return new TreeMap<>(seen);
    }

    List<String> contradictions() {
        synchronized (contradictions) {
            return List.copyOf(contradictions);
        }
    }

    List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    int connections() {
        return connections;
    }

    void await(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("viewer of " + uri + " waited " + deadline.toSeconds() + " s for " + what
                        + "; at position " + count() + ", events " + events() + ", contradictions " + contradictions());
            }
            Thread.sleep(10);
        }
    }

    private synchronized void frame(JsonNode frame) {
        String type = frame.path("type").asText();
        if (type.equals("snapshot")) {
            long newCount = frame.path("traceCounts").path(0).asLong();
            JsonNode y = frame.path("figure").path("data").path(0).path("y");
            if (frame.has("reduced") && !frame.path("reduced").path(0).isNull()) {
                contradictions.add("a reduced snapshot (no width was asked for): " + frame.path("reduced"));
                return;
            }
            if (count >= 0 && newCount < count) {
                contradictions.add("snapshot at position " + newCount + " after the viewer was at " + count + " (went back)");
            }
            long firstPosition = newCount - y.size() + 1;
            for (int i = 0; i < y.size(); i++) {
                record(firstPosition + i, y.get(i).asDouble(), "snapshot");
            }
            structureVersion = frame.path("structureVersion").asLong();
            count = newCount;
            windowLength = y.size();
            events.add("snapshot v" + structureVersion + " at " + newCount);
        } else if (type.equals("extend")) {
            JsonNode y = frame.path("update").path("y").path(0);
            if (count < 0) {
                contradictions.add("an extend before any snapshot");
                return;
            }
            for (int i = 0; i < y.size(); i++) {
                record(count + 1 + i, y.get(i).asDouble(), "extend");
            }
            count += y.size();
            // an extend's maxPoints is the window's length after it (it also drops what aged out)
            windowLength = frame.path("maxPoints").path(0).asInt(windowLength + y.size());
        } else if (type.equals("engine")) {
            events.add("engine live=" + frame.path("live").asBoolean());
        } else if (!type.equals("pong")) {
            events.add("frame " + type);
        }
    }

    private void record(long position, double y, String how) {
        Double before = seen.putIfAbsent(position, y);
        if (before != null && before != y) {
            contradictions.add(how + " says position " + position + " is " + y + ", it was " + before);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frame(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    contradictions.add("unreadable frame: " + e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            gone("closed " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            gone("error " + error);
        }

        private void gone(String how) {
            events.add(how);
            if (reconnect && !closed) {
                CompletableFuture.runAsync(() -> {
                    try {
                        connect();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        WebSocket open = socket;
        if (open != null) {
            open.abort();
        }
    }
}
