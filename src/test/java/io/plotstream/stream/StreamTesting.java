package io.plotstream.stream;

import io.plotstream.point.Point;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Short timings for tests, and small helpers. */
final class StreamTesting {
    static final String TOKEN = "3gqmwfx0y8";
    static final String MASKED = "3g******y8";
    /** Room for about a thousand small points. */
    static final long BUFFER = 96 * 1024;

    private StreamTesting() {
    }

    /**
     * Everything in milliseconds, no jitter, heartbeat long enough to stay out of the way. Without
     * acknowledgements: most tests run against the plain protocol's ack-delay rule; the
     * acknowledgement tests ({@code TokenStreamAckTest}) turn them on with {@link #acked}.
     */
    static StreamSettings.Builder fast(URI server) {
        return StreamSettings.builder(server)
                .ackMode(StreamSettings.AckMode.OFF)
                .connectTimeout(Duration.ofSeconds(1))
                .writeTimeout(Duration.ofSeconds(2))
                .closeTimeout(Duration.ofSeconds(1))
                .heartbeatInterval(Duration.ofSeconds(10))
                .backoffInitial(Duration.ofMillis(20))
                .backoffMax(Duration.ofMillis(200))
                .backoffJitter(0)
                .bufferBytes(BUFFER)
                .ackDelay(Duration.ofMillis(50))
                .linger(Duration.ZERO);
    }

    /** {@link #fast} asking for acknowledgements, as a stream does by default. */
    static StreamSettings.Builder acked(URI server) {
        return fast(server).ackMode(StreamSettings.AckMode.AUTO);
    }

    static List<Point> points(int n) {
        List<Point> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            points.add(Point.of(i, i * 10));
        }
        return points;
    }

    static String line(int i) {
        return "{\"x\":" + i + ",\"y\":" + i * 10 + "}";
    }

    static List<String> lines(int n) {
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(line(i));
        }
        return lines;
    }

    static void offerEach(TokenStream stream, List<Point> points, List<RecordingDelivery> deliveries)
            throws InterruptedException {
        for (int i = 0; i < points.size(); i++) {
            if (!stream.offer(points.get(i), deliveries.get(i), 5, TimeUnit.SECONDS)) {
                throw new AssertionError("no room for point " + i);
            }
        }
    }

    /** The bytes the first {@code n} test points ({@link #points}) are charged in append mode. */
    static long charge(int n) {
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            bytes += OutboundBatch.BOOKKEEPING_BYTES_PER_POINT + line(i).length() + 1;
        }
        return bytes;
    }

    static void closeAndWait(TokenStream stream) throws Exception {
        stream.closeAsync().get(10, TimeUnit.SECONDS);
    }

    static List<Thread> streamThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("plotly-stream")).toList();
    }
}
