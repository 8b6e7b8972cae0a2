package io.plotstream.offset;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What may be committed: per partition, the offset after the longest run of records, from the
 * oldest, whose points were all delivered. A record delivered out of order never moves the
 * commit past an older one still in flight, so a crash re-reads from the first undelivered record
 * (at-least-once). Records that produced no point (skipped, or reported to the DLQ) are tracked
 * too, as already done, so they do not hold commits back.
 *
 * <p>Mutated only by the task thread; {@link PendingRecord#pointDelivered()} is the only call
 * from other threads.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final LongClock clock;

    public OffsetTracker() {
        this(System::nanoTime);
    }

    OffsetTracker(LongClock clock) {
        this.clock = clock;
    }

    /** A source of nanoseconds, replaceable in tests. */
    @FunctionalInterface
    interface LongClock {
        long nanos();
    }

    private static final class PartitionState {
        final ArrayDeque<PendingRecord> inFlight = new ArrayDeque<>();
        long lastTracked = -1;
        long committable = -1; // next offset to consume; -1 = nothing to commit yet
    }

    /**
     * Whether {@code offset} was already tracked since the partition was opened: a batch the
     * runtime delivers again (after the task paused) must not enqueue its points twice.
     */
    public boolean isTracked(TopicPartition tp, long offset) {
        PartitionState state = partitions.get(tp);
        return state != null && offset <= state.lastTracked;
    }

    /** Starts tracking a record that will produce {@code points} points (0 = nothing to wait for). */
    public PendingRecord track(TopicPartition tp, long offset, int points) {
        PartitionState state = partitions.computeIfAbsent(tp, k -> new PartitionState());
        if (offset <= state.lastTracked) {
            throw new IllegalStateException("offset " + offset + " of " + tp + " tracked after " + state.lastTracked);
        }
        state.lastTracked = offset;
        PendingRecord record = new PendingRecord(offset, points, clock.nanos());
        state.inFlight.addLast(record);
        return record;
    }

    /** Per partition, the offset to commit (next to consume); partitions with nothing new are absent. */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (Map.Entry<TopicPartition, PartitionState> entry : partitions.entrySet()) {
            PartitionState state = entry.getValue();
            while (!state.inFlight.isEmpty() && state.inFlight.peekFirst().isDone()) {
                state.committable = state.inFlight.pollFirst().offset() + 1;
            }
            if (state.committable >= 0) {
                result.put(entry.getKey(), new OffsetAndMetadata(state.committable));
            }
        }
        return result;
    }

    /** Records tracked but not yet delivered, over all partitions. */
    public int pending() {
        int count = 0;
        for (PartitionState state : partitions.values()) {
            for (PendingRecord record : state.inFlight) {
                if (!record.isDone()) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Age of the oldest record not yet delivered, in milliseconds; 0 when there is none. */
    public long oldestPendingAgeMs() {
        long now = clock.nanos();
        long oldest = 0;
        for (PartitionState state : partitions.values()) {
            Iterator<PendingRecord> it = state.inFlight.iterator();
            while (it.hasNext()) {
                PendingRecord record = it.next();
                if (!record.isDone()) {
                    oldest = Math.max(oldest, (now - record.createdNanos()) / 1_000_000);
                    break;
                }
            }
        }
        return oldest;
    }

    /** Forgets revoked partitions: their undelivered records will be consumed again by whoever gets them. */
    public void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }
}
