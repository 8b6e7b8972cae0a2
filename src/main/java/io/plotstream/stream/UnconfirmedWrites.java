package io.plotstream.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes flushed on the current connection and not yet confirmed, oldest first. The ack rule: a
 * write is confirmed once the connection stayed healthy for {@code ackDelay} after its flush, or
 * when a clean close got the server's 2xx. Holding writes (not points) is what keeps the in-flight
 * bookkeeping proportional to writes, whatever the point rate. Writer-thread only.
 */
final class UnconfirmedWrites {
    private final long ackDelayNanos;
    private final ArrayDeque<Sent> writes = new ArrayDeque<>();

    UnconfirmedWrites(long ackDelayNanos) {
        this.ackDelayNanos = ackDelayNanos;
    }

    void add(Sent s) {
        writes.addLast(s);
    }

    /** Confirms every write flushed at least the ack delay before {@code now}; returns whether any was. */
    boolean confirmDue(long nowNanos, BatchOutcomes outcomes) {
        boolean any = false;
        Sent head;
        while ((head = writes.peekFirst()) != null && nowNanos - head.flushedNanos >= ackDelayNanos) {
            writes.pollFirst().confirm(outcomes);
            any = true;
        }
        return any;
    }

    /** The server answered a clean close with 2xx: everything written is confirmed. */
    void confirmAll(BatchOutcomes outcomes) {
        Sent s;
        while ((s = writes.pollFirst()) != null) {
            s.confirm(outcomes);
        }
    }

    /** Takes every write back, newest first, for its strategy to re-queue. */
    List<Sent> takeNewestFirst() {
        List<Sent> all = new ArrayList<>(writes.size());
        Iterator<Sent> it = writes.descendingIterator();
        while (it.hasNext()) {
            all.add(it.next());
        }
        writes.clear();
        return all;
    }

    void failAll(BatchOutcomes outcomes, StreamException cause) {
        writes.forEach(s -> s.fail(outcomes, cause));
        writes.clear();
    }

    /** When the oldest write comes due, or {@link Long#MAX_VALUE}. */
    long nextDueNanos() {
        Sent head = writes.peekFirst();
        return head == null ? Long.MAX_VALUE : head.flushedNanos + ackDelayNanos;
    }

    /** Enqueue time of the oldest point written and not confirmed, or {@link Long#MAX_VALUE}. */
    long oldestEnqueuedNanos() {
        Sent head = writes.peekFirst();
        return head == null ? Long.MAX_VALUE : head.oldestEnqueuedNanos();
    }

    /** True when the oldest unconfirmed write has passed its ack delay. */
    boolean anyDue(long nowNanos) {
        Sent head = writes.peekFirst();
        return head != null && nowNanos - head.flushedNanos >= ackDelayNanos;
    }

    boolean isEmpty() {
        return writes.isEmpty();
    }

    int size() {
        return writes.size();
    }
}
