package io.plotstream.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void nothingIsCommittableBeforeAnyRecordIsDelivered() {
        tracker.track(P0, 10, 1);
        assertThat(tracker.committable()).isEmpty();
    }

    @Test
    void commitsTheOffsetAfterTheLastDeliveredRecord() {
        tracker.track(P0, 10, 1).partDelivered();
        tracker.track(P0, 11, 2);
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(11)));
    }

    @Test
    void outOfOrderDeliveryNeverCommitsPastAGap() {
        PendingRecord first = tracker.track(P0, 10, 1);
        PendingRecord second = tracker.track(P0, 11, 1);
        PendingRecord third = tracker.track(P0, 12, 1);
        third.partDelivered();
        second.partDelivered();
        assertThat(tracker.committable()).isEmpty();

        first.partDelivered();
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(13)));
    }

    @Test
    void aRecordWithSeveralPointsIsDoneOnlyWhenAllAreDelivered() {
        PendingRecord record = tracker.track(P0, 5, 3);
        record.partDelivered();
        record.partDelivered();
        assertThat(tracker.committable()).isEmpty();
        record.partDelivered();
        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(6));
    }

    @Test
    void recordsWithoutPointsDoNotHoldCommitsBack() {
        tracker.track(P0, 1, 0); // skipped or sent to the DLQ
        tracker.track(P0, 2, 1).partDelivered();
        tracker.track(P0, 3, 0);
        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(4));
    }

    @Test
    void partitionsAreTrackedIndependently() {
        tracker.track(P0, 1, 1);
        tracker.track(P1, 7, 1).partDelivered();
        assertThat(tracker.committable()).containsExactly(Map.entry(P1, new OffsetAndMetadata(8)));
    }

    @Test
    void keepsTheLastCommittableOffsetOnceTheInFlightQueueIsEmpty() {
        tracker.track(P0, 1, 1).partDelivered();
        tracker.committable();
        assertThat(tracker.committable()).containsEntry(P0, new OffsetAndMetadata(2));
    }

    @Test
    void aRedeliveredOffsetIsRecognisedAsTracked() {
        tracker.track(P0, 4, 1);
        assertThat(tracker.isTracked(P0, 3)).isTrue();
        assertThat(tracker.isTracked(P0, 4)).isTrue();
        assertThat(tracker.isTracked(P0, 5)).isFalse();
        assertThat(tracker.isTracked(P1, 0)).isFalse();
    }

    @Test
    void trackingAnOffsetTwiceIsAProgrammingError() {
        tracker.track(P0, 4, 1);
        assertThatThrownBy(() -> tracker.track(P0, 4, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void forgottenPartitionsAreNeitherCommittedNorConsideredTracked() {
        tracker.track(P0, 4, 1).partDelivered();
        tracker.forget(List.of(P0));
        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.isTracked(P0, 4)).isFalse();
    }

    @Test
    void reportsPendingRecordsAndTheAgeOfTheOldest() {
        AtomicLong now = new AtomicLong(0);
        OffsetTracker timed = new OffsetTracker(now::get);
        timed.track(P0, 1, 1);
        now.set(2_000_000_000L);
        timed.track(P0, 2, 1).partDelivered();
        timed.publishOldest();
        now.set(5_000_000_000L);
        assertThat(timed.pending()).isEqualTo(1);
        assertThat(timed.oldestPendingAgeMs()).isEqualTo(5_000);
    }

    @Test
    void deliveriesFromManyThreadsAreAllCounted() throws InterruptedException {
        PendingRecord record = tracker.track(P0, 0, 4_000);
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 1_000; j++) {
                    record.partDelivered();
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(record.isDone()).isTrue();
    }

    @Test
    void aCommitWaitIsWokenByTheLastDeliveryNotByItsBound() throws Exception {
        PendingRecord first = tracker.track(P0, 0, 1);
        PendingRecord second = tracker.track(P1, 0, 2);
        java.util.concurrent.CompletableFuture<Boolean> waited = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return tracker.awaitDelivered(java.time.Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        first.partDelivered();
        second.partDelivered();
        assertThat(tracker.pending()).isEqualTo(1);
        second.partDelivered();
        assertThat(waited.get(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(tracker.pending()).isZero();
    }

    @Test
    void revokedPartitionsNoLongerHoldACommitWait() throws Exception {
        tracker.track(P0, 0, 1);
        tracker.forget(List.of(P0));
        assertThat(tracker.pending()).isZero();
        assertThat(tracker.awaitDelivered(java.time.Duration.ZERO)).isTrue();
    }

    @Test
    void recordsWithoutPartsAreNeverInFlight() throws Exception {
        tracker.track(P0, 0, 0);
        assertThat(tracker.pending()).isZero();
        assertThat(tracker.awaitDelivered(java.time.Duration.ZERO)).isTrue();
    }
}
