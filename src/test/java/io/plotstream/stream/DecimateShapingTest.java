package io.plotstream.stream;

import static io.plotstream.stream.ShapingTesting.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.point.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Decimation on explicit time: buckets close by the clock, folded points settle at once. */
class DecimateShapingTest {
    private static final long T0 = 1_000_000_000L;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final StreamCounters counters = new StreamCounters();
    private final BatchOutcomes outcomes = ShapingTesting.outcomes(counters);
    // a cap of 10 writes/s makes 400 ms buckets
    private final DecimateShaping shaping = new DecimateShaping(Decimator.bucketNanosFor(10), new RateLimiter(10, T0), T0);

    @Test
    void aBucketWritesItsFirstMinMaxAndLastOnceItsTimeIsOver() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            points.add(Point.of(i, switch (i) {
                case 0 -> 5;
                case 37 -> -100;
                case 62 -> 1000;
                case 99 -> 7;
                default -> i % 10;
            }));
        }
        RecordingDelivery delivery = new RecordingDelivery();
        ShapingTesting.take(shaping, points, delivery, T0 + 10 * MS, outcomes);
        shaping.tick(T0 + 399 * MS, false, outcomes);
        assertThat(shaping.nextWrite(T0 + 399 * MS, false)).as("the bucket is still open").isNull();
        assertThat(counters.decimatedCount()).isEqualTo(96);
        assertThat(shaping.nextDueNanos(T0 + 399 * MS)).isEqualTo(T0 + 400 * MS);

        shaping.tick(T0 + 400 * MS, false, outcomes);
        List<String> written = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        for (long t = 400; t < 1000; t += 100) {
            Sent s = shaping.nextWrite(T0 + t * MS, false);
            if (s != null) {
                written.add(payload(s).trim());
                sent.add(s);
            }
        }
        assertThat(written).containsExactly(
                "{\"x\":0,\"y\":5}", "{\"x\":37,\"y\":-100}", "{\"x\":62,\"y\":1000}", "{\"x\":99,\"y\":7}");
        assertThat(delivery.delivered.get()).as("four survivors still unconfirmed").isZero();
        sent.forEach(s -> s.confirm(outcomes));
        assertThat(delivery.delivered.get()).isEqualTo(1);
        assertThat(counters.delivered()).isEqualTo(100);
    }

    @Test
    void closingFlushesTheOpenBucketAtOnce() {
        ShapingTesting.take(shaping, StreamTesting.points(2), new RecordingDelivery(), T0, outcomes);
        shaping.tick(T0 + MS, true, outcomes);
        assertThat(payload(shaping.nextWrite(T0 + MS, true))).isEqualTo(StreamTesting.line(0) + "\n");
    }

    @Test
    void pointsOfDifferentBucketsAreDecimatedSeparately() {
        ShapingTesting.take(shaping, List.of(Point.of(1, 1), Point.of(2, 3), Point.of(3, 2)), new RecordingDelivery(),
                T0, outcomes);
        ShapingTesting.take(shaping, List.of(Point.of(4, 4)), new RecordingDelivery(), T0 + 450 * MS, outcomes);
        assertThat(counters.decimatedCount()).as("three points are first, min/max and last of their bucket").isZero();
        assertThat(shaping.idle()).isFalse();
    }
}
