package io.plotstream.stream;

import static io.plotstream.stream.ShapingTesting.payload;
import static io.plotstream.stream.ShapingTesting.take;
import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.point.Point;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Append mode on explicit time: whole batches per write without a cap, one line per interval with one. */
class AppendShapingTest {
    private static final long T0 = 1_000_000_000L;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final StreamCounters counters = new StreamCounters();
    private final BatchOutcomes outcomes = ShapingTesting.outcomes(counters);

    @Test
    void withoutACapOneWriteTakesEveryWaitingBatchAsItsOwnChunk() {
        AppendShaping shaping = new AppendShaping(new RateLimiter(0, T0));
        take(shaping, StreamTesting.points(3), new RecordingDelivery(), T0, outcomes);
        take(shaping, List.of(Point.of(7, 70)), new RecordingDelivery(), T0, outcomes);

        Sent write = shaping.nextWrite(T0, false);
        assertThat(payload(write)).isEqualTo(String.join("\n", StreamTesting.lines(3)) + "\n{\"x\":7,\"y\":70}\n");
        assertThat(((AppendShaping.Lines) write).ranges).hasSize(2);
        assertThat(shaping.idle()).isTrue();
        assertThat(shaping.nextWrite(T0, false)).isNull();
    }

    @Test
    void aWriteStopsTakingBatchesPastTheChunkBound() {
        AppendShaping shaping = new AppendShaping(new RateLimiter(0, T0));
        String big = "x".repeat(Shaping.MAX_BYTES_PER_WRITE / 2);
        for (int i = 0; i < 3; i++) {
            take(shaping, List.of(new Point(i, i, big, null, null)), new RecordingDelivery(), T0, outcomes);
        }
        assertThat(((AppendShaping.Lines) shaping.nextWrite(T0, false)).ranges).hasSize(1);
        assertThat(((AppendShaping.Lines) shaping.nextWrite(T0, false)).ranges).hasSize(1);
        assertThat(((AppendShaping.Lines) shaping.nextWrite(T0, false)).ranges).hasSize(1);
        assertThat(shaping.idle()).isTrue();
    }

    @Test
    void withACapEachWriteIsOneLineAndTheNextWaitsForTheInterval() {
        AppendShaping shaping = new AppendShaping(new RateLimiter(20, T0)); // one write per 50 ms
        take(shaping, StreamTesting.points(3), new RecordingDelivery(), T0, outcomes);

        assertThat(payload(shaping.nextWrite(T0, false))).isEqualTo(StreamTesting.line(0) + "\n");
        assertThat(shaping.nextWrite(T0 + 49 * MS, false)).as("inside the interval").isNull();
        assertThat(shaping.nextDueNanos(T0 + 49 * MS)).isEqualTo(T0 + 50 * MS);
        assertThat(payload(shaping.nextWrite(T0 + 50 * MS, false))).isEqualTo(StreamTesting.line(1) + "\n");
        assertThat(payload(shaping.nextWrite(T0 + 100 * MS, false))).isEqualTo(StreamTesting.line(2) + "\n");
        assertThat(shaping.idle()).isTrue();
    }

    @Test
    void aBatchIsDeliveredOnceWhenItsLastLineIsConfirmed() {
        AppendShaping shaping = new AppendShaping(new RateLimiter(20, T0));
        RecordingDelivery delivery = new RecordingDelivery();
        take(shaping, StreamTesting.points(2), delivery, T0, outcomes);
        Sent first = shaping.nextWrite(T0, false);
        Sent second = shaping.nextWrite(T0 + 50 * MS, false);

        first.confirm(outcomes);
        assertThat(delivery.delivered.get()).as("one of two lines confirmed").isZero();
        second.confirm(outcomes);
        assertThat(delivery.delivered.get()).isEqualTo(1);
        assertThat(counters.delivered()).isEqualTo(2);
    }

    @Test
    void requeuedWritesAreWrittenAgainFromTheFirstUnconfirmedLineInOrder() {
        AppendShaping shaping = new AppendShaping(new RateLimiter(20, T0));
        take(shaping, StreamTesting.points(4), new RecordingDelivery(), T0, outcomes);
        Sent l0 = shaping.nextWrite(T0, false);
        Sent l1 = shaping.nextWrite(T0 + 50 * MS, false);
        Sent l2 = shaping.nextWrite(T0 + 100 * MS, false);
        l0.confirm(outcomes);

        shaping.requeue(List.of(l2, l1)); // newest first, as a connection's end hands them back
        assertThat(payload(shaping.nextWrite(T0 + 150 * MS, false))).isEqualTo(StreamTesting.line(1) + "\n");
        assertThat(payload(shaping.nextWrite(T0 + 200 * MS, false))).isEqualTo(StreamTesting.line(2) + "\n");
        assertThat(payload(shaping.nextWrite(T0 + 250 * MS, false))).isEqualTo(StreamTesting.line(3) + "\n");
    }

    @Test
    void requeuedWholeBatchesGoBackToTheFrontInTheirOrder() {
        AppendShaping shaping = new AppendShaping(new RateLimiter(0, T0));
        take(shaping, List.of(Point.of(1, 1)), new RecordingDelivery(), T0, outcomes);
        Sent first = shaping.nextWrite(T0, false);
        take(shaping, List.of(Point.of(2, 2)), new RecordingDelivery(), T0, outcomes);
        Sent second = shaping.nextWrite(T0, false);
        take(shaping, List.of(Point.of(3, 3)), new RecordingDelivery(), T0, outcomes);

        shaping.requeue(List.of(second, first));
        assertThat(payload(shaping.nextWrite(T0, false)))
                .isEqualTo("{\"x\":1,\"y\":1}\n{\"x\":2,\"y\":2}\n{\"x\":3,\"y\":3}\n");
    }

    @Test
    void failingTellsEveryHeldBatchOnce() {
        AppendShaping shaping = new AppendShaping(new RateLimiter(0, T0));
        RecordingDelivery a = new RecordingDelivery();
        RecordingDelivery b = new RecordingDelivery();
        take(shaping, List.of(Point.of(1, 1)), a, T0, outcomes);
        take(shaping, List.of(Point.of(2, 2)), b, T0, outcomes);
        StreamException cause = new StreamException("404 for token", 404);

        shaping.failAll(outcomes, cause);
        shaping.failAll(outcomes, cause);
        assertThat(a.failed.get()).isEqualTo(1);
        assertThat(b.failure).isSameAs(cause);
        assertThat(shaping.idle()).isTrue();
    }
}
