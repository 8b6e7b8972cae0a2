package io.plotstream.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Samples the stack of the threads whose name starts with a prefix, in this JVM only, every few
 * milliseconds: where the fan-out thread spends its wall time (running, or waiting for a lock)
 * when frames come out slower than its tick rate. Bounded: one daemon thread, a map of at most
 * {@value #MAX_KEYS} distinct stack tops.
 */
final class StackSampler implements Runnable {
    private static final int MAX_KEYS = 200;
    private final String prefix;
    private final Map<String, Integer> counts = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private int samples;
    private List<Thread> targets;

    StackSampler(String prefix) {
        this.prefix = prefix;
        this.thread = new Thread(this, "stack-sampler");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        while (running) {
            for (Thread t : targets()) {
                record(t.getState(), t.getStackTrace()); // one thread's stack, not the whole JVM's
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<Thread> targets() {
        if (targets == null) {
            targets = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith(prefix)) {
                    targets.add(t);
                }
            }
        }
        return targets;
    }

    private synchronized void record(Thread.State state, StackTraceElement[] stack) {
        StringBuilder key = new StringBuilder(state.name());
        int shown = 0;
        for (StackTraceElement frame : stack) {
            if (shown == 0 || frame.getClassName().startsWith("io.plotstream")) {
                key.append(" < ").append(frame.getClassName().replaceAll(".*\\.", "")).append('.')
                        .append(frame.getMethodName());
                if (++shown == 3) {
                    break;
                }
            }
        }
        samples++;
        if (counts.size() < MAX_KEYS || counts.containsKey(key.toString())) {
            counts.merge(key.toString(), 1, Integer::sum);
        }
    }

    synchronized List<String> stop(int top) {
        running = false;
        thread.interrupt();
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : sorted.subList(0, Math.min(top, sorted.size()))) {
            out.add(String.format(Locale.ROOT, "%4.1f%% %s", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
        }
        return out;
    }
}
