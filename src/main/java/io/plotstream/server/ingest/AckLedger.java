package io.plotstream.server.ingest;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What of one stream is durable: per read chunk, the count of lines received through its end and
 * the future of its log appends. The durable count advances over the longest prefix of chunks whose
 * appends all completed, in order (a later chunk's commit never acknowledges an earlier chunk still
 * pending); the first failed append freezes it for good: nothing after a failed line is ever
 * acknowledged. Listeners run on the thread that completed an append (the log's committer), so they
 * only hand work on.
 */
final class AckLedger {

    /** Told of progress; called outside the ledger's lock. */
    interface Listener {
        /** {@code lines} lines are durable now; {@code arrivalNanos}: when the chunk of the last of them arrived. */
        void durable(long lines, long arrivalNanos);

        /** An append failed: no further line of this stream will be durable. */
        void failed(Throwable cause);
    }

    private record Pending(long lines, long arrivalNanos, CompletableFuture<?> appends) {
    }

    private final Listener listener;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final CompletableFuture<Void> settled = new CompletableFuture<>();
    private long durable;
    private long received;
    private Throwable failure;
    private boolean closed;

    AckLedger(Listener listener) {
        this.listener = listener;
    }

    /**
     * A chunk was handled: {@code lines} lines received in total through it, its appends' future
     * (null when it appended nothing: blank lines, or a line still incomplete).
     */
    void chunk(long lines, long arrivalNanos, CompletableFuture<?> appends) {
        synchronized (this) {
            if (failure != null || lines <= received) {
                return;
            }
            received = lines;
            pending.add(new Pending(lines, arrivalNanos, appends == null ? CompletableFuture.completedFuture(null) : appends));
        }
        if (appends == null || appends.isDone()) {
            settle();
        } else {
            appends.whenComplete((ok, error) -> settle());
        }
    }

    /** No more chunks: {@link #settled()} completes once every pending chunk is durable or one failed. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        settle();
    }

    /** Completes when the ledger is closed and nothing is pending any more (durable or failed). */
    CompletableFuture<Void> settled() {
        return settled;
    }

    synchronized long durable() {
        return durable;
    }

    synchronized Throwable failure() {
        return failure;
    }

    private void settle() {
        long lines = -1;
        long arrival = 0;
        Throwable failed = null;
        boolean done;
        synchronized (this) {
            while (failure == null && !pending.isEmpty() && pending.peek().appends().isDone()) {
                Pending head = pending.poll();
                if (head.appends().isCompletedExceptionally()) {
                    failure = cause(head.appends());
                    failed = failure;
                    pending.clear();
                } else {
                    durable = head.lines();
                    lines = durable;
                    arrival = head.arrivalNanos();
                }
            }
            done = closed && (pending.isEmpty() || failure != null);
        }
        if (lines >= 0) {
            listener.durable(lines, arrival);
        }
        if (failed != null) {
            listener.failed(failed);
        }
        if (done) {
            settled.complete(null);
        }
    }

    private static Throwable cause(CompletableFuture<?> future) {
        try {
            future.join();
            return new IllegalStateException("append failed");
        } catch (CompletionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (RuntimeException e) {
            return e;
        }
    }
}
