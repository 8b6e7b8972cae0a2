package io.plotstream.server.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A recovery consumer that keeps what it was handed, per plot, in order. */
final class Replayed implements OperationLog.RecordConsumer {
    final Map<String, List<String>> byPlot = new LinkedHashMap<>();
    final Map<String, List<Long>> positions = new LinkedHashMap<>();
    long count;

    @Override
    public void accept(String plotId, long position, byte[] record) {
        byPlot.computeIfAbsent(plotId, p -> new ArrayList<>()).add(new String(record, StandardCharsets.UTF_8));
        positions.computeIfAbsent(plotId, p -> new ArrayList<>()).add(position);
        count++;
    }

    List<String> of(String plotId) {
        return byPlot.getOrDefault(plotId, List.of());
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
