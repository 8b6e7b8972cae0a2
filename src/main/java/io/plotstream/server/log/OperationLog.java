package io.plotstream.server.log;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

/**
 * Where the plots' operations are stored: the seam between the plot model and its storage engine.
 * The model encodes each change of a plot (points appended, a list overwrite, a layout write, a
 * definition created, replaced or deleted, a trim by age) as an opaque record, appends it here
 * before applying it, and treats a line as acknowledged only once the append's future completed.
 * The model is a deterministic function of a plot's checkpoint plus the records after it.
 *
 * <p>Engines: the embedded one ({@code SegmentLog}: segment files in the data directory, one log
 * for all plots, group commit) and, later, one on Redis (a stream per plot, read by every node).
 * So the contract speaks of plots and per-plot order only: records of one plot are replayed in the
 * order their appends were issued; nothing is promised across plots.
 *
 * <p>Positions are longs that grow with every append of a plot; {@link #NONE} precedes every one.
 * They need not be consecutive (the embedded engine uses one sequence for all plots and skips ahead
 * at each start). Thread-safe: appends come from many ingest threads at once.
 *
 * <p>Lifecycle: {@link #recover} exactly once, also on an empty log, before the first append (an
 * append before it throws {@link IllegalStateException}); then appends, checkpoints; then close.
 */
public interface OperationLog extends AutoCloseable {

    /** The position before every record: a plot with no checkpoint has covered {@code NONE}. */
    long NONE = -1;

    /**
     * Appends one record of {@code plotId}. The returned future completes with the record's position
     * once the record is durable (for the embedded engine: forced to disk, in a group commit with
     * whatever else was appended meanwhile), or exceptionally with {@link LogUnavailableException}
     * when it cannot be made durable (disk full, an I/O error, the engine closed). The record's place
     * in its plot's order is fixed when this method returns, so a caller that appends and applies
     * under the plot's lock applies in log order.
     *
     * <p>The future may complete on the engine's own thread (the embedded engine's committer): keep
     * dependent actions short, or use the {@code ...Async} variants. Refusals (full, disk trouble,
     * closed, no room among pending records in time) come as a failed future, never as a thrown
     * exception; a bad argument (an empty plot id, a record over the engine's maximum, 16 MiB for the
     * embedded engine) throws {@link IllegalArgumentException}.
     */
    CompletableFuture<Long> append(String plotId, byte[] record);

    /**
     * Replays every intact record whose position is after its plot's checkpoint
     * ({@code checkpointOf.applyAsLong(plotId)}, {@link #NONE} for none), in per-plot order, once at
     * start before the first append. Stops at a torn or corrupt tail, keeps what precedes it, and
     * says what it dropped in the report (and the server's log).
     */
    RecoveryReport recover(ToLongFunction<String> checkpointOf, RecordConsumer consumer) throws IOException;

    /**
     * A checkpoint of {@code plotId} that covers every record up to and including {@code position}
     * is durable: the engine may drop those records. A deleted plot's final checkpoint is
     * {@link #forget}.
     *
     * <p>Write-ahead rule: a checkpoint may cover only positions whose appends have completed, so
     * make the checkpoint durable (and call this) after the futures of every record it covers
     * completed. A checkpoint written earlier could, after a crash, cover a record the log never held.
     */
    void checkpointed(String plotId, long position);

    /** The plot was deleted and its deletion checkpointed: none of its records is needed any more. */
    void forget(String plotId);

    /** Healthy, or why appends fail now (e.g. "disk full: 0 bytes free in /data"); for /metrics, /healthz and logs. */
    LogHealth health();

    /** Stops accepting appends, completes or fails every pending one, and releases files. */
    @Override
    void close();

    /** Receives replayed records. */
    @FunctionalInterface
    interface RecordConsumer {
        void accept(String plotId, long position, byte[] record);
    }
}
