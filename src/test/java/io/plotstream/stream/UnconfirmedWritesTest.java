package io.plotstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The confirmation rules, one per mode, on writes that only record whether they were confirmed. */
class UnconfirmedWritesTest {
    private final BatchOutcomes outcomes = new BatchOutcomes(new HandOff(), new StreamCounters(), "ab****yz");
    private final UnconfirmedWrites writes = new UnconfirmedWrites();
    private final List<String> confirmed = new ArrayList<>();
    private long acknowledged;

    private Write write(String name, long flushedNanos, long lastLine) {
        Write w = new Write(name);
        w.flushedNanos = flushedNanos;
        w.lastLine = lastLine;
        writes.add(w);
        return w;
    }

    @Test
    void undecidedConfirmsNothingWhateverTheTime() {
        write("a", 0, 1);
        assertThat(writes.anyDue(Long.MAX_VALUE / 2)).isFalse();
        assertThat(writes.confirmDue(Long.MAX_VALUE / 2, outcomes)).isFalse();
        assertThat(writes.nextDueNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(writes.confirmsByTime()).isFalse();
    }

    @Test
    void acknowledgedConfirmsAWriteExactlyWhenTheCountCoversItsLastLine() {
        writes.use(new AckedConfirmation(() -> acknowledged));
        write("lines 1-2", 0, 2);
        write("line 3", 0, 3);
        acknowledged = 1;
        assertThat(writes.confirmDue(1_000_000_000_000L, outcomes)).as("time counts for nothing").isFalse();
        acknowledged = 2;
        writes.confirmDue(0, outcomes);
        assertThat(confirmed).containsExactly("lines 1-2");
        acknowledged = 3;
        writes.confirmDue(0, outcomes);
        assertThat(confirmed).containsExactly("lines 1-2", "line 3");
        assertThat(writes.nextDueNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void delayConfirmsOnceTheConnectionStayedHealthyForTheAckDelay() {
        writes.use(new DelayConfirmation(50));
        write("a", 100, 1);
        assertThat(writes.nextDueNanos()).isEqualTo(150);
        assertThat(writes.confirmsByTime()).isTrue();
        assertThat(writes.confirmDue(149, outcomes)).isFalse();
        assertThat(writes.confirmDue(150, outcomes)).isTrue();
        assertThat(confirmed).containsExactly("a");
    }

    @Test
    void confirmAcknowledgedTakesOnlyWritesWithinTheCount() {
        write("a", 0, 1);
        write("b", 0, 4);
        assertThat(writes.confirmAcknowledged(3, outcomes)).isTrue();
        assertThat(confirmed).containsExactly("a");
        assertThat(writes.takeNewestFirst()).extracting(w -> ((Write) w).name).containsExactly("b");
    }

    /** A write that records its confirmation. */
    private final class Write extends Sent {
        final String name;

        Write(String name) {
            this.name = name;
        }

        @Override
        int lines() {
            return 1;
        }

        @Override
        long oldestEnqueuedNanos() {
            return 0;
        }

        @Override
        void writeTo(ChunkOut out) {
        }

        @Override
        void confirm(BatchOutcomes outcomes) {
            confirmed.add(name);
        }

        @Override
        void fail(BatchOutcomes outcomes, StreamException cause) {
        }
    }
}
