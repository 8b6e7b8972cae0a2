package io.plotstream.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The samples of one {@link OutageHeapHarness} run and their summary, printed as Markdown ready for
 * docs/BENCHMARKS.md: one row per sample, then first / min / max / last heap after GC, the least
 * squares slope after the first minute, records produced and whether every task stayed RUNNING.
 */
final class OutageHeapReport {

    /** Samples earlier than this are left out of the slope: the buffers fill and the JIT warms up then. */
    static final double SLOPE_FROM_SECONDS = 60;

    /**
     * One sample, taken right after a forced full GC.
     *
     * @param seconds          since the producer started (the outage started before it)
     * @param heapAfterGcMb    heap in use after the forced GC (the collector's own after-GC figure)
     * @param heapBeforeGcMb   heap in use just before it (shows the allocation churn, not a leak)
     * @param gcMillis         how long the forced GC took
     * @param produced         records the broker acknowledged so far
     * @param taskStates       task states from the worker's REST status, in task order ("RUNNING", ...)
     * @param allRunning       the connector and all its tasks were RUNNING
     * @param queueDepth       the {@code queue-depth} plugin metric per task, or null when not published
     * @param recordsWaiting   the {@code records-waiting} plugin metric per task, or null when not published
     * @param pointsEnqueued   {@code points-enqueued-total} summed over the tasks, or -1
     */
    record Sample(double seconds, double heapAfterGcMb, double heapBeforeGcMb, long gcMillis, long produced,
                  List<String> taskStates, boolean allRunning, long[] queueDepth, long[] recordsWaiting,
                  long pointsEnqueued) {

        String line() {
            return String.format(Locale.ROOT, "| %.0f | %.1f | %.1f | %d | %,d | %s | %s | %s | %s |", seconds,
                    heapAfterGcMb, heapBeforeGcMb, gcMillis, produced, states(), perTaskText(queueDepth),
                    perTaskText(recordsWaiting), pointsEnqueued < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", pointsEnqueued));
        }

        private String states() {
            if (taskStates.isEmpty()) {
                return "no status";
            }
            long running = taskStates.stream().filter("RUNNING"::equals).count();
            return running == taskStates.size() && allRunning ? taskStates.size() + " × RUNNING"
                    : String.join("/", taskStates) + (allRunning ? "" : " (not all RUNNING)");
        }

        static String perTaskText(long[] values) {
            if (values == null) {
                return "n/a";
            }
            long sum = 0;
            StringBuilder each = new StringBuilder();
            for (long v : values) {
                sum += v;
                each.append(each.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%,d", v));
            }
            return String.format(Locale.ROOT, "%,d (%s)", sum, each);
        }
    }

    static final String HEADER = "| t (s) | heap after GC (MB) | heap before GC (MB) | GC (ms) | records produced "
            + "| tasks | queue-depth: sum (per task) | records-waiting: sum (per task) | points enqueued (sum) |";
    static final String RULE = "|---|---|---|---|---|---|---|---|---|";

    private final List<Sample> samples = new ArrayList<>();

    void add(Sample sample) {
        samples.add(sample);
    }

    List<Sample> samples() {
        return samples;
    }

    void print(PrintStream out, double maxHeapMb, double outageSeconds, long produced, long producerErrors) {
        out.println();
        out.println("### Samples (a forced full GC before each)");
        out.println();
        out.println(HEADER);
        out.println(RULE);
        for (Sample sample : samples) {
            out.println(sample.line());
        }
        out.println();
        out.println("### Summary");
        out.println();
        out.println("| measure | value |");
        out.println("|---|---|");
        row(out, "JVM max heap", String.format(Locale.ROOT, "%.0f MB", maxHeapMb));
        row(out, "outage (server down, producer running)", String.format(Locale.ROOT, "%.0f s", outageSeconds));
        row(out, "samples", Integer.toString(samples.size()));
        if (!samples.isEmpty()) {
            double min = Double.MAX_VALUE;
            double max = 0;
            for (Sample s : samples) {
                min = Math.min(min, s.heapAfterGcMb());
                max = Math.max(max, s.heapAfterGcMb());
            }
            row(out, "heap after GC: first / min / max / last", String.format(Locale.ROOT, "%.1f / %.1f / %.1f / %.1f MB",
                    samples.get(0).heapAfterGcMb(), min, max, samples.get(samples.size() - 1).heapAfterGcMb()));
            Slope slope = slope();
            row(out, "slope of heap after GC (least squares)", slope == null ? "n/a (fewer than 2 samples)"
                    : String.format(Locale.ROOT, "%+.2f MB/min over %d samples at t ≥ %.0f s%s", slope.mbPerMinute,
                    slope.samples, slope.fromSeconds, slope.fromSeconds < SLOPE_FROM_SECONDS
                            ? " (run too short for the after-the-first-minute window; all samples after the first used)" : ""));
        }
        row(out, "records produced (acknowledged by the broker)", String.format(Locale.ROOT, "%,d (%,.0f records/s)",
                produced, outageSeconds > 0 ? produced / outageSeconds : 0));
        row(out, "producer send errors", Long.toString(producerErrors));
        row(out, "every task RUNNING at every sample", samples.stream().allMatch(Sample::allRunning) ? "yes" : "**no**");
    }

    record Slope(double mbPerMinute, int samples, double fromSeconds) {
    }

    /**
     * Least squares slope of heap after GC over time, in MB per minute, over the samples at
     * {@value #SLOPE_FROM_SECONDS} s or later; over all samples after the first when fewer than two
     * are that late (a short run); null with fewer than two samples.
     */
    Slope slope() {
        List<Sample> late = samples.stream().filter(s -> s.seconds() >= SLOPE_FROM_SECONDS).toList();
        double from = SLOPE_FROM_SECONDS;
        if (late.size() < 2) {
            late = samples.size() < 3 ? samples : samples.subList(1, samples.size());
            from = late.isEmpty() ? 0 : late.get(0).seconds();
        }
        if (late.size() < 2) {
            return null;
        }
        double n = late.size();
        double sx = 0;
        double sy = 0;
        for (Sample s : late) {
            sx += s.seconds() / 60.0;
            sy += s.heapAfterGcMb();
        }
        double mx = sx / n;
        double my = sy / n;
        double sxy = 0;
        double sxx = 0;
        for (Sample s : late) {
            double dx = s.seconds() / 60.0 - mx;
            sxy += dx * (s.heapAfterGcMb() - my);
            sxx += dx * dx;
        }
        return sxx == 0 ? null : new Slope(sxy / sxx, late.size(), from);
    }

    private static void row(PrintStream out, String name, String value) {
        out.println("| " + name + " | " + value + " |");
    }
}
