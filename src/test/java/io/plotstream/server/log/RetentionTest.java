package io.plotstream.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deletion rule and its bookkeeping, without files. */
class RetentionTest {
    private final Retention retention = new Retention();

    @Test
    void aSealedSegmentGoesOnlyOnceEveryPlotInItIsCovered() {
        retention.written(Map.of("a", 5L, "b", 7L), 7);
        Path first = Path.of("0.seg");
        assertThat(retention.seal(first, 100)).isEmpty();
        assertThat(retention.checkpointed("a", 5)).isEmpty();
        assertThat(retention.checkpointed("b", 6)).isEmpty(); // b's last record there is 7
        assertThat(retention.checkpointed("b", 7)).extracting(s -> s.path).containsExactly(first);
        assertThat(retention.sealedSegments()).isZero();
    }

    @Test
    void theActiveSegmentIsNeverHandedOut() {
        retention.written(Map.of("a", 3L), 3);
        assertThat(retention.checkpointed("a", 3)).isEmpty();
        assertThat(retention.sealedSegments()).isZero();
    }

    @Test
    void checkpointsCoveringASegmentBeforeItIsSealedLetItGoAtOnce() {
        retention.written(Map.of("a", 3L), 3);
        retention.checkpointed("a", 3);
        assertThat(retention.seal(Path.of("0.seg"), 10)).hasSize(1);
    }

    @Test
    void checkpointEntriesOfPlotsThatNoSegmentHoldsAreDropped() {
        retention.written(Map.of("a", 3L), 3);
        retention.seal(Path.of("0.seg"), 10);
        for (int i = 0; i < 1000; i++) {
            retention.checkpointed("gone-" + i, 2); // plots with no records left anywhere
        }
        assertThat(retention.trackedPlots()).isZero();
        retention.checkpointed("a", 1);
        assertThat(retention.trackedPlots()).isEqualTo(1); // a still has records in 0.seg
    }

    @Test
    void aCheckpointAheadOfTheWrittenRecordsIsKeptForTheRecordsStillOnTheirWay() {
        retention.written(Map.of("a", 3L), 3);
        retention.checkpointed("b", 10); // b's records up to 10 are queued, not yet written
        assertThat(retention.trackedPlots()).isEqualTo(1);
        retention.written(Map.of("b", 10L), 10);
        assertThat(retention.seal(Path.of("0.seg"), 10)).isEmpty(); // a is uncovered
        assertThat(retention.checkpointed("a", 3)).hasSize(1); // b's entry covered its records
    }

    @Test
    void aForgottenPlotsEntryGoesOnceItsLastRecordsAreWrittenAndSealed() {
        retention.written(Map.of("a", 3L), 3);
        retention.checkpointed("deleted", 9); // forget: records up to 9 still on their way
        retention.written(Map.of("deleted", 9L, "a", 10L), 10);
        assertThat(retention.trackedPlots()).isEqualTo(1);
        assertThat(retention.seal(Path.of("0.seg"), 100)).isEmpty(); // a is uncovered
        assertThat(retention.trackedPlots()).isZero(); // nothing of "deleted" is held any more
    }
}
