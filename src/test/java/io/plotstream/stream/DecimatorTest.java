package io.plotstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.point.Point;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecimatorTest {
    private static final long BUCKET = 1_000;
    private final List<DecimatedPoint> folded = new ArrayList<>();
    private final List<DecimatedPoint> ready = new ArrayList<>();
    private final Decimator decimator = new Decimator(BUCKET, 0, folded::add);
    private long seq;

    private DecimatedPoint point(Object y, long at) {
        OutboundBatch batch = new OutboundBatch(1, new RecordingDelivery(), at, null, null);
        return new DecimatedPoint(Point.of(seq, y), batch, seq++, at);
    }

    private List<Object> xs(List<DecimatedPoint> points) {
        return points.stream().map(p -> p.point.x()).toList();
    }

    @Test
    void keepsFirstMinMaxAndLastInTheirOriginalOrder() {
        double[] ys = {5, 3, 9, 1, 4, 12, 6, 2};
        for (double y : ys) {
            decimator.add(point(y, 10), ready);
        }
        decimator.emitIfDue(BUCKET, false, ready);
        // first (5 at x0), min (1 at x3), max (12 at x5), last (2 at x7)
        assertThat(xs(ready)).containsExactly(0L, 3L, 5L, 7L);
        assertThat(folded).hasSize(4);
        assertThat(xs(folded)).containsExactlyInAnyOrder(1L, 2L, 4L, 6L);
    }

    @Test
    void keepsEverythingWhenABucketHasFourPointsOrFewer() {
        for (int y : new int[] {3, 1, 2}) {
            decimator.add(point(y, 10), ready);
        }
        decimator.emitIfDue(BUCKET, false, ready);
        assertThat(xs(ready)).containsExactly(0L, 1L, 2L);
        assertThat(folded).isEmpty();
    }

    @Test
    void aNewBucketEmitsThePreviousOne() {
        decimator.add(point(1, 10), ready);
        decimator.add(point(2, 20), ready);
        assertThat(ready).isEmpty();
        decimator.add(point(3, BUCKET + 1), ready);
        assertThat(xs(ready)).containsExactly(0L, 1L);
        assertThat(decimator.isEmpty()).isFalse();
        assertThat(decimator.bucketEndNanos()).isEqualTo(2 * BUCKET);
    }

    @Test
    void doesNotEmitBeforeTheBucketEndsUnlessForced() {
        decimator.add(point(1, 10), ready);
        decimator.emitIfDue(BUCKET - 1, false, ready);
        assertThat(ready).isEmpty();
        decimator.emitIfDue(BUCKET - 1, true, ready);
        assertThat(ready).hasSize(1);
    }

    @Test
    void nonNumericYKeepsOnlyFirstAndLast() {
        for (String y : new String[] {"a", "b", "c", "d", "e", "f"}) {
            decimator.add(point(y, 10), ready);
        }
        decimator.emitIfDue(BUCKET, false, ready);
        assertThat(xs(ready)).containsExactly(0L, 5L);
        assertThat(folded).hasSize(4);
    }

    @Test
    void neverFoldsAPointTwice() {
        // each new point is at once the new last and the new max: the displaced one is folded once
        for (int y = 0; y < 50; y++) {
            decimator.add(point(y, 10), ready);
        }
        decimator.emitIfDue(BUCKET, false, ready);
        assertThat(ready.size() + folded.size()).isEqualTo(50);
        assertThat(folded).doesNotHaveDuplicates();
    }
}
