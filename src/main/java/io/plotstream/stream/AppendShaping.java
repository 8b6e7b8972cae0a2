package io.plotstream.stream;

import io.plotstream.point.Point;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Append mode with backpressure: every point is written, one line per point. Callers encode their
 * batch into bytes on their own thread; the writer only copies bytes to the socket. Without a write
 * cap a write takes whole batches, up to {@link Shaping#MAX_BYTES_PER_WRITE}; with one, each write is a
 * single line at the cap, and the queue filling up is what slows the callers down.
 */
final class AppendShaping implements Shaping {
    private static final ThreadLocal<WriteEncoder> ENCODERS = ThreadLocal.withInitial(WriteEncoder::new);

    private final RateLimiter limiter;
    /** Batches with lines still to write, oldest first; the head may be partly written (cursor > 0). */
    private final ArrayDeque<OutboundBatch> ready = new ArrayDeque<>();

    AppendShaping(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public OutboundBatch prepare(List<Point> points, Delivery delivery, long nowNanos) {
        WriteEncoder encoder = ENCODERS.get();
        encoder.reset();
        for (int i = 0, n = points.size(); i < n; i++) {
            encoder.appendPoint(points.get(i)); // refuses what validate() refuses, leaving nothing of it behind
        }
        byte[] encoded = Arrays.copyOf(encoder.bytes(), encoder.length());
        if (encoder.capacity() > 4 * Shaping.MAX_BYTES_PER_WRITE) {
            ENCODERS.remove(); // one huge batch must not pin a huge buffer per thread
        }
        return new OutboundBatch(points.size(), delivery, nowNanos, encoded, null);
    }

    @Override
    public void accept(OutboundBatch batch, long nowNanos, BatchOutcomes outcomes) {
        ready.addLast(batch);
    }

    @Override
    public Sent nextWrite(long nowNanos, boolean closing) {
        if (ready.isEmpty()) {
            return null;
        }
        if (limiter.unlimited()) {
            Lines sent = new Lines();
            long bytes = 0;
            while (!ready.isEmpty() && (bytes == 0 || bytes + remainingBytes(ready.peekFirst()) <= MAX_BYTES_PER_WRITE)) {
                OutboundBatch b = ready.pollFirst();
                bytes += remainingBytes(b);
                sent.add(b, b.cursor, b.size);
                b.cursor = b.size;
            }
            return sent;
        }
        if (limiter.take(nowNanos) == 0) {
            return null;
        }
        OutboundBatch head = ready.peekFirst();
        Lines sent = new Lines();
        sent.add(head, head.cursor, head.cursor + 1);
        if (++head.cursor == head.size) {
            ready.pollFirst();
        }
        return sent;
    }

    @Override
    public long nextDueNanos(long nowNanos) {
        if (ready.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return limiter.unlimited() ? nowNanos : limiter.nextAllowedNanos();
    }

    @Override
    public boolean idle() {
        return ready.isEmpty();
    }

    @Override
    public void requeue(List<Sent> newestFirst) {
        for (Sent s : newestFirst) {
            List<Lines.Range> ranges = ((Lines) s).ranges;
            for (int i = ranges.size() - 1; i >= 0; i--) {
                Lines.Range r = ranges.get(i);
                if (ready.peekFirst() != r.batch) {
                    ready.addFirst(r.batch);
                }
                r.batch.cursor = r.from;
            }
        }
    }

    @Override
    public void failAll(BatchOutcomes outcomes, StreamException cause) {
        ready.forEach(b -> outcomes.failed(b, cause));
        ready.clear();
    }

    @Override
    public long oldestNanos() {
        OutboundBatch head = ready.peekFirst();
        return head == null ? Long.MAX_VALUE : head.enqueuedNanos;
    }

    private static long remainingBytes(OutboundBatch b) {
        return b.encoded.length - (b.cursor == 0 ? 0 : b.lineEnds()[b.cursor - 1]);
    }

    /** A write of line ranges of one or more batches, each range as one chunk. */
    static final class Lines extends Sent {
        static final class Range {
            private final OutboundBatch batch;
            private final int from;
            private final int to;

            Range(OutboundBatch batch, int from, int to) {
                this.batch = batch;
                this.from = from;
                this.to = to;
            }

            OutboundBatch batch() {
                return batch;
            }

            int from() {
                return from;
            }

            int to() {
                return to;
            }

            @Override
            public boolean equals(Object o) {
                if (this == o) {
                    return true;
                }
                if (!(o instanceof Range)) {
                    return false;
                }
                Range other = (Range) o;
                return Objects.equals(batch, other.batch) && from == other.from && to == other.to;
            }

            @Override
            public int hashCode() {
                return (Objects.hashCode(batch) * 31 + Integer.hashCode(from)) * 31 + Integer.hashCode(to);
            }

            @Override
            public String toString() {
                return "Range[batch=" + batch + ", from=" + from + ", to=" + to + "]";
            }
        }

        final List<Range> ranges = new ArrayList<>(4);

        void add(OutboundBatch batch, int from, int to) {
            ranges.add(new Range(batch, from, to));
        }

        @Override
        long oldestEnqueuedNanos() {
            return ranges.get(0).batch.enqueuedNanos;
        }

        @Override
        int lines() {
            int lines = 0;
            for (Range r : ranges) {
                lines += r.to - r.from; // one line per point: the encoder escapes every newline in a value
            }
            return lines;
        }

        @Override
        void writeTo(ChunkOut out) throws IOException {
            for (Range r : ranges) {
                OutboundBatch b = r.batch;
                boolean whole = r.from == 0 && r.to == b.size;
                int start = whole || r.from == 0 ? 0 : b.lineEnds()[r.from - 1];
                int end = whole ? b.encoded.length : b.lineEnds()[r.to - 1];
                out.chunk(b.encoded, start, end - start);
            }
        }

        @Override
        void confirm(BatchOutcomes outcomes) {
            for (Range r : ranges) {
                outcomes.settle(r.batch, r.to - r.from);
            }
        }

        @Override
        void fail(BatchOutcomes outcomes, StreamException cause) {
            for (Range r : ranges) {
                outcomes.failed(r.batch, cause);
            }
        }
    }
}
