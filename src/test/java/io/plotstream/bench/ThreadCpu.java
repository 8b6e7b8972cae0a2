package io.plotstream.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time per thread of this JVM over the measured window, to tell which side (ingest, the fan-out
 * tick, Jetty's WebSocket writes, or the harness's own viewers) was the bottleneck. Threads of a
 * pool are summed under their name without the trailing number.
 */
final class ThreadCpu {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> start = Map.of();
    private Map<Long, String> names = new HashMap<>();

    void begin() {
        start = sample();
    }

    /** Top groups by CPU milliseconds since {@link #begin}, as "name: ms" strings. */
    List<String> top(int count) {
        Map<Long, Long> end = sample();
        Map<String, Long> byGroup = new HashMap<>();
        for (Map.Entry<Long, Long> e : end.entrySet()) {
            long used = e.getValue() - start.getOrDefault(e.getKey(), 0L);
            String group = names.getOrDefault(e.getKey(), "?").replaceAll("-?\\d+$", "-*");
            byGroup.merge(group, used, Long::sum);
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(byGroup.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(count, sorted.size()))) {
            out.add(String.format(Locale.ROOT, "%s: %,d ms", e.getKey(), e.getValue() / 1_000_000));
        }
        return out;
    }

    private Map<Long, Long> sample() {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadId(), nanos);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return cpu;
    }
}
