package io.plotstream.stream;

import io.plotstream.point.Point;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Window mode: the newest {@code windowPoints} values are rewritten as one write of lists every
 * {@code windowRefresh} when they changed (and at most at the write cap). A batch counts as
 * delivered once a confirmed window write came after all of its points: it contained them or
 * superseded them, so evicted points wait for the next write like the rest.
 */
final class WindowShaping implements Shaping {
    private final WindowBuffer window;
    private final long refreshNanos;
    private final RateLimiter limiter;
    /** Batches whose points no window write covered yet, oldest first. */
    private final ArrayDeque<OutboundBatch> uncovered = new ArrayDeque<>();
    private final WriteEncoder encoder = new WriteEncoder();
    private boolean dirty;
    private long nextWriteNanos;

    WindowShaping(int windowPoints, long refreshNanos, RateLimiter limiter, long nowNanos) {
        this.window = new WindowBuffer(windowPoints);
        this.refreshNanos = refreshNanos;
        this.limiter = limiter;
        this.nextWriteNanos = nowNanos;
    }

    @Override
    public OutboundBatch prepare(List<Point> points, Delivery delivery, long nowNanos) {
        return OutboundBatch.ofValues(points, delivery, nowNanos);
    }

    @Override
    public void accept(OutboundBatch batch, long nowNanos, BatchOutcomes outcomes) {
        batch.points.forEach(window::add);
        batch.points = null;
        uncovered.addLast(batch);
        dirty = true;
    }

    @Override
    public Sent nextWrite(long nowNanos, boolean closing) {
        if (!dirty || (!closing && nowNanos - nextWriteNanos < 0) || limiter.take(nowNanos) == 0) {
            return null;
        }
        encoder.reset();
        encoder.appendWindow(window.snapshot());
        Rewrite sent = new Rewrite(encoder.toByteArray(), new ArrayList<>(uncovered));
        uncovered.clear();
        dirty = false;
        nextWriteNanos = nowNanos + Math.max(refreshNanos, limiter.intervalNanos());
        return sent;
    }

    @Override
    public long nextDueNanos(long nowNanos) {
        if (!dirty) {
            return Long.MAX_VALUE;
        }
        long limit = limiter.nextAllowedNanos();
        return limit - nextWriteNanos > 0 ? limit : nextWriteNanos;
    }

    @Override
    public boolean idle() {
        return !dirty;
    }

    @Override
    public void requeue(List<Sent> newestFirst) {
        for (Sent s : newestFirst) {
            List<OutboundBatch> covered = ((Rewrite) s).covered;
            for (int i = covered.size() - 1; i >= 0; i--) {
                uncovered.addFirst(covered.get(i));
            }
        }
        dirty = !window.isEmpty();
    }

    @Override
    public void connected() {
        dirty = !window.isEmpty(); // the server may have lost our last window with the old connection
    }

    @Override
    public void failAll(BatchOutcomes outcomes, StreamException cause) {
        uncovered.forEach(b -> outcomes.failed(b, cause));
        uncovered.clear();
    }

    @Override
    public long oldestNanos() {
        OutboundBatch head = uncovered.peekFirst();
        return head == null ? Long.MAX_VALUE : head.enqueuedNanos;
    }

    /** One write of the whole window, covering every batch that arrived since the last one. */
    private static final class Rewrite extends Sent {
        final byte[] bytes;
        final List<OutboundBatch> covered;

        Rewrite(byte[] bytes, List<OutboundBatch> covered) {
            this.bytes = bytes;
            this.covered = covered;
        }

        @Override
        long oldestEnqueuedNanos() {
            return covered.isEmpty() ? Long.MAX_VALUE : covered.get(0).enqueuedNanos;
        }

        @Override
        int lines() {
            return 1;
        }

        @Override
        void writeTo(ChunkOut out) throws IOException {
            out.chunk(bytes, 0, bytes.length);
        }

        @Override
        void confirm(BatchOutcomes outcomes) {
            covered.forEach(outcomes::settleAll);
        }

        @Override
        void fail(BatchOutcomes outcomes, StreamException cause) {
            covered.forEach(b -> outcomes.failed(b, cause));
        }
    }
}
