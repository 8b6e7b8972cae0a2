package io.plotstream.server.plot;

import io.plotstream.server.log.LogHealth;
import io.plotstream.server.log.LogUnavailableException;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.RecoveryReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

/**
 * A test double of the engine: records kept in memory per plot, appends complete at once (or fail
 * while {@link #failing} is set). Unit tests of the model only; integration tests use SegmentLog.
 */
public final class InMemoryOperationLog implements OperationLog {

    /** One stored record. */
    public record Entry(long position, byte[] record) {
    }

    private final Map<String, List<Entry>> records = new LinkedHashMap<>();
    private final Map<String, Long> checkpoints = new LinkedHashMap<>();
    private long nextPosition;
    private long appends;
    private long failures;
    public volatile boolean failing;

    @Override
    public synchronized CompletableFuture<Long> append(String plotId, byte[] record) {
        if (failing) {
            failures++;
            return CompletableFuture.failedFuture(new LogUnavailableException("test: disk full", null));
        }
        long position = nextPosition++;
        records.computeIfAbsent(plotId, id -> new ArrayList<>()).add(new Entry(position, record.clone()));
        appends++;
        return CompletableFuture.completedFuture(position);
    }

    @Override
    public synchronized RecoveryReport recover(ToLongFunction<String> checkpointOf, RecordConsumer consumer) {
        long replayed = 0;
        int plots = 0;
        for (Map.Entry<String, List<Entry>> plot : records.entrySet()) {
            long after = checkpointOf.applyAsLong(plot.getKey());
            boolean any = false;
            for (Entry entry : plot.getValue()) {
                if (entry.position() > after) {
                    consumer.accept(plot.getKey(), entry.position(), entry.record());
                    replayed++;
                    any = true;
                }
            }
            plots += any ? 1 : 0;
        }
        return new RecoveryReport(replayed, plots, 0, "");
    }

    @Override
    public synchronized void checkpointed(String plotId, long position) {
        checkpoints.put(plotId, position);
        List<Entry> list = records.get(plotId);
        if (list != null) {
            list.removeIf(entry -> entry.position() <= position);
        }
    }

    @Override
    public synchronized void forget(String plotId) {
        records.remove(plotId);
        checkpoints.remove(plotId);
    }

    public synchronized List<Entry> records(String plotId) {
        return List.copyOf(records.getOrDefault(plotId, List.of()));
    }

    public synchronized Long checkpoint(String plotId) {
        return checkpoints.get(plotId);
    }

    @Override
    public synchronized LogHealth health() {
        return new LogHealth(!failing, failing ? "test: disk full" : "", 0, 0, appends, appends, failures);
    }

    @Override
    public void close() {
    }
}
