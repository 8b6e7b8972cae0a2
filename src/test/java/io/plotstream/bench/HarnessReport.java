package io.plotstream.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The numbers of one harness run, printed as Markdown tables ready for docs/BENCHMARKS.md. */
final class HarnessReport {

    private final FanOutLatencyHarness.HarnessOptions options;
    private final double seconds;
    private final long linesSent;
    private final long serverLines;
    private final List<LatencyViewer> viewers;
    private final List<String> writerEnds;
    private final String loadAfter;
    private final List<String> cpuByThread;
    private final java.util.Map<String, Long> counters;

    HarnessReport(FanOutLatencyHarness.HarnessOptions options, double seconds, long linesSent, long serverLines,
                  List<LatencyViewer> viewers, List<String> writerEnds, String loadAfter, List<String> cpuByThread,
                  java.util.Map<String, Long> counters) {
        this.counters = counters;
        this.cpuByThread = cpuByThread;
        this.options = options;
        this.seconds = seconds;
        this.linesSent = linesSent;
        this.serverLines = serverLines;
        this.viewers = viewers;
        this.writerEnds = writerEnds;
        this.loadAfter = loadAfter;
    }

    void print(PrintStream out, String machine) {
        long frames = 0;
        long snapshots = 0;
        long empty = 0;
        long points = 0;
        long lost = 0;
        double minFps = Double.MAX_VALUE;
        double maxFps = 0;
        int withErrors = 0;
        long[] oldest = new long[0];
        long[] newest = new long[0];
        for (LatencyViewer viewer : viewers) {
            frames += viewer.frames();
            snapshots += viewer.snapshots();
            empty += viewer.emptyFrames();
            points += viewer.points();
            lost += viewer.samplesLost();
            double fps = viewer.frames() / seconds;
            minFps = Math.min(minFps, fps);
            maxFps = Math.max(maxFps, fps);
            if (viewer.error() != null) {
                withErrors++;
                out.println("viewer error: " + viewer.error());
            }
            oldest = concat(oldest, viewer.oldestDelays());
            newest = concat(newest, viewer.newestDelays());
        }
        Arrays.sort(oldest);
        Arrays.sort(newest);
        out.println();
        out.println("### Fan-out: " + options);
        out.println();
        out.println("Machine: " + machine + "; load average after the run " + loadAfter + ".");
        out.println();
        out.println("| measure | value |");
        out.println("|---|---|");
        row(out, "measured", String.format(Locale.ROOT, "%.1f s", seconds));
        row(out, "ingest lines/s (written by the 10 streams)", rate(linesSent));
        row(out, "ingest lines/s (counted by the server)", rate(serverLines));
        row(out, "points/s delivered to viewers (new points, all viewers)", rate(points));
        row(out, "points/s delivered per viewer (mean)", rate(points / (double) viewers.size()));
        row(out, "frames/s per viewer (mean / min / max)", String.format(Locale.ROOT, "%.1f / %.1f / %.1f",
                frames / seconds / viewers.size(), minFps, maxFps));
        row(out, "frames/s total", rate(frames));
        row(out, "server: frames queued to viewers /s", counter(ViewerCounters.SENT));
        row(out, "server: pushes skipped, viewer queue full /s", counter(ViewerCounters.DROPPED));
        row(out, "snapshot frames (of all frames)", String.format(Locale.ROOT, "%d (%.1f %%)", snapshots,
                frames == 0 ? 0 : 100.0 * snapshots / frames));
        row(out, "frames with no new point", Long.toString(empty));
        row(out, "viewers with errors", Integer.toString(withErrors));
        out.println();
        out.println("| delay ingest write → viewer receipt (ms) | p50 | p90 | p99 | p99.9 | max | frames |");
        out.println("|---|---|---|---|---|---|---|");
        delays(out, "oldest new point of a frame", oldest);
        delays(out, "newest point of a frame", newest);
        if (lost > 0) {
            out.println();
            out.println("(" + lost + " frames beyond the sample bound were counted but not kept)");
        }
        out.println();
        out.println("Per plot (first viewer of each): frames/s, new points/s, p99 oldest-point delay ms");
        java.util.Map<String, LatencyViewer> firstOfPlot = new java.util.TreeMap<>();
        for (LatencyViewer viewer : viewers) {
            firstOfPlot.putIfAbsent(viewer.plotId(), viewer);
        }
        StringBuilder perPlot = new StringBuilder();
        for (LatencyViewer viewer : firstOfPlot.values()) {
            long[] sorted = viewer.oldestDelays();
            Arrays.sort(sorted);
            perPlot.append(String.format(Locale.ROOT, "%s: %.1f f/s, %s pts/s, p99 %s; ", viewer.plotId(),
                    viewer.frames() / seconds, rate(viewer.points()),
                    sorted.length == 0 ? "-" : String.format(Locale.ROOT, "%.1f", ms(percentile(sorted, 99)))));
        }
        out.println(perPlot);
        out.println();
        out.println("CPU in the measured window by thread group: " + String.join(", ", cpuByThread));
        out.println();
        out.println("Streams ended with: " + String.join("; ", writerEnds));
    }

    private String counter(String name) {
        Long value = counters.get(name);
        return value == null ? "n/a (GET /metrics not answered)" : rate(value);
    }

    private static void row(PrintStream out, String name, String value) {
        out.println("| " + name + " | " + value + " |");
    }

    private String rate(double count) {
        return String.format(Locale.ROOT, "%,.0f", count / seconds);
    }

    private static void delays(PrintStream out, String name, long[] sorted) {
        if (sorted.length == 0) {
            out.println("| " + name + " | - | - | - | - | - | 0 |");
            return;
        }
        out.println(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %d |", name,
                ms(percentile(sorted, 50)), ms(percentile(sorted, 90)), ms(percentile(sorted, 99)),
                ms(percentile(sorted, 99.9)), ms(sorted[sorted.length - 1]), sorted.length));
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
