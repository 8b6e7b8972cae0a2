package io.plotstream.stream;

import static io.plotstream.stream.ShapingTesting.payload;
import static io.plotstream.stream.ShapingTesting.take;
import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.point.Point;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Window mode on explicit time: rewrites at the refresh rate, only when changed. */
class WindowShapingTest {
    private static final long T0 = 1_000_000_000L;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final StreamCounters counters = new StreamCounters();
    private final BatchOutcomes outcomes = ShapingTesting.outcomes(counters);
    private final WindowShaping shaping = new WindowShaping(3, 100 * MS, new RateLimiter(0, T0), T0);

    @Test
    void rewritesTheNewestPointsAsListsAtMostOncePerRefresh() {
        take(shaping, StreamTesting.points(5), new RecordingDelivery(), T0, outcomes);
        assertThat(payload(shaping.nextWrite(T0, false))).isEqualTo("{\"x\":[2,3,4],\"y\":[20,30,40]}\n");

        take(shaping, List.of(Point.of(5, 50)), new RecordingDelivery(), T0 + 10 * MS, outcomes);
        assertThat(shaping.nextWrite(T0 + 99 * MS, false)).as("within the refresh").isNull();
        assertThat(shaping.nextDueNanos(T0 + 99 * MS)).isEqualTo(T0 + 100 * MS);
        assertThat(payload(shaping.nextWrite(T0 + 100 * MS, false))).isEqualTo("{\"x\":[3,4,5],\"y\":[30,40,50]}\n");
    }

    @Test
    void anUnchangedWindowIsNotRewritten() {
        take(shaping, StreamTesting.points(2), new RecordingDelivery(), T0, outcomes);
        shaping.nextWrite(T0, false);
        assertThat(shaping.idle()).isTrue();
        assertThat(shaping.nextWrite(T0 + 10_000 * MS, false)).isNull();
        assertThat(shaping.nextDueNanos(T0 + 10_000 * MS)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aConfirmedWriteDeliversEveryBatchItCoveredEvenEvictedOnes() {
        RecordingDelivery evicted = new RecordingDelivery();
        RecordingDelivery kept = new RecordingDelivery();
        take(shaping, StreamTesting.points(3), evicted, T0, outcomes);
        take(shaping, List.of(Point.of(9, 9), Point.of(10, 10), Point.of(11, 11)), kept, T0, outcomes);
        shaping.nextWrite(T0, false).confirm(outcomes);
        assertThat(evicted.delivered.get()).isEqualTo(1);
        assertThat(kept.delivered.get()).isEqualTo(1);
        assertThat(counters.delivered()).isEqualTo(6);
    }

    @Test
    void aRequeuedWriteOrANewConnectionRewritesTheWindow() {
        RecordingDelivery delivery = new RecordingDelivery();
        take(shaping, StreamTesting.points(2), delivery, T0, outcomes);
        Sent lost = shaping.nextWrite(T0, false);
        shaping.requeue(List.of(lost));
        Sent again = shaping.nextWrite(T0 + 100 * MS, false);
        assertThat(payload(again)).isEqualTo(payload(lost));
        again.confirm(outcomes);
        assertThat(delivery.delivered.get()).isEqualTo(1);

        shaping.connected();
        assertThat(shaping.idle()).as("the server may have lost the window with the old connection").isFalse();
    }

    @Test
    void writesMarkerListsOnlyForAttributesSomePointHas() {
        take(shaping, List.of(new Point(1, 1, null, "red", null), new Point(2, 2, null, null, null)),
                new RecordingDelivery(), T0, outcomes);
        assertThat(payload(shaping.nextWrite(T0, false)))
                .isEqualTo("{\"x\":[1,2],\"y\":[1,2],\"marker\":{\"color\":[\"red\",null]}}\n");
    }
}
