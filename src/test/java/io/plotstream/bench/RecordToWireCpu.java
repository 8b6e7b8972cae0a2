package io.plotstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time per point of {@link RecordToWireBenchmark#recordsToChunk} (map, check, encode), measured
 * with the thread's CPU clock instead of the wall clock. On a machine shared with other builds
 * (load 20-40 on 2 cores during issue 15) JMH's throughput swings by 10x from run to run, while the
 * CPU time a thread spends per point moves much less: a thread that waits for a core is not charged.
 * Run it against two builds of the connector classes, alternating, to compare them (docs/BENCHMARKS.md).
 *
 * <p>Arguments: shape (struct, map, jsonBytes), warm-up seconds, measured seconds. Prints one line:
 * {@code CPU shape=.. ns_per_point=.. points=..}.
 */
public final class RecordToWireCpu {
    private RecordToWireCpu() {
    }

    public static void main(String[] args) throws Exception {
        String shape = args.length > 0 ? args[0] : "jsonBytes";
        long warmupNanos = (args.length > 1 ? Long.parseLong(args[1]) : 5) * 1_000_000_000L;
        long measureNanos = (args.length > 2 ? Long.parseLong(args[2]) : 5) * 1_000_000_000L;
        RecordToWireBenchmark bench = new RecordToWireBenchmark();
        bench.shape = shape;
        bench.setUp();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long sink = 0;
        long start = cpu.getCurrentThreadCpuTime();
        while (cpu.getCurrentThreadCpuTime() - start < warmupNanos) {
            for (int i = 0; i < 100; i++) {
                sink += bench.recordsToChunk();
            }
        }
        long points = 0;
        start = cpu.getCurrentThreadCpuTime();
        long used;
        do {
            for (int i = 0; i < 100; i++) {
                sink += bench.recordsToChunk();
            }
            points += 100L * RecordToWireBenchmark.POINTS;
            used = cpu.getCurrentThreadCpuTime() - start;
        } while (used < measureNanos);
        System.out.printf("%nCPU shape=%s ns_per_point=%.1f points=%d (checksum %d)%n", shape, used / (double) points, points, sink);
    }
}
