package io.plotstream.bench;

import java.util.Arrays;
import java.util.List;

/**
 * What a run's viewers saw, summed over them: frames received, viewers that ended in an error, and
 * every frame's oldest-point delay (ns), sorted for percentiles.
 */
record ViewerTotals(long frames, long errors, long[] sortedOldestDelays) {

    static ViewerTotals of(List<LatencyViewer> viewers) {
        long frames = 0;
        long errors = 0;
        long[] oldest = new long[0];
        for (LatencyViewer viewer : viewers) {
            frames += viewer.frames();
            errors += viewer.error() == null ? 0 : 1;
            long[] delays = viewer.oldestDelays();
            long[] joined = Arrays.copyOf(oldest, oldest.length + delays.length);
            System.arraycopy(delays, 0, joined, oldest.length, delays.length);
            oldest = joined;
        }
        Arrays.sort(oldest);
        return new ViewerTotals(frames, errors, oldest);
    }

    /** The {@code p}th percentile of the delays in ns, or -1 when no frame arrived. */
    long percentile(double p) {
        long[] sorted = sortedOldestDelays;
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
