package io.plotstream.server.web;

import java.util.Arrays;
import java.util.Locale;

/**
 * The reduction's cost beside the whole snapshot's encoding, measured INTERLEAVED (each round runs
 * every operation once, in turn) so that the shared machine's load hits all of them alike; prints
 * the median and the minimum per operation and the ratios of the medians, as Markdown rows.
 * Run: {@code mvn -B -o -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.plotstream.server.web.PixelReductionHarness -Dexec.args="400"} (rounds).
 */
public final class PixelReductionHarness {

    private PixelReductionHarness() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        System.out.println("load average before: " + loadAverage());
        for (String x : new String[] {"numbers", "dates"}) {
            PixelReductionBenchmark bench = new PixelReductionBenchmark();
            bench.x = x;
            bench.setUp();
            long[][] nanos = new long[3][rounds];
            int sink = 0;
            for (int warm = 0; warm < 200; warm++) {
                sink += bench.reduce().indices()[0].length + bench.encodeWhole().length() + bench.reduceAndEncode().length();
            }
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                sink += bench.encodeWhole().length();
                long t1 = System.nanoTime();
                sink += bench.reduce().indices()[0].length;
                long t2 = System.nanoTime();
                sink += bench.reduceAndEncode().length();
                long t3 = System.nanoTime();
                nanos[0][r] = t1 - t0;
                nanos[1][r] = t2 - t1;
                nanos[2][r] = t3 - t2;
            }
            int whole = bench.encodeWhole().length();
            int reduced = bench.reduceAndEncode().length();
            int kept = bench.reduce().indices()[0].length;
            double wholeMedian = median(nanos[0]);
            System.out.printf(Locale.ROOT, "| %s x | encode whole (before) | %.0f µs | %.0f µs | 1.00 | %d bytes |%n",
                    x, wholeMedian / 1e3, min(nanos[0]) / 1e3, whole);
            System.out.printf(Locale.ROOT, "| %s x | reduce to 416 columns | %.0f µs | %.0f µs | %.2f | %d of 10,000 points kept |%n",
                    x, median(nanos[1]) / 1e3, min(nanos[1]) / 1e3, median(nanos[1]) / wholeMedian, kept);
            System.out.printf(Locale.ROOT, "| %s x | reduce + encode (after) | %.0f µs | %.0f µs | %.2f | %d bytes (%.1f %%) |%n",
                    x, median(nanos[2]) / 1e3, min(nanos[2]) / 1e3, median(nanos[2]) / wholeMedian, reduced,
                    100.0 * reduced / whole);
            if (sink == 42) {
                System.out.println(); // keeps the results alive
            }
        }
        System.out.println("load average after: " + loadAverage());
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .trim().split("\\s+"), 3));
        } catch (java.io.IOException e) {
            return "n/a";
        }
    }
}
