package io.plotstream.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes the log: it owns the active segment's channel. Group commit: it takes
 * everything queued, writes it, forces once ({@code force(false)}: the data and the file length) and
 * completes the batch's futures; appends arriving meanwhile form the next batch. Idle, it starts a
 * commit the moment a record arrives, so the latency is one write plus one force.
 *
 * <p>A failed write or force fails the whole batch and everything queued (nothing is acknowledged
 * that was not forced), refuses appends, logs one ERROR for the episode and retries every
 * {@code retryInterval}: since the bytes after the last successful force are in an unknown state, it
 * truncates the segment back to that offset (reopening the file if needed) and forces; only then are
 * appends accepted again (INFO). The last known-forced offset is the only tail the engine trusts.
 */
final class Committer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
    private static final int BUFFER_BYTES = 256 * 1024;

    private final Path dir;
    private final SegmentLogOptions options;
    private final AppendQueue queue;
    private final Retention retention;
    private final AtomicLong diskBytes;
    private final LongAdder appends;
    private final LongAdder commits;
    private final LongAdder failures;
    private final Consumer<List<Retention.Sealed>> deleter;
    private final RecordFormat format = new RecordFormat();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final Map<String, Long> batchPlots = new HashMap<>();
    private long batchHigh = OperationLog.NONE;

    private Path activePath;
    private FileChannel channel;
    /** Bytes written to the active segment, and the prefix of them known to be on disk. */
    private long size;
    private long forced;
    /** Between a failure and the next successful commit: one ERROR and one INFO per episode, not per append. */
    private boolean episode;
    private long episodeStart;
    private boolean healLogged;

    Committer(Path dir, SegmentLogOptions options, AppendQueue queue, Retention retention, AtomicLong diskBytes,
              LongAdder appends, LongAdder commits, LongAdder failures, Consumer<List<Retention.Sealed>> deleter,
              Path activePath, FileChannel channel, long size) {
        this.dir = dir;
        this.options = options;
        this.queue = queue;
        this.retention = retention;
        this.diskBytes = diskBytes;
        this.appends = appends;
        this.commits = commits;
        this.failures = failures;
        this.deleter = deleter;
        this.activePath = activePath;
        this.channel = channel;
        this.size = size;
        this.forced = size;
    }

    @Override
    public void run() {
        try {
            while (true) {
                List<AppendQueue.Pending> batch = queue.take();
                if (batch.isEmpty()) {
                    return; // closed and drained
                }
                long bytes = 0;
                for (AppendQueue.Pending p : batch) {
                    bytes += p.size;
                }
                Exception failure = null;
                try {
                    commit(batch);
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
                queue.finished(bytes);
                if (failure == null) {
                    if (episode) {
                        episode = false;
                        LOG.info("Operation log in {} commits again, {} ms after the disk trouble began", dir,
                                (System.nanoTime() - episodeStart) / 1_000_000);
                    }
                    appends.add(batch.size());
                    for (AppendQueue.Pending p : batch) {
                        p.future.complete(p.position);
                    }
                } else {
                    troubled(batch, failure);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            LOG.error("Operation log committer in {} stopped unexpectedly", dir, t);
            queue.refuse("operation log committer stopped: " + t);
            throw t;
        } finally {
            closeChannel();
        }
    }

    private void commit(List<AppendQueue.Pending> batch) throws IOException {
        for (AppendQueue.Pending p : batch) {
            if (size > 0 && size + p.size > options.segmentBytes()) {
                roll(p.position);
            }
            if (buffer.remaining() < RecordFormat.HEADER_BYTES + p.id.length) {
                flush();
            }
            format.putHeaderAndId(buffer, p.position, p.id, p.payload);
            if (buffer.remaining() >= p.payload.length) {
                buffer.put(p.payload);
            } else {
                flush();
                writeFully(ByteBuffer.wrap(p.payload));
            }
            size += p.size;
            diskBytes.addAndGet(p.size);
            batchPlots.put(p.plotId, p.position);
            batchHigh = p.position;
        }
        flush();
        force();
    }

    private void force() throws IOException {
        channel.force(false);
        commits.increment();
        forced = size;
        retention.written(batchPlots, batchHigh);
        batchPlots.clear();
    }

    /** Seals the active segment (forced first) and starts {@code <nextPosition>.seg}. */
    private void roll(long nextPosition) throws IOException {
        flush();
        force();
        Path next = dir.resolve(SegmentFiles.name(nextPosition));
        FileChannel opened = options.channels().open(next);
        try {
            SegmentFiles.forceDirectory(dir);
            opened.position(opened.size());
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened);
            Files.deleteIfExists(next);
            throw e;
        }
        closeQuietly(channel);
        List<Retention.Sealed> deletable = retention.seal(activePath, size);
        activePath = next;
        channel = opened;
        size = opened.position();
        forced = size;
        diskBytes.addAndGet(size);
        deleter.accept(deletable);
    }

    private void flush() throws IOException {
        buffer.flip();
        try {
            writeFully(buffer);
        } finally {
            buffer.clear();
        }
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** Fails the batch and whatever queued behind it, then heals the tail before accepting appends again. */
    private void troubled(List<AppendQueue.Pending> batch, Exception cause) throws InterruptedException {
        long retryMillis = options.retryInterval().toMillis();
        String problem = "operation log cannot write to " + activePath + ": " + describe(cause)
                + "; appends refused, retrying every " + retryMillis + " ms";
        List<AppendQueue.Pending> queued = queue.refuse(problem);
        LogUnavailableException failed = new LogUnavailableException(problem, cause);
        failures.add(batch.size() + queued.size());
        for (AppendQueue.Pending p : batch) {
            p.future.completeExceptionally(failed);
        }
        for (AppendQueue.Pending p : queued) {
            p.future.completeExceptionally(failed);
        }
        if (!episode) {
            episode = true;
            healLogged = false;
            episodeStart = System.nanoTime();
            LOG.error("{} ({} appends failed, none of them acknowledged)", problem, batch.size() + queued.size(),
                    cause);
        } else {
            LOG.debug("{} (again, {} appends failed)", problem, batch.size() + queued.size());
        }
        long since = System.nanoTime();
        int attempts = 0;
        while (queue.awaitRetry(options.retryInterval().toNanos())) {
            attempts++;
            try {
                heal();
                queue.accept();
                if (!healLogged) {
                    healLogged = true;
                    LOG.info("Operation log in {} accepts appends again after {} attempt(s), {} ms; the tail was "
                            + "cut back to the last forced offset {} of {}", dir, attempts,
                            (System.nanoTime() - since) / 1_000_000, forced, activePath.getFileName());
                }
                LOG.debug("Operation log in {} writable again after {} attempt(s), {} ms; the tail was cut back to "
                        + "the last forced offset {} of {}", dir, attempts,
                        (System.nanoTime() - since) / 1_000_000, forced, activePath.getFileName());
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("Operation log in {} still failing: {}", dir, describe(e));
            }
        }
    }

    /**
     * The tail after the last force is unknown: cut it off and make the cut durable. Then wait for some
     * room on the filesystem (the smaller of a segment and 4 MiB), so a full disk does not flap between
     * "healed" and the next failing append.
     */
    private void heal() throws IOException {
        buffer.clear();
        batchPlots.clear();
        if (channel == null || !channel.isOpen()) {
            channel = options.channels().open(activePath);
        }
        channel.truncate(forced);
        channel.position(forced);
        channel.force(true);
        diskBytes.addAndGet(forced - size);
        size = forced;
        long headroom = Math.min(options.segmentBytes(), 4L << 20);
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < headroom) {
            throw new IOException("only " + free + " bytes free in " + dir + ", waiting for " + headroom);
        }
    }

    private void closeChannel() {
        if (channel == null) {
            return;
        }
        try {
            if (queue.refusal() == null) {
                channel.force(false);
            } else {
                // closed before healing: still cut the unacknowledged tail, best effort
                if (!channel.isOpen()) {
                    channel = options.channels().open(activePath);
                }
                channel.truncate(forced);
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Operation log: final force of {} failed: {}", activePath, describe(e));
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("closing a segment failed", e);
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
