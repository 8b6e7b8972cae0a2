package io.plotstream.server.log;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The meeting point of the appending threads and the committer: positions are handed out here, in
 * queue order, under one lock, so a record's place in the log is fixed when {@code append} returns.
 * Bounded in bytes: records accepted and not yet durable (queued or in the committer's batch) never
 * exceed {@code maxBytes}; an appender waits for room up to its timeout. Also holds whether appends
 * are refused (disk trouble, closed).
 */
final class AppendQueue {

    /** One accepted append. */
    static final class Pending {
        final long position;
        final String plotId;
        final byte[] id;
        final byte[] payload;
        final int size;
        final CompletableFuture<Long> future = new CompletableFuture<>();

        Pending(long position, String plotId, byte[] id, byte[] payload) {
            this.position = position;
            this.plotId = plotId;
            this.id = id;
            this.payload = payload;
            this.size = RecordFormat.size(id.length, payload.length);
        }
    }

    /** Decides whether the log has room on disk: null if it has, else the problem. */
    interface Admission {
        String refuse(long pendingBytes, int size);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition room = lock.newCondition();
    private final long maxBytes;
    private final long timeoutNanos;
    private final Admission admission;
    private ArrayList<Pending> items = new ArrayList<>();
    private long bytes;
    private long next;
    private boolean started;
    private boolean closed;
    private volatile String refusal;

    AppendQueue(long maxBytes, long timeoutNanos, Admission admission) {
        this.maxBytes = maxBytes;
        this.timeoutNanos = timeoutNanos;
        this.admission = admission;
    }

    void start(long firstPosition) {
        lock.lock();
        try {
            next = firstPosition;
            started = true;
        } finally {
            lock.unlock();
        }
    }

    /** Accepts the record (its future completes when durable) or returns the reason it cannot. */
    Object offer(String plotId, byte[] id, byte[] payload) {
        int size = RecordFormat.size(id.length, payload.length);
        long deadline = System.nanoTime() + timeoutNanos;
        lock.lock();
        try {
            if (!started && !closed) {
                throw new IllegalStateException("recover() the operation log before the first append");
            }
            while (true) {
                if (closed) {
                    return "operation log closed";
                }
                String trouble = refusal;
                if (trouble != null) {
                    return trouble;
                }
                String full = admission.refuse(bytes, size);
                if (full != null) {
                    return full;
                }
                if (bytes == 0 || bytes + size <= maxBytes) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return "operation log busy: " + bytes + " bytes of records waiting for the disk (at most "
                            + maxBytes + "), no room within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms";
                }
                room.awaitNanos(left);
            }
            Pending pending = new Pending(next++, plotId, id, payload);
            items.add(pending);
            bytes += size;
            if (items.size() == 1) {
                work.signal();
            }
            return pending;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for room in the operation log";
        } finally {
            lock.unlock();
        }
    }

    /** The next batch: everything queued, waiting while nothing is; empty once closed and drained. */
    List<Pending> take() throws InterruptedException {
        lock.lock();
        try {
            while (items.isEmpty() && !closed) {
                work.await();
            }
            List<Pending> batch = items;
            items = new ArrayList<>();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** A batch of {@code batchBytes} is durable or failed: its room is free again. */
    void finished(long batchBytes) {
        lock.lock();
        try {
            bytes -= batchBytes;
            room.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses appends with {@code problem} from now on; returns the queued ones, which the caller fails. */
    List<Pending> refuse(String problem) {
        lock.lock();
        try {
            refusal = problem;
            List<Pending> queued = items;
            items = new ArrayList<>();
            for (Pending p : queued) {
                bytes -= p.size;
            }
            room.signalAll();
            return queued;
        } finally {
            lock.unlock();
        }
    }

    void accept() {
        refusal = null;
    }

    String refusal() {
        return refusal;
    }

    /** Waits {@code nanos} or until closed; false once closed. */
    boolean awaitRetry(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (!closed && left > 0) {
                left = work.awaitNanos(left);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** The highest position handed out so far ({@link OperationLog#NONE} before the first). */
    long issuedHigh() {
        lock.lock();
        try {
            return next - 1;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses appends from now on; the committer drains what is queued and stops. Returns whether it was open. */
    boolean close() {
        lock.lock();
        try {
            boolean was = !closed;
            closed = true;
            work.signalAll();
            room.signalAll();
            return was;
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
