package io.plotstream.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes flushed on the current connection and not yet confirmed, oldest first, and the rule that
 * confirms them: the connection's {@link Confirmation} (the server's acknowledgements, or the ack
 * delay; nothing while that is undecided), or a clean close's answer. Holding writes (not points)
 * is what keeps the in-flight bookkeeping proportional to writes, whatever the point rate.
 * Writer-thread only.
 */
final class UnconfirmedWrites {
    private final ArrayDeque<Sent> writes = new ArrayDeque<>();
    private Confirmation confirmation = Confirmation.UNDECIDED;

    /** The rule for the writes of the current connection (set when it opens, and once its mode is known). */
    void use(Confirmation rule) {
        confirmation = rule;
    }

    Confirmation confirmation() {
        return confirmation;
    }

    void add(Sent s) {
        writes.addLast(s);
    }

    /** Confirms every write the rule confirms at {@code now}, oldest first; returns whether any was. */
    boolean confirmDue(long nowNanos, BatchOutcomes outcomes) {
        boolean any = false;
        Sent head;
        while ((head = writes.peekFirst()) != null && confirmation.confirms(head, nowNanos)) {
            writes.pollFirst().confirm(outcomes);
            any = true;
        }
        return any;
    }

    /** Confirms the writes whose last line is within the first {@code lines} acknowledged ones. */
    boolean confirmAcknowledged(long lines, BatchOutcomes outcomes) {
        boolean any = false;
        Sent head;
        while ((head = writes.peekFirst()) != null && head.lastLine <= lines) {
            writes.pollFirst().confirm(outcomes);
            any = true;
        }
        return any;
    }

    /** The server answered a clean close of a plain (unacknowledged) stream with 2xx: everything written is confirmed. */
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

    /** When time would confirm the oldest write, or {@link Long#MAX_VALUE} (none, or only the server can). */
    long nextDueNanos() {
        Sent head = writes.peekFirst();
        return head == null ? Long.MAX_VALUE : confirmation.dueNanos(head);
    }

    /** Enqueue time of the oldest point written and not confirmed, or {@link Long#MAX_VALUE}. */
    long oldestEnqueuedNanos() {
        Sent head = writes.peekFirst();
        return head == null ? Long.MAX_VALUE : head.oldestEnqueuedNanos();
    }

    /** True when the rule would confirm the oldest write now. */
    boolean anyDue(long nowNanos) {
        Sent head = writes.peekFirst();
        return head != null && confirmation.confirms(head, nowNanos);
    }

    /** True when time confirms under the current rule (the server's first byte must then hold it back). */
    boolean confirmsByTime() {
        return confirmation.byTime();
    }

    boolean isEmpty() {
        return writes.isEmpty();
    }

    int size() {
        return writes.size();
    }
}
