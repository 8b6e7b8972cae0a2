package io.plotstream.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells batches their outcome, exactly once each, and keeps the counters and the byte budget in step
 * with it: a batch's bytes are freed before its callback runs, so a slow callback never holds back
 * waiting offers. Writer-thread only.
 */
final class BatchOutcomes {
    private static final Logger log = LoggerFactory.getLogger(BatchOutcomes.class);

    private final HandOff handOff;
    private final StreamCounters counters;
    private final String masked;

    BatchOutcomes(HandOff handOff, StreamCounters counters, String masked) {
        this.handOff = handOff;
        this.counters = counters;
        this.masked = masked;
    }

    /** {@code n} of the batch's points were confirmed; tells it once all are. */
    void settle(OutboundBatch batch, int n) {
        if (batch.settle(n)) {
            delivered(batch);
        }
    }

    /** Decimation dropped {@code n} of the batch's points: that is their configured outcome. */
    void fold(OutboundBatch batch, int n) {
        counters.decimated(n);
        settle(batch, n);
    }

    /** Every remaining point of the batch is confirmed at once (window writes, clean closes). */
    void settleAll(OutboundBatch batch) {
        settle(batch, batch.unsettled());
    }

    void failed(OutboundBatch batch, StreamException cause) {
        if (!batch.markTold()) {
            return;
        }
        handOff.release(batch);
        counters.settled(batch.size);
        try {
            batch.delivery.failed(cause);
        } catch (RuntimeException e) {
            log.warn("delivery callback for token {} threw", masked, e);
        }
    }

    private void delivered(OutboundBatch batch) {
        if (!batch.markTold()) {
            return;
        }
        handOff.release(batch);
        counters.delivered(batch.size);
        try {
            batch.delivery.delivered();
        } catch (RuntimeException e) {
            log.warn("delivery callback for token {} threw", masked, e);
        }
    }
}
