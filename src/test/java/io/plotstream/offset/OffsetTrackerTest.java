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
        PendingRun first = tracker.track(P0, 10, 1);
        PendingRun second = tracker.track(P0, 11, 1);
        PendingRun third = tracker.track(P0, 12, 1);
        third.partDelivered();
        second.partDelivered();
        assertThat(tracker.committable()).isEmpty();

        first.partDelivered();
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(13)));
    }

    @Test
    void aRecordWithSeveralPointsIsDoneOnlyWhenAllAreDelivered() {
        PendingRun record = tracker.track(P0, 5, 3);
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
    void reportsPendingRunsAndTheAgeOfTheOldest() {
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
        PendingRun record = tracker.track(P0, 0, 4_000);
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
        PendingRun first = tracker.track(P0, 0, 1);
        PendingRun second = tracker.track(P1, 0, 2);
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

    // Runs: records of one put() to the same tokens share one entry, and commit exactly as records would.

    private static final String[] TO_A = {"a"};
    private static final String[] TO_B = {"b"};
    private static final String[] NOWHERE = {};

    @Test
    void recordsToTheSameTokensShareOneRunThatIsCommittedWholeOnceDelivered() {
        PendingRun run = tracker.track(P0, 10, 1, TO_A);
        assertThat(tracker.track(P0, 11, 1, new String[] {"a"})).isSameAs(run);
        assertThat(tracker.track(P0, 13, 1, TO_A)).as("a gap in the offsets (compaction) changes nothing").isSameAs(run);
        assertThat(tracker.pending()).as("records in flight, not runs").isEqualTo(3);
        assertThat(tracker.committable()).isEmpty();

        run.partDelivered();
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(14)));
        assertThat(tracker.pending()).isZero();
    }

    @Test
    void aRecordToOtherTokensBeginsANewRunSoTheCommitStopsRightBeforeItsFirstUndeliveredRecord() {
        PendingRun first = tracker.track(P0, 0, 1, TO_A);
        tracker.track(P0, 1, 1, TO_A);
        PendingRun toB = tracker.track(P0, 2, 1, TO_B);
        PendingRun again = tracker.track(P0, 3, 1, TO_A);
        PendingRun both = tracker.track(P0, 4, 2, new String[] {"a", "b"});
        assertThat(toB).isNotSameAs(first);
        assertThat(again).isNotSameAs(first).isNotSameAs(toB);
        assertThat(both).isNotSameAs(again);

        first.partDelivered(); // token a's batch
        again.partDelivered();
        both.partDelivered();
        assertThat(tracker.committable()).as("up to the record that waits for token b")
                .containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));

        toB.partDelivered(); // token b's batch
        assertThat(tracker.committable()).as("the record to both tokens still waits for b's part")
                .containsExactly(Map.entry(P0, new OffsetAndMetadata(4)));
        both.partDelivered();
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(5)));
    }

    @Test
    void skippedAndReportedRecordsJoinTheRunBeforeThemAndAreCommittedWithIt() {
        PendingRun run = tracker.track(P0, 0, 1, TO_A);
        assertThat(tracker.track(P0, 1, 0, NOWHERE)).isSameAs(run);
        assertThat(tracker.track(P0, 2, 1, TO_A)).isSameAs(run);
        assertThat(tracker.track(P0, 3, 0, NOWHERE)).isSameAs(run);
        assertThat(tracker.pending()).as("only records with points wait").isEqualTo(2);
        assertThat(tracker.committable()).as("nothing passes the undelivered record 0").isEmpty();

        run.partDelivered();
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(4)));
    }

    @Test
    void aRecordWithPointsNeverJoinsARunOfRecordsWithoutSoThoseAreCommittableAtOnce() {
        PendingRun skipped = tracker.track(P0, 0, 0, NOWHERE);
        assertThat(tracker.track(P0, 1, 0, NOWHERE)).isSameAs(skipped);
        PendingRun sent = tracker.track(P0, 2, 1, TO_A);
        assertThat(sent).isNotSameAs(skipped);
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
        sent.partDelivered();
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(3)));
    }

    @Test
    void afterTheRunsAreSealedTheSameTokensBeginANewRunCommittedOnItsOwn() {
        PendingRun firstPut = tracker.track(P0, 0, 1, TO_A);
        tracker.sealRuns(); // handed off: the first put's batch is decided
        PendingRun secondPut = tracker.track(P0, 1, 1, TO_A);
        assertThat(tracker.track(P0, 2, 0, NOWHERE)).as("a skipped record joins the open run").isSameAs(secondPut);
        assertThat(secondPut).isNotSameAs(firstPut);

        secondPut.partDelivered();
        assertThat(tracker.committable()).as("the second put's batch confirmed, the first not").isEmpty();
        firstPut.partDelivered();
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(3)));
    }

    @Test
    void aSkippedRecordAfterTheSealBeginsARunOfItsOwnThatWaitsOnlyForTheRecordsBeforeIt() {
        PendingRun sent = tracker.track(P0, 0, 1, TO_A);
        tracker.sealRuns();
        PendingRun skipped = tracker.track(P0, 1, 0, NOWHERE);
        assertThat(skipped).isNotSameAs(sent).satisfies(r -> assertThat(r.isDone()).isTrue());
        assertThat(tracker.committable()).isEmpty();
        sent.partDelivered();
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
    }

    @Test
    void runsNeverSpanPartitions() {
        PendingRun p0 = tracker.track(P0, 5, 1, TO_A);
        PendingRun p1 = tracker.track(P1, 6, 1, TO_A);
        assertThat(p1).isNotSameAs(p0);
        p1.partDelivered();
        assertThat(tracker.committable()).containsExactly(Map.entry(P1, new OffsetAndMetadata(7)));
    }

    @Test
    void aRecordTrackedInARunOfItsOwnTakesNoOtherRecord() {
        PendingRun own = tracker.track(P0, 0, 1);
        assertThat(tracker.track(P0, 1, 1, TO_A)).isNotSameAs(own);
        assertThat(tracker.track(P0, 2, 0, NOWHERE)).isNotSameAs(own);
    }

    @Test
    void aRevokedPartitionsRunsLeaveTheInFlightCountWithAllTheirRecords() throws Exception {
        PendingRun run = tracker.track(P0, 0, 1, TO_A);
        tracker.track(P0, 1, 1, TO_A);
        tracker.track(P0, 2, 0, NOWHERE);
        tracker.track(P1, 0, 1, TO_A);
        assertThat(tracker.pending()).isEqualTo(3);

        tracker.forget(List.of(P0));
        assertThat(tracker.pending()).isEqualTo(1);
        run.partDelivered(); // its batch confirmed after the revoke: counted out only once
        assertThat(tracker.pending()).isEqualTo(1);
        assertThat(tracker.committable()).isEmpty();
        assertThat(tracker.isTracked(P0, 2)).isFalse();
    }

    @Test
    void aRunThatWaitsForSeveralTokensIsDoneOnlyWhenEachOfItsBatchesIsConfirmed() {
        String[] toAandB = {"a", "b", "a"};
        PendingRun run = tracker.track(P0, 0, 2, toAandB);
        assertThat(tracker.track(P0, 1, 2, new String[] {"a", "b", "a"})).isSameAs(run);
        run.partDelivered();
        assertThat(tracker.committable()).isEmpty();
        run.partDelivered();
        assertThat(tracker.committable()).containsExactly(Map.entry(P0, new OffsetAndMetadata(2)));
    }

    @Test
    void theOldestPendingAgeIsThatOfTheRunsFirstRecord() {
        AtomicLong now = new AtomicLong(0);
        OffsetTracker timed = new OffsetTracker(now::get);
        timed.track(P0, 0, 1, TO_A);
        now.set(1_000_000_000L);
        timed.track(P0, 1, 1, TO_A);
        timed.publishOldest();
        now.set(3_000_000_000L);
        assertThat(timed.oldestPendingAgeMs()).isEqualTo(3_000);
    }
}
