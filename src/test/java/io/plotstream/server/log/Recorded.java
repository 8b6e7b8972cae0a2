package io.plotstream.server.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A consumer of an {@link OperationLog}'s records (a recovery's replay or a tail's follow) that keeps
 * what it was handed, per plot, in order, with the positions. Thread-safe: a follow hands records over
 * on the engine's thread while the test reads them, so readers get copies.
 */
public final class Recorded implements OperationLog.RecordConsumer {
    private final Map<String, List<String>> byPlot = new LinkedHashMap<>();
    private final Map<String, List<Long>> positions = new LinkedHashMap<>();
    private long count;

    @Override
    public synchronized void accept(String plotId, long position, byte[] record) {
        byPlot.computeIfAbsent(plotId, p -> new ArrayList<>()).add(new String(record, StandardCharsets.UTF_8));
        positions.computeIfAbsent(plotId, p -> new ArrayList<>()).add(position);
        count++;
    }

    /** The plot's records as text, in the order handed over (empty if none). */
    public synchronized List<String> of(String plotId) {
        return List.copyOf(byPlot.getOrDefault(plotId, List.of()));
    }

    /** The positions of {@link #of}'s records, in the same order. */
    public synchronized List<Long> positionsOf(String plotId) {
        return List.copyOf(positions.getOrDefault(plotId, List.of()));
    }

    /** All records handed over, every plot. */
    public synchronized long count() {
        return count;
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
