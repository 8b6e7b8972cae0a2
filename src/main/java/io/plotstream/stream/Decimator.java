package io.plotstream.stream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Append mode's {@code decimate} overflow: points are grouped into time buckets by when they were
 * queued, and of each bucket only the first point, the one with the smallest y, the one with the
 * largest y and the last point are kept (in their original order), so the plot's envelope survives
 * any input rate with at most four writes per bucket. Points with a non-numeric y can be first or
 * last but take no part in min/max.
 *
 * <p>Works incrementally with O(1) memory per bucket: each new point may displace a candidate, and a
 * candidate no longer first, min, max or last is folded at once. Writer-thread only.
 */
final class Decimator {
    /** Bucket length for a write cap: four writes per bucket matches the cap exactly. */
    static long bucketNanosFor(double maxWritesPerSecond) {
        return (long) (4 * 1_000_000_000L / maxWritesPerSecond);
    }

    private final long bucketNanos;
    private final long epochNanos;
    private final Consumer<DecimatedPoint> fold;
    private long bucket = Long.MIN_VALUE;
    private DecimatedPoint first;
    private DecimatedPoint min;
    private DecimatedPoint max;
    private DecimatedPoint last;

    /** @param fold told about each point decimation dropped */
    Decimator(long bucketNanos, long epochNanos, Consumer<DecimatedPoint> fold) {
        this.bucketNanos = bucketNanos;
        this.epochNanos = epochNanos;
        this.fold = fold;
    }

    /** Adds a point; if it starts a new bucket, the finished one's survivors go to {@code ready}. */
    void add(DecimatedPoint p, Collection<DecimatedPoint> ready) {
        long b = Math.floorDiv(p.enqueuedNanos - epochNanos, bucketNanos);
        if (first != null && b != bucket) {
            emit(ready);
        }
        if (first == null) {
            bucket = b;
            first = p;
            last = p;
            if (numeric(p)) {
                min = p;
                max = p;
            }
            return;
        }
        List<DecimatedPoint> displaced = new ArrayList<>(3);
        displaced.add(last);
        last = p;
        if (numeric(p)) {
            double y = y(p);
            if (min == null || y < y(min)) {
                displaced.add(min);
                min = p;
            }
            if (max == null || y > y(max)) {
                displaced.add(max);
                max = p;
            }
        }
        for (int i = 0; i < displaced.size(); i++) {
            DecimatedPoint c = displaced.get(i);
            if (c != null && !isCandidate(c) && displaced.indexOf(c) == i) {
                fold.accept(c);
            }
        }
    }

    /** Emits the current bucket's survivors once its time is over (or at once when {@code force}). */
    void emitIfDue(long now, boolean force, Collection<DecimatedPoint> ready) {
        if (first != null && (force || now - bucketEndNanos() >= 0)) {
            emit(ready);
        }
    }

    boolean isEmpty() {
        return first == null;
    }

    long bucketEndNanos() {
        return epochNanos + (bucket + 1) * bucketNanos;
    }

    long oldestEnqueuedNanos() {
        return first == null ? Long.MAX_VALUE : first.enqueuedNanos;
    }

    /** Hands the held points over to {@code sink} without decimating (used when failing or closing). */
    void drainTo(Consumer<DecimatedPoint> sink) {
        List<DecimatedPoint> held = survivors();
        clear();
        held.forEach(sink);
    }

    private void emit(Collection<DecimatedPoint> ready) {
        ready.addAll(survivors());
        clear();
    }

    private List<DecimatedPoint> survivors() {
        List<DecimatedPoint> keep = new ArrayList<>(4);
        for (DecimatedPoint c : new DecimatedPoint[] {first, min, max, last}) {
            if (c != null && !keep.contains(c)) {
                keep.add(c);
            }
        }
        keep.sort((a, b) -> Long.compare(a.seq, b.seq));
        return keep;
    }

    private void clear() {
        first = null;
        min = null;
        max = null;
        last = null;
    }

    private boolean isCandidate(DecimatedPoint c) {
        return c == first || c == min || c == max || c == last;
    }

    private static boolean numeric(DecimatedPoint p) {
        return p.point.y() instanceof Number;
    }

    private static double y(DecimatedPoint p) {
        return ((Number) p.point.y()).doubleValue();
    }
}
