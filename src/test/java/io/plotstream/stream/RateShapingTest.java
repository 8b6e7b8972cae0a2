package io.plotstream.stream;

import static io.plotstream.stream.StreamTesting.TOKEN;
import static io.plotstream.stream.StreamTesting.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.point.Point;
import io.plotstream.stream.StreamSettings.OverflowPolicy;
import io.plotstream.stream.StreamSettings.WriteMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Write caps end to end against a real socket: backpressure, decimation, and window mode (their timing rules are tested on explicit time in the shaping tests). */
class RateShapingTest extends StreamServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void backpressureWritesAtTheCapAndBlocksOffersWhenTheQueueIsFull() throws Exception {
        stream = TokenStream.start(fast(server.uri()).maxWritesPerSecond(20).bufferBytes(StreamTesting.charge(5)).build(), TOKEN);
        List<RecordingDelivery> deliveries = RecordingDelivery.many(12);
        List<Point> points = StreamTesting.points(12);
        StreamTesting.offerEach(stream, points.subList(0, 5), deliveries.subList(0, 5));
        assertThat(stream.offer(Point.of(99, 99), new RecordingDelivery(), 0, TimeUnit.MILLISECONDS))
                .as("writes are capped, so the queue is full and the caller must wait").isFalse();

        StreamTesting.offerEach(stream, points.subList(5, 12), deliveries.subList(5, 12));
        await().atMost(Duration.ofSeconds(5)).until(() -> RecordingDelivery.allDelivered(deliveries));

        RecordingStreamServer.Connection c = server.connections(TOKEN).get(0);
        assertThat(c.jsonLines()).containsExactlyElementsOf(StreamTesting.lines(12));
        assertThat(c.chunkSizes).as("one object per write at a cap").hasSizeGreaterThanOrEqualTo(12);
        assertThat(stream.stats().pointsDecimated()).isZero();
    }

    @Test
    void decimationKeepsFirstMinMaxAndLastOfABucketInOrder() throws Exception {
        // a cap of 10/s makes 400 ms buckets; one batch lands in one bucket
        stream = TokenStream.start(fast(server.uri()).maxWritesPerSecond(10).overflow(OverflowPolicy.DECIMATE)
                .build(), TOKEN);
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int y = switch (i) {
                case 0 -> 5;
                case 37 -> -100;
                case 62 -> 1000;
                case 99 -> 7;
                default -> i % 10;
            };
            points.add(Point.of(i, y));
        }
        RecordingDelivery delivery = new RecordingDelivery();
        assertThat(stream.offer(points, delivery, 1, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.delivered.get() == 1);
        assertThat(server.acceptedLines(TOKEN)).containsExactly(
                "{\"x\":0,\"y\":5}", "{\"x\":37,\"y\":-100}", "{\"x\":62,\"y\":1000}", "{\"x\":99,\"y\":7}");
        assertThat(stream.stats().pointsDecimated()).isEqualTo(96);
        assertThat(stream.stats().pointsDelivered()).isEqualTo(100);
    }

    @Test
    void windowModeWritesTheNewestPointsAsListsEndToEnd() throws Exception {
        stream = TokenStream.start(fast(server.uri()).mode(WriteMode.WINDOW).windowPoints(5)
                .windowRefresh(Duration.ofMillis(100)).heartbeatInterval(Duration.ofMillis(50)).build(), TOKEN);
        List<RecordingDelivery> deliveries = RecordingDelivery.many(12);
        for (int i = 0; i < 12; i++) {
            Point p = new Point(i, i * 10, i % 2 == 0 ? "even " + i : null, null, null);
            stream.offer(p, deliveries.get(i), 1, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> RecordingDelivery.allDelivered(deliveries));
        List<String> writes = server.acceptedLines(TOKEN);
        JsonNode last = JSON.readTree(writes.get(writes.size() - 1));
        assertThat(last.toString()).isEqualTo("{\"x\":[7,8,9,10,11],\"y\":[70,80,90,100,110],"
                + "\"text\":[null,\"even 8\",null,\"even 10\",null]}");

    }

    @Test
    void windowModeWritesMarkerListsOnlyForAttributesSomePointHas() throws Exception {
        stream = TokenStream.start(fast(server.uri()).mode(WriteMode.WINDOW).windowPoints(3)
                .windowRefresh(Duration.ofMillis(50)).build(), TOKEN);
        List<Point> points = List.of(new Point(1, 1, null, "red", null), new Point(2, 2, null, null, null));
        RecordingDelivery delivery = new RecordingDelivery();
        stream.offer(points, delivery, 1, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.delivered.get() == 1);
        List<String> writes = server.acceptedLines(TOKEN);
        assertThat(writes.get(writes.size() - 1)).isEqualTo("{\"x\":[1,2],\"y\":[1,2],\"marker\":{\"color\":[\"red\",null]}}");
    }
}
