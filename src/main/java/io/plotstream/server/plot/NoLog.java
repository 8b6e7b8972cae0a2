package io.plotstream.server.plot;

import io.plotstream.server.log.LogHealth;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.RecoveryReport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * A log that keeps nothing: every append "completes" at once. For stores that live in memory only
 * (unit tests, benchmarks of the model) and the server's {@code --log none} (measuring the log's
 * cost). A server on it loses what arrived since the last checkpoint on a crash, as before the log.
 */
public final class NoLog implements OperationLog {

    private final AtomicLong positions = new AtomicLong();
    private final AtomicLong appends = new AtomicLong();

    @Override
    public CompletableFuture<Long> append(String plotId, byte[] record) {
        appends.incrementAndGet();
        return CompletableFuture.completedFuture(positions.incrementAndGet());
    }

    @Override
    public RecoveryReport recover(ToLongFunction<String> checkpointOf, RecordConsumer consumer) {
        return new RecoveryReport(0, 0, 0, "");
    }

    @Override
    public void checkpointed(String plotId, long position) {
    }

    @Override
    public void forget(String plotId) {
    }

    @Override
    public LogHealth health() {
        return new LogHealth(true, "", 0, 0, appends.get(), 0, 0);
    }

    @Override
    public void close() {
    }
}
