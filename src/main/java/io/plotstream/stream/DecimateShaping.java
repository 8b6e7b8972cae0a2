package io.plotstream.stream;

import io.plotstream.point.Point;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Append mode with a write cap and {@code decimate} overflow: per time bucket only the first, min-y,
 * max-y and last points are written (see {@link Decimator}); the others are settled at once as
 * decimated. Each surviving point is one write at the cap.
 */
final class DecimateShaping implements Shaping {
    private final RateLimiter limiter;
    private final Decimator decimator;
    private final ArrayDeque<DecimatedPoint> ready = new ArrayDeque<>();
    private final WriteEncoder encoder = new WriteEncoder();
    private BatchOutcomes outcomes;
    private long seq;

    DecimateShaping(long bucketNanos, RateLimiter limiter, long epochNanos) {
        this.limiter = limiter;
        this.decimator = new Decimator(bucketNanos, epochNanos, p -> outcomes.fold(p.batch, 1));
    }

    @Override
    public OutboundBatch prepare(List<Point> points, Delivery delivery, long nowNanos) {
        return OutboundBatch.ofValues(points, delivery, nowNanos);
    }

    @Override
    public void accept(OutboundBatch batch, long nowNanos, BatchOutcomes outcomes) {
        this.outcomes = outcomes;
        for (Point p : batch.points) {
            decimator.add(new DecimatedPoint(p, batch, seq++, batch.enqueuedNanos), ready);
        }
        batch.points = null;
    }

    @Override
    public void tick(long nowNanos, boolean closing, BatchOutcomes outcomes) {
        this.outcomes = outcomes;
        decimator.emitIfDue(nowNanos, closing, ready);
    }

    @Override
    public Sent nextWrite(long nowNanos, boolean closing) {
        if (ready.isEmpty() || limiter.take(nowNanos) == 0) {
            return null;
        }
        DecimatedPoint p = ready.pollFirst();
        encoder.reset();
        encoder.appendPoint(p.point);
        return new OnePoint(p, encoder.toByteArray());
    }

    @Override
    public long nextDueNanos(long nowNanos) {
        long next = ready.isEmpty() ? Long.MAX_VALUE : limiter.nextAllowedNanos();
        return decimator.isEmpty() ? next : Math.min(next, decimator.bucketEndNanos());
    }

    @Override
    public boolean idle() {
        return ready.isEmpty() && decimator.isEmpty();
    }

    @Override
    public void requeue(List<Sent> newestFirst) {
        newestFirst.forEach(s -> ready.addFirst(((OnePoint) s).point));
    }

    @Override
    public void failAll(BatchOutcomes outcomes, StreamException cause) {
        ready.forEach(p -> outcomes.failed(p.batch, cause));
        ready.clear();
        decimator.drainTo(p -> outcomes.failed(p.batch, cause));
    }

    @Override
    public long oldestNanos() {
        DecimatedPoint head = ready.peekFirst();
        long oldest = head == null ? Long.MAX_VALUE : head.enqueuedNanos;
        return Math.min(oldest, decimator.oldestEnqueuedNanos());
    }

    /** One surviving point written on its own. */
    private static final class OnePoint extends Sent {
        final DecimatedPoint point;
        final byte[] line;

        OnePoint(DecimatedPoint point, byte[] line) {
            this.point = point;
            this.line = line;
        }

        @Override
        long oldestEnqueuedNanos() {
            return point.enqueuedNanos;
        }

        @Override
        int lines() {
            return 1;
        }

        @Override
        void writeTo(ChunkOut out) throws IOException {
            out.chunk(line, 0, line.length);
        }

        @Override
        void confirm(BatchOutcomes outcomes) {
            outcomes.settle(point.batch, 1);
        }

        @Override
        void fail(BatchOutcomes outcomes, StreamException cause) {
            outcomes.failed(point.batch, cause);
        }
    }
}
