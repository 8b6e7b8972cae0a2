package io.plotstream.stream;

import io.plotstream.point.Point;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Drives shaping strategies without a thread or a socket: what a write would put on the wire. */
final class ShapingTesting {
    private ShapingTesting() {
    }

    /** The payload of a write (its chunks' bytes joined), as text. */
    static String payload(Sent sent) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            sent.writeTo((data, off, len) -> out.write(data, off, len));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Outcomes and counters to look at. */
    static BatchOutcomes outcomes(StreamCounters counters) {
        return new BatchOutcomes(new HandOff(), counters, "te****en");
    }

    /** Prepares a batch, charges it to a budget large enough never to matter (as admission would), and accepts it. */
    static OutboundBatch take(Shaping shaping, List<Point> points, RecordingDelivery delivery, long now,
                              BatchOutcomes outcomes) {
        OutboundBatch batch = shaping.prepare(points, delivery, now);
        batch.budget = new ByteBudget(Long.MAX_VALUE);
        try {
            batch.budget.charge(batch.chargedBytes, 0, () -> false);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        shaping.accept(batch, now, outcomes);
        return batch;
    }
}
