package io.plotstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.stream.HandOff.Admission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The byte budget and the batch queue between callers and the writer. */
class HandOffTest {
    private static final long NO_WAIT = 0;

    private static OutboundBatch batchOf(int encodedBytes) {
        return new OutboundBatch(1, new RecordingDelivery(), 0, new byte[encodedBytes], null);
    }

    @Test
    void aBatchTheWriterTookIsStillReportedAsWaitingUntilTheWriterPublishedItsOldest() throws Exception {
        // Between the writer's drain and its publish the batch is in neither place; the stats read
        // the hand-off first, so it keeps reporting the batch until the writer says it published.
        HandOff handOff = new HandOff(1_000);
        OutboundBatch older = new OutboundBatch(1, new RecordingDelivery(), 42, new byte[10], null);
        OutboundBatch newer = new OutboundBatch(1, new RecordingDelivery(), 43, new byte[10], null);
        handOff.offer(older, NO_WAIT);
        handOff.drainTo(new ArrayList<>());
        handOff.offer(newer, NO_WAIT);
        assertThat(handOff.oldestWaitingNanos()).as("taken, not yet published by the writer").isEqualTo(42);

        handOff.oldestPublished();
        assertThat(handOff.oldestWaitingNanos()).as("only the batch still waiting").isEqualTo(43);
        handOff.drainTo(new ArrayList<>());
        handOff.oldestPublished();
        assertThat(handOff.oldestWaitingNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void chargesEncodedBytesPlusBookkeepingUntilReleased() throws Exception {
        HandOff handOff = new HandOff(1_000);
        OutboundBatch batch = batchOf(100);
        assertThat(handOff.offer(batch, NO_WAIT)).isEqualTo(Admission.ACCEPTED);
        assertThat(handOff.chargedBytes()).isEqualTo(100 + OutboundBatch.BOOKKEEPING_BYTES_PER_POINT);
        handOff.release(batch.chargedBytes);
        assertThat(handOff.chargedBytes()).isZero();
    }

    @Test
    void aBatchThatDoesNotFitIsRefusedWholeAndTakesNoRoom() throws Exception {
        HandOff handOff = new HandOff(1_000);
        handOff.offer(batchOf(600), NO_WAIT);
        long before = handOff.chargedBytes();
        assertThat(handOff.offer(batchOf(600), NO_WAIT)).isEqualTo(Admission.NO_ROOM);
        assertThat(handOff.chargedBytes()).isEqualTo(before);
        List<OutboundBatch> drained = new ArrayList<>();
        handOff.drainTo(drained);
        assertThat(drained).hasSize(1);
    }

    @Test
    void aBatchLargerThanTheBudgetIsAdmittedIntoAnEmptyBuffer() throws Exception {
        HandOff handOff = new HandOff(1_000);
        assertThat(handOff.offer(batchOf(5_000), NO_WAIT)).isEqualTo(Admission.ACCEPTED);
        assertThat(handOff.offer(batchOf(1), NO_WAIT)).isEqualTo(Admission.NO_ROOM);
    }

    @Test
    void aWaitingOfferGoesInWhenRoomIsReleased() throws Exception {
        HandOff handOff = new HandOff(1_000);
        OutboundBatch first = batchOf(600);
        handOff.offer(first, NO_WAIT);
        CompletableFuture<Admission> waiting = CompletableFuture.supplyAsync(() -> offer(handOff, batchOf(600)));
        handOff.release(first.chargedBytes);
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(Admission.ACCEPTED);
    }

    @Test
    void closingWakesWaitingOffersAndRefusesNewOnes() throws Exception {
        HandOff handOff = new HandOff(1_000);
        handOff.offer(batchOf(900), NO_WAIT);
        CompletableFuture<Admission> waiting = CompletableFuture.supplyAsync(() -> offer(handOff, batchOf(900)));
        handOff.close();
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(Admission.CLOSED);
        assertThat(handOff.offer(batchOf(1), NO_WAIT)).isEqualTo(Admission.CLOSED);
    }

    @Test
    void theWriterDrainsEverythingOfferedInOrderAndLearnsOfACloseRequest() throws Exception {
        HandOff handOff = new HandOff(1_000_000);
        OutboundBatch a = batchOf(1);
        OutboundBatch b = batchOf(2);
        handOff.offer(a, NO_WAIT);
        handOff.offer(b, NO_WAIT);
        List<OutboundBatch> drained = new ArrayList<>();
        assertThat(handOff.drainTo(drained)).isFalse();
        assertThat(drained).containsExactly(a, b);
        assertThat(handOff.requestClose()).isTrue();
        assertThat(handOff.drainTo(drained)).isTrue();
        assertThat(handOff.offer(batchOf(1), NO_WAIT)).isEqualTo(Admission.CLOSED);
    }

    private static Admission offer(HandOff handOff, OutboundBatch batch) {
        try {
            return handOff.offer(batch, TimeUnit.MINUTES.toNanos(10));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
