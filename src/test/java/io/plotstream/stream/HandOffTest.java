package io.plotstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.stream.HandOff.Admission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The batch queue between callers and the writer, and the charging of each batch to its caller's budget. */
class HandOffTest {
    private static final long NO_WAIT = 0;

    private static OutboundBatch batchOf(int encodedBytes) {
        return new OutboundBatch(1, new RecordingDelivery(), 0, new byte[encodedBytes], null);
    }

    @Test
    void aBatchTheWriterTookIsStillReportedAsWaitingUntilTheWriterPublishedItsOldest() throws Exception {
        // Between the writer's drain and its publish the batch is in neither place; the stats read
        // the hand-off first, so it keeps reporting the batch until the writer says it published.
        HandOff handOff = new HandOff();
        ByteBudget budget = new ByteBudget(1_000);
        OutboundBatch older = new OutboundBatch(1, new RecordingDelivery(), 42, new byte[10], null);
        OutboundBatch newer = new OutboundBatch(1, new RecordingDelivery(), 43, new byte[10], null);
        handOff.offer(older, budget, NO_WAIT);
        handOff.drainTo(new ArrayList<>());
        handOff.offer(newer, budget, NO_WAIT);
        assertThat(handOff.oldestWaitingNanos()).as("taken, not yet published by the writer").isEqualTo(42);

        handOff.oldestPublished();
        assertThat(handOff.oldestWaitingNanos()).as("only the batch still waiting").isEqualTo(43);
        handOff.drainTo(new ArrayList<>());
        handOff.oldestPublished();
        assertThat(handOff.oldestWaitingNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void chargesEncodedBytesPlusBookkeepingToTheCallersBudgetUntilReleased() throws Exception {
        HandOff handOff = new HandOff();
        ByteBudget budget = new ByteBudget(1_000);
        OutboundBatch batch = batchOf(100);
        assertThat(handOff.offer(batch, budget, NO_WAIT)).isEqualTo(Admission.ACCEPTED);
        assertThat(budget.chargedBytes()).isEqualTo(100 + OutboundBatch.BOOKKEEPING_BYTES_PER_POINT);
        assertThat(handOff.chargedBytes()).as("this stream's share, for its stats").isEqualTo(budget.chargedBytes());
        handOff.release(batch);
        assertThat(budget.chargedBytes()).isZero();
        assertThat(handOff.chargedBytes()).isZero();
    }

    @Test
    void aBatchThatDoesNotFitIsRefusedWholeAndTakesNoRoom() throws Exception {
        HandOff handOff = new HandOff();
        ByteBudget budget = new ByteBudget(1_000);
        handOff.offer(batchOf(600), budget, NO_WAIT);
        long before = budget.chargedBytes();
        assertThat(handOff.offer(batchOf(600), budget, NO_WAIT)).isEqualTo(Admission.NO_ROOM);
        assertThat(budget.chargedBytes()).isEqualTo(before);
        List<OutboundBatch> drained = new ArrayList<>();
        handOff.drainTo(drained);
        assertThat(drained).hasSize(1);
    }

    @Test
    void twoStreamsChargingOneBudgetShareItsRoom() throws Exception {
        HandOff first = new HandOff();
        HandOff second = new HandOff();
        ByteBudget budget = new ByteBudget(1_000);
        OutboundBatch toFirst = batchOf(600);
        assertThat(first.offer(toFirst, budget, NO_WAIT)).isEqualTo(Admission.ACCEPTED);
        assertThat(second.offer(batchOf(600), budget, NO_WAIT)).as("the other stream holds the budget")
                .isEqualTo(Admission.NO_ROOM);
        assertThat(second.offer(batchOf(600), new ByteBudget(1_000), NO_WAIT))
                .as("another caller's budget has room").isEqualTo(Admission.ACCEPTED);

        CompletableFuture<Admission> waiting = waitingOffer(second, batchOf(600), budget);
        first.release(toFirst);
        assertThat(waiting.get(30, TimeUnit.SECONDS)).as("room the first stream gave back")
                .isEqualTo(Admission.ACCEPTED);
    }

    @Test
    void closingWakesCallersWaitingForRoomInABudgetAnotherStreamHolds() throws Exception {
        assertAWaitingCallerIsRefusedAtOnceWhen(HandOff::close);
    }

    @Test
    void aCloseRequestWakesThemToo() throws Exception {
        assertAWaitingCallerIsRefusedAtOnceWhen(HandOff::requestClose);
    }

    /** A caller waits for room another stream holds; {@code end} ends the stream it waits to get into. */
    private static void assertAWaitingCallerIsRefusedAtOnceWhen(Consumer<HandOff> end) throws Exception {
        HandOff full = new HandOff();
        HandOff closing = new HandOff();
        ByteBudget budget = new ByteBudget(1_000);
        full.offer(batchOf(900), budget, NO_WAIT);
        CompletableFuture<Admission> waiting = waitingOffer(closing, batchOf(900), budget);
        end.accept(closing);
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(Admission.CLOSED);
        assertThat(budget.chargedBytes()).as("nothing charged for the refused batch").isEqualTo(900 + 64);
        assertThat(closing.offer(batchOf(1), budget, NO_WAIT)).isEqualTo(Admission.CLOSED);
    }

    @Test
    void theWriterDrainsEverythingOfferedInOrderAndLearnsOfACloseRequest() throws Exception {
        HandOff handOff = new HandOff();
        ByteBudget budget = new ByteBudget(1_000_000);
        OutboundBatch a = batchOf(1);
        OutboundBatch b = batchOf(2);
        handOff.offer(a, budget, NO_WAIT);
        handOff.offer(b, budget, NO_WAIT);
        List<OutboundBatch> drained = new ArrayList<>();
        assertThat(handOff.drainTo(drained)).isFalse();
        assertThat(drained).containsExactly(a, b);
        assertThat(handOff.requestClose()).isTrue();
        assertThat(handOff.drainTo(drained)).isTrue();
        assertThat(handOff.offer(batchOf(1), budget, NO_WAIT)).isEqualTo(Admission.CLOSED);
    }

    /** An offer on a thread of its own, returned once that thread waits for room (so a wake-up is what ends it). */
    private static CompletableFuture<Admission> waitingOffer(HandOff handOff, OutboundBatch batch, ByteBudget budget) {
        CompletableFuture<Admission> result = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                result.complete(handOff.offer(batch, budget, TimeUnit.MINUTES.toNanos(10)));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "waiting-offer");
        caller.setDaemon(true);
        caller.start();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> caller.getState() == Thread.State.TIMED_WAITING || result.isDone());
        assertThat(result).as("no room: the caller waits").isNotDone();
        return result;
    }
}
