package io.plotstream.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The server's own fan-out counters from {@code GET /metrics}: frames it queued for viewers and
 * pushes it skipped because a viewer's send queue was full. Read before and after the window, they
 * say whether frames were slow to be made (tick side) or slow to leave (socket / client side).
 */
final class ViewerCounters {
    static final String SENT = "plotserver_frames_sent_total";
    static final String DROPPED = "plotserver_frames_dropped_total";
    static final String COALESCED = "plotserver_frames_coalesced_total";

    private ViewerCounters() {
    }

    /** The counters, or an empty map when the server did not answer in time (it is saturated: say so, don't fail the run). */
    static Map<String, Long> readOrEmpty(HttpClient http, int port) throws InterruptedException {
        try {
            return read(http, port);
        } catch (IOException e) {
            System.out.println("GET /metrics failed (" + e + "): server counters unavailable for this run");
            return Map.of();
        }
    }

    static Map<String, Long> read(HttpClient http, int port) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + response.statusCode());
        }
        Map<String, Long> values = new HashMap<>();
        for (String line : response.body().split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 2 && (parts[0].equals(SENT) || parts[0].equals(DROPPED) || parts[0].equals(COALESCED))) {
                values.put(parts[0], (long) Double.parseDouble(parts[1]));
            }
        }
        return values;
    }

    static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> out = new HashMap<>();
        if (after.isEmpty() || before.isEmpty()) {
            return out;
        }
        after.forEach((name, value) -> out.put(name, value - before.getOrDefault(name, 0L)));
        return out;
    }
}
