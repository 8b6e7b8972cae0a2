package io.plotstream.stream;

import io.plotstream.point.Point;
import java.util.List;

/**
 * One caller's points for one token, handed over together with one {@link Delivery}: the unit of
 * hand-off, of memory accounting and of confirmation. The points' outcome is told once, when every
 * point was confirmed or settled by shaping (or when the stream fails for good).
 *
 * <p>Append mode keeps only the encoded lines ({@link #encoded}); the shaping modes that need the
 * values (decimate, window) keep {@link #points} until the writer has taken them in. Fields other
 * than the final ones belong to the writer thread.
 */
final class OutboundBatch {
    /** Charged per point for the record bookkeeping that lives until the outcome is told. */
    static final int BOOKKEEPING_BYTES_PER_POINT = 64;
    /** Charged per point held as values (decimate, window) until the writer took it in. */
    static final int VALUE_BYTES_PER_POINT = 96;

    final int size;
    final Delivery delivery;
    final long enqueuedNanos;
    /** Bytes charged to the caller's budget until the outcome is told. */
    final long chargedBytes;
    /** The newline-delimited JSON of every point (append mode), or null. */
    final byte[] encoded;
    /** The values (shaping modes), or null; dropped once the writer took them in. */
    List<Point> points;
    /** The budget charged for this batch, set on admission (under the hand-off's lock) and released with it. */
    ByteBudget budget;
    /** Where each line ends in {@link #encoded} (exclusive); computed by the writer when it writes line by line. */
    int[] lineEnds;
    /** Next line to write (append mode). */
    int cursor;
    private int settled;
    private boolean told;

    OutboundBatch(int size, Delivery delivery, long enqueuedNanos, byte[] encoded, List<Point> points) {
        this.size = size;
        this.delivery = delivery;
        this.enqueuedNanos = enqueuedNanos;
        this.encoded = encoded;
        this.points = points;
        this.chargedBytes = (long) size * BOOKKEEPING_BYTES_PER_POINT + (encoded == null ? 0 : encoded.length)
                + (points == null ? 0 : (long) size * VALUE_BYTES_PER_POINT);
    }

    /**
     * A batch that keeps its points' values (the shaping modes that decide on them), validated.
     *
     * @throws IllegalArgumentException for a value no stream can carry
     */
    static OutboundBatch ofValues(List<Point> points, Delivery delivery, long nowNanos) {
        points.forEach(WriteEncoder::validate);
        return new OutboundBatch(points.size(), delivery, nowNanos, null, List.copyOf(points));
    }

    /**
     * {@code n} more of this batch's points reached their outcome (confirmed, or folded by shaping).
     *
     * @return true when that completed the batch (its outcome must now be told, exactly once)
     */
    boolean settle(int n) {
        settled += n;
        return settled >= size && !told;
    }

    /** Marks the outcome told; false if it already was. */
    boolean markTold() {
        if (told) {
            return false;
        }
        told = true;
        return true;
    }

    int unsettled() {
        return size - settled;
    }

    /** Line ends of {@link #encoded}, found once: strings are escaped, so every raw '\n' ends a line. */
    int[] lineEnds() {
        if (lineEnds == null) {
            int[] ends = new int[size];
            int line = 0;
            for (int i = 0; i < encoded.length && line < size; i++) {
                if (encoded[i] == '\n') {
                    ends[line++] = i + 1;
                }
            }
            lineEnds = ends;
        }
        return lineEnds;
    }
}
