package io.plotstream.offset;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
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
 * <p>Owned by the task thread. Other threads only complete {@link PendingRecord}s, and read
 * {@link #oldestPendingAgeMs()} and {@link #pending()}, which are published values.
 */
public final class OffsetTracker {

    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final InFlightRecords inFlight = new InFlightRecords();
    private final LongClock clock;
    private static final long NONE = Long.MIN_VALUE;
    /** Creation time of the oldest record not yet delivered when last published; {@link #NONE} when none. */
    private volatile long oldestPendingNanos = NONE;
    /** The partition last looked up and its state: records come in runs of one partition (one map lookup a run). */
    private TopicPartition lastPartition;
    private PartitionState lastState;

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
        PartitionState state = tp == lastPartition ? lastState : remember(tp, partitions.get(tp));
        return state != null && offset <= state.lastTracked;
    }

    /** Starts tracking a record whose points go out in {@code parts} parts (0 = nothing to wait for), as of now. */
    public PendingRecord track(TopicPartition tp, long offset, int parts) {
        return track(tp, offset, parts, now());
    }

    /**
     * As {@link #track(TopicPartition, long, int)}, as of {@code trackedNanos} (from {@link #now()}): the
     * records of one {@code put()} arrived together, so one reading of the clock serves them all.
     */
    public PendingRecord track(TopicPartition tp, long offset, int parts, long trackedNanos) {
        PartitionState state = tp == lastPartition ? lastState : null;
        if (state == null) {
            state = remember(tp, partitions.computeIfAbsent(tp, k -> new PartitionState()));
        }
        if (offset <= state.lastTracked) {
            throw new IllegalStateException("offset " + offset + " of " + tp + " tracked after " + state.lastTracked);
        }
        state.lastTracked = offset;
        PendingRecord record = new PendingRecord(offset, parts, trackedNanos, inFlight);
        state.inFlight.addLast(record);
        return record;
    }

    /** The tracker's clock now, in nanoseconds. */
    public long now() {
        return clock.nanos();
    }

    private PartitionState remember(TopicPartition tp, PartitionState state) {
        if (state != null) {
            lastPartition = tp;
            lastState = state;
        }
        return state;
    }

    /** Per partition, the offset to commit (next to consume); partitions with nothing new are absent. */
    public Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (Map.Entry<TopicPartition, PartitionState> entry : partitions.entrySet()) {
            PartitionState state = entry.getValue();
            advance(state);
            if (state.committable >= 0) {
                result.put(entry.getKey(), new OffsetAndMetadata(state.committable));
            }
        }
        publishOldest();
        return result;
    }

    /**
     * Drops delivered records from the head of each partition and publishes the age of the oldest
     * one still waiting, for the metrics thread. Costs O(partitions) plus what it drops.
     */
    public void publishOldest() {
        long oldest = 0;
        boolean any = false;
        for (PartitionState state : partitions.values()) {
            advance(state);
            PendingRecord head = state.inFlight.peekFirst();
            if (head != null && (!any || head.createdNanos() - oldest < 0)) {
                oldest = head.createdNanos();
                any = true;
            }
        }
        oldestPendingNanos = any ? oldest : NONE;
    }

    private static void advance(PartitionState state) {
        while (!state.inFlight.isEmpty() && state.inFlight.peekFirst().isDone()) {
            state.committable = state.inFlight.pollFirst().offset() + 1;
        }
    }

    /** Records tracked and not yet delivered, over all partitions. Thread-safe. */
    public int pending() {
        return inFlight.count();
    }

    /**
     * Waits until every tracked record was delivered, or {@code max} passed; woken by the
     * deliveries themselves. Returns whether nothing is pending.
     */
    public boolean awaitDelivered(Duration max) throws InterruptedException {
        return inFlight.awaitNone(max);
    }

    /** Age of the oldest record not yet delivered when last published, in milliseconds; 0 when none. Thread-safe. */
    public long oldestPendingAgeMs() {
        long oldest = oldestPendingNanos;
        return oldest == NONE ? 0 : Math.max(0, (clock.nanos() - oldest) / 1_000_000);
    }

    /** Forgets revoked partitions: their undelivered records will be consumed again by whoever gets them. */
    public void forget(Collection<TopicPartition> revoked) {
        lastPartition = null;
        lastState = null;
        for (TopicPartition tp : revoked) {
            PartitionState state = partitions.remove(tp);
            if (state != null) {
                state.inFlight.forEach(PendingRecord::abandon);
            }
        }
        publishOldest();
    }
}
