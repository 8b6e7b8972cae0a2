package io.plotstream.server.plot;

import io.plotstream.server.log.LogHealth;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.RecoveryReport;

import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

/** A restarted server's view of an {@link InMemoryOperationLog}: replays its records, appends nowhere (so the original stays as it was). */
final class InMemoryOperationLogView implements OperationLog {
    private final InMemoryOperationLog log;

    InMemoryOperationLogView(InMemoryOperationLog log) {
        this.log = log;
    }

    @Override
    public CompletableFuture<Long> append(String plotId, byte[] record) {
        return CompletableFuture.completedFuture(Long.MAX_VALUE);
    }

    @Override
    public RecoveryReport recover(ToLongFunction<String> checkpointOf, RecordConsumer consumer) {
        return log.recover(checkpointOf, consumer);
    }

    @Override
    public void checkpointed(String plotId, long position) {
    }

    @Override
    public void forget(String plotId) {
    }

    @Override
    public LogHealth health() {
        return log.health();
    }

    @Override
    public void close() {
    }
}
