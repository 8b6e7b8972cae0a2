package io.plotstream.connect;

import io.plotstream.offset.PendingRecord;
import io.plotstream.point.Point;
import io.plotstream.stream.Delivery;
import io.plotstream.stream.StreamException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * One hand-off round of a {@code put()}: the routed records' points not yet handed over, grouped by
 * token in record order, so each token gets one batch with one delivery callback. Built by the task
 * thread and discarded after the round; a batch that a stream took is marked sent in its records.
 */
final class Dispatch {

    /** A record's routed points, and which of them a stream already took. */
    static final class Routed {
        final TopicPartition partition;
        final PendingRecord pending;
        final String[] tokens;
        final Point[] points;
        /** Which points a stream took; null for a one-point record, whose {@link #unsent} says it. */
        private final boolean[] sent;
        int unsent;

        Routed(TopicPartition partition, PendingRecord pending, String[] tokens, Point[] points) {
            this.partition = partition;
            this.pending = pending;
            this.tokens = tokens;
            this.points = points;
            this.sent = points.length == 1 ? null : new boolean[points.length];
            this.unsent = points.length;
        }

        boolean isSent(int i) {
            return sent == null ? unsent == 0 : sent[i];
        }

        void markSent(int i) {
            if (sent != null) {
                sent[i] = true;
            }
            unsent--;
        }

        /** How many batches the record's points travel in: one per distinct token. */
        static int parts(String[] tokens) {
            int parts = 0;
            for (int i = 0; i < tokens.length; i++) {
                boolean seen = false;
                for (int j = 0; j < i && !seen; j++) {
                    seen = tokens[j].equals(tokens[i]);
                }
                if (!seen) {
                    parts++;
                }
            }
            return parts;
        }
    }

    /** One token's points of this round. */
    static final class TokenBatch {
        final String token;
        final List<Point> points;
        final Set<TopicPartition> partitions = new HashSet<>();
        private final List<Routed> owners;
        private int[] indexes;
        private final List<PendingRecord> records;
        private TopicPartition lastPartition;

        /** {@code expected}: how many points it will likely get (sized once instead of grown by copies). */
        TokenBatch(String token, int expected) {
            this.token = token;
            this.points = new ArrayList<>(expected);
            this.owners = new ArrayList<>(expected);
            this.indexes = new int[Math.max(16, expected)];
            this.records = new ArrayList<>(expected);
        }

        void add(Routed r, int i) {
            if (owners.size() == indexes.length) {
                indexes = java.util.Arrays.copyOf(indexes, indexes.length * 2);
            }
            indexes[owners.size()] = i;
            points.add(r.points[i]);
            owners.add(r);
            if (r.partition != lastPartition) { // records come in runs of one partition: one set lookup a run
                partitions.add(r.partition);
                lastPartition = r.partition;
            }
            if (records.isEmpty() || records.get(records.size() - 1) != r.pending) {
                records.add(r.pending); // a record's points are added together, so this keeps records distinct
            }
        }

        /** The stream took the batch: its points are no longer waiting in their records. */
        void markSent() {
            for (int k = 0; k < owners.size(); k++) {
                owners.get(k).markSent(indexes[k]);
            }
        }

        /**
         * The batch's one callback: each record's part completes, and the task counts its own
         * points. It holds only the records and a count, never the batch, its points or its
         * routed records: a stream keeps it until the batch is confirmed.
         */
        Delivery delivery(TaskCounters counters) {
            return new TokenBatchDelivery(List.copyOf(records), points.size(), counters);
        }
    }

    private static final class TokenBatchDelivery implements Delivery {
        private final List<PendingRecord> records;
        private final int points;
        private final TaskCounters counters;

        TokenBatchDelivery(List<PendingRecord> records, int points, TaskCounters counters) {
            this.records = records;
            this.points = points;
            this.counters = counters;
        }

        @Override
        public void delivered() {
            counters.pointsDelivered.addAndGet(points);
            records.forEach(PendingRecord::partDelivered);
        }

        @Override
        public void failed(StreamException cause) {
            // The stream keeps the failure and put() fails the task with it. The records stay
            // undelivered, so their offsets are never committed.
            counters.pointsFailed.addAndGet(points);
        }
    }

    private Dispatch() {
    }

    /** Groups every unsent point of {@code backlog} by token, in record order. */
    static Map<String, TokenBatch> byToken(Collection<Routed> backlog) {
        Map<String, TokenBatch> batches = new LinkedHashMap<>();
        // Most records carry one point and most tasks feed one token: the first batch is sized for the
        // whole backlog; further tokens start small (many tokens must not each take the backlog's size).
        int expected = backlog.size();
        TokenBatch last = null;
        for (Routed r : backlog) {
            for (int i = 0; i < r.points.length; i++) {
                if (!r.isSent(i)) {
                    String token = r.tokens[i];
                    if (last == null || !last.token.equals(token)) { // one map lookup per run of a token
                        int size = batches.isEmpty() ? expected : 16;
                        last = batches.computeIfAbsent(token, t -> new TokenBatch(t, size));
                    }
                    last.add(r, i);
                }
            }
        }
        return batches;
    }
}
