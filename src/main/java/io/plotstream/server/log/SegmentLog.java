package io.plotstream.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded engine: one log for all plots in {@code <dataDir>/log/}, as append-only segment files
 * ({@code 00000000000000000000.seg}, named by the position they start at) of {@link RecordFormat}
 * records, each checksummed. Positions are one global sequence, so they grow with every append of
 * every plot.
 *
 * <p>Lifecycle: {@link #open}, then {@link #recover} exactly once (it replays, cuts a torn tail and
 * starts the committer), then appends from any number of threads, {@link #checkpointed} and
 * {@link #forget} as the model's checkpoints become durable, and {@link #close}.
 *
 * <p>Durability: one committer thread ({@link Committer}) writes and forces in group commits; a
 * future completes only after the force that covers its record, and on the committer thread (keep
 * callbacks short or use the async variants). Failures: {@link #append} returns a future that failed
 * with {@link LogUnavailableException} when the log is full ({@code limitBytes}), in disk trouble
 * (until the committer healed it), closed, or still without room among the pending records after
 * {@code appendTimeout} (appends block that long: backpressure); it throws only for bad arguments.
 *
 * <p>Positions after a restart continue from beyond the last record found plus {@link #RESTART_GAP},
 * so a position handed out before a crash but never made durable is never handed out again: a
 * checkpoint that (against the rule) covered such a position cannot hide a new record.
 */
public final class SegmentLog implements OperationLog {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);
    /** Positions skipped at each start: more than a run can hand out without making them durable. */
    public static final long RESTART_GAP = 1L << 32;

    private final Path dir;
    private final SegmentLogOptions options;
    private final Retention retention = new Retention();
    private final AtomicLong diskBytes = new AtomicLong();
    private final LongAdder appends = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final AppendQueue queue;
    private volatile String full;
    private Thread committer;
    private boolean recovered;

    private SegmentLog(Path dir, SegmentLogOptions options) {
        this.dir = dir;
        this.options = options;
        this.queue = new AppendQueue(options.maxPendingBytes(), options.appendTimeout().toNanos(), this::refuseWhenFull);
    }

    /** Opens (creating it if absent) the log in {@code <dataDir>/log/}; call {@link #recover} next. */
    public static SegmentLog open(Path dataDir, SegmentLogOptions options) throws IOException {
        Path dir = dataDir.resolve("log");
        Files.createDirectories(dir);
        return new SegmentLog(dir, options);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public synchronized RecoveryReport recover(ToLongFunction<String> checkpointOf, RecordConsumer consumer)
            throws IOException {
        if (recovered) {
            throw new IllegalStateException("the operation log in " + dir + " was already recovered");
        }
        if (queue.isClosed()) {
            throw new IllegalStateException("the operation log in " + dir + " is closed");
        }
        LogRecovery.Result found = new LogRecovery().run(dir, checkpointOf, consumer);
        found.checkpoints.forEach(retention::coveredAtStart);
        List<Retention.Sealed> deletable = new ArrayList<>();
        long bytes = 0;
        int last = found.segments.size() - 1;
        for (int i = 0; i <= last; i++) {
            bytes += found.sizes.get(i);
            Map<String, Long> plots = found.plots.get(i);
            retention.written(plots, plots.values().stream().mapToLong(Long::longValue).max().orElse(NONE));
            if (i < last) {
                deletable.addAll(retention.seal(found.segments.get(i), found.sizes.get(i)));
            }
        }
        diskBytes.set(bytes);
        long next = found.segments.isEmpty() && found.highestBase == NONE ? 0
                : Math.max(found.lastPosition + 1, found.highestBase) + RESTART_GAP;
        Path active;
        long activeSize;
        if (last >= 0) {
            active = found.segments.get(last);
            activeSize = found.sizes.get(last);
        } else {
            active = dir.resolve(SegmentFiles.name(next));
            activeSize = 0;
        }
        FileChannel channel = options.channels().open(active);
        channel.position(activeSize);
        SegmentFiles.forceDirectory(dir);
        delete(deletable);
        Committer writer = new Committer(dir, options, queue, retention, diskBytes, appends, commits, failures,
                this::delete, active, channel, activeSize);
        committer = new Thread(writer, "operation-log-committer");
        committer.setDaemon(true);
        queue.start(next);
        recovered = true;
        committer.start();
        RecoveryReport report = found.report;
        LOG.info("Operation log in {}: replayed {} records of {} plots from {} segment(s), {} bytes{}", dir,
                report.records(), report.plots(), found.segments.size(), bytes,
                report.droppedBytes() > 0 ? "; dropped " + report.droppedBytes() + " bytes of a torn tail" : "");
        return report;
    }

    @Override
    public CompletableFuture<Long> append(String plotId, byte[] record) {
        Objects.requireNonNull(plotId, "plotId");
        Objects.requireNonNull(record, "record");
        byte[] id = plotId.getBytes(StandardCharsets.UTF_8);
        if (id.length == 0 || id.length > RecordFormat.MAX_ID_BYTES) {
            throw new IllegalArgumentException("plot id of " + id.length + " bytes: the operation log takes 1 to "
                    + RecordFormat.MAX_ID_BYTES);
        }
        if (record.length > RecordFormat.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("record of plot " + plotId + " is " + record.length
                    + " bytes; the operation log takes at most " + RecordFormat.MAX_PAYLOAD_BYTES);
        }
        Object accepted = queue.offer(plotId, id, record);
        if (accepted instanceof AppendQueue.Pending) {
            return ((AppendQueue.Pending) accepted).future;
        }
        failures.increment();
        return CompletableFuture.failedFuture(new LogUnavailableException((String) accepted, null));
    }

    /** Under the queue's lock: whether the directory has room for {@code size} more bytes. */
    private String refuseWhenFull(long pendingBytes, int size) {
        long used = diskBytes.get() + pendingBytes;
        if (used + size > options.limitBytes()) {
            String problem = "log full: " + used + " bytes of " + options.limitBytes() + " limit in " + dir
                    + "; checkpoints not keeping up";
            if (full == null) {
                LOG.error("Operation {}: appends fail until checkpoints free segments", problem);
            }
            full = problem;
            return problem;
        }
        full = null;
        return null;
    }

    @Override
    public void checkpointed(String plotId, long position) {
        Objects.requireNonNull(plotId, "plotId");
        if (position < NONE) {
            throw new IllegalArgumentException("checkpoint position of plot " + plotId + " is " + position);
        }
        delete(retention.checkpointed(plotId, position));
    }

    @Override
    public void forget(String plotId) {
        Objects.requireNonNull(plotId, "plotId");
        delete(retention.checkpointed(plotId, queue.issuedHigh()));
    }

    private void delete(List<Retention.Sealed> segments) {
        if (!segments.isEmpty() && full != null) {
            full = null; // room again, or the next append says otherwise
            LOG.info("Operation log in {}: checkpoints freed {} segment(s), appends accepted again", dir,
                    segments.size());
        }
        for (Retention.Sealed segment : segments) {
            try {
                Files.deleteIfExists(segment.path);
                diskBytes.addAndGet(-segment.bytes);
                LOG.debug("Operation log: deleted {} ({} bytes), every record in it is checkpointed",
                        segment.path.getFileName(), segment.bytes);
            } catch (IOException e) {
                LOG.warn("Operation log: could not delete checkpointed segment {}: {}", segment.path, e.toString());
            }
        }
    }

    @Override
    public LogHealth health() {
        String trouble = queue.refusal();
        String fullNow = full;
        boolean closed = queue.isClosed();
        String problem = trouble != null ? trouble : fullNow != null ? fullNow : closed ? "operation log closed" : "";
        return new LogHealth(problem.isEmpty(), problem, diskBytes.get(), options.limitBytes(), appends.sum(),
                commits.sum(), failures.sum());
    }

    @Override
    public void close() {
        queue.close();
        Thread writer;
        synchronized (this) {
            writer = committer;
        }
        if (writer != null && writer != Thread.currentThread()) {
            boolean interrupted = false;
            while (writer.isAlive()) {
                try {
                    writer.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Segment files now in the directory (for tests and tools). */
    List<Path> segments() throws IOException {
        return SegmentFiles.list(dir);
    }
}
