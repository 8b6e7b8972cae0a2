package io.plotstream.server.log.redis;

import io.plotstream.server.log.OperationLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A consumer (recovery or follow) that keeps what it was handed, per plot, in order; thread-safe. */
final class Recorded implements OperationLog.RecordConsumer {
    private final Map<String, List<String>> byPlot = new LinkedHashMap<>();
    private final Map<String, List<Long>> positions = new LinkedHashMap<>();
    private long count;

    @Override
    public synchronized void accept(String plotId, long position, byte[] record) {
        byPlot.computeIfAbsent(plotId, p -> new ArrayList<>()).add(new String(record, StandardCharsets.UTF_8));
        positions.computeIfAbsent(plotId, p -> new ArrayList<>()).add(position);
        count++;
    }

    synchronized List<String> of(String plotId) {
        return List.copyOf(byPlot.getOrDefault(plotId, List.of()));
    }

    synchronized List<Long> positionsOf(String plotId) {
        return List.copyOf(positions.getOrDefault(plotId, List.of()));
    }

    synchronized long count() {
        return count;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
