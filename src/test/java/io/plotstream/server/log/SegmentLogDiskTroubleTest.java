package io.plotstream.server.log;

import static io.plotstream.server.log.Recorded.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing write or force: nothing unforced is acknowledged, the log says why it is unwritable,
 * heals by itself (the tail cut back to the last forced offset) and every acknowledged record is
 * there after a restart.
 */
class SegmentLogDiskTroubleTest {

    @TempDir
    Path dataDir;

    private final FaultyChannel.Faults faults = new FaultyChannel.Faults();
    private final List<SegmentLog> opened = new ArrayList<>();
    private final List<String> acknowledged = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(SegmentLog::close);
    }

    private SegmentLog open() throws Exception {
        SegmentLog log = SegmentLog.open(dataDir, SegmentLogOptions.defaults().withChannels(faults.factory())
                .withRetryInterval(Duration.ofMillis(20)));
        opened.add(log);
        log.recover(plot -> OperationLog.NONE, new Recorded());
        return log;
    }

    private void appendAcknowledged(SegmentLog log, String text) throws Exception {
        log.append("p1", bytes(text)).get(10, TimeUnit.SECONDS);
        acknowledged.add(text);
    }

    private Recorded reopenReplay() throws Exception {
        SegmentLog log = SegmentLog.open(dataDir, SegmentLogOptions.defaults());
        opened.add(log);
        Recorded replayed = new Recorded();
        RecoveryReport report = log.recover(plot -> OperationLog.NONE, replayed);
        assertThat(report.problem()).isEmpty(); // the failed tail was cut before the log went on
        return replayed;
    }

    @Test
    void aFailedForceFailsEveryPendingAppendAndAcknowledgesNone() throws Exception {
        SegmentLog log = open();
        appendAcknowledged(log, "before");
        faults.closeGate();
        faults.failForces = true;
        CompletableFuture<Long> forcing = log.append("p1", bytes("in the failing batch"));
        assertThat(faults.forceEntered.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Long>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            queued.add(log.append("p1", bytes("queued " + i)));
        }
        faults.openGate();
        assertThatThrownBy(() -> forcing.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(LogUnavailableException.class).hasMessageContaining("No space left on device");
        for (CompletableFuture<Long> f : queued) {
            assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LogUnavailableException.class);
        }
        LogHealth health = log.health();
        assertThat(health.writable()).isFalse();
        assertThat(health.problem()).contains("cannot write").contains("No space left on device")
                .contains("retrying every 20 ms");
        assertThat(health.failures()).isEqualTo(21);
        assertThat(health.appends()).isEqualTo(1);
        assertThatThrownBy(() -> log.append("p1", bytes("while unwritable")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LogUnavailableException.class).hasMessageContaining("No space left on device");
    }

    @Test
    void afterAFailedForceTheLogHealsByItselfAndKeepsEveryAcknowledgedRecord() throws Exception {
        SegmentLog log = open();
        appendAcknowledged(log, "a");
        appendAcknowledged(log, "b");
        faults.failForces = true;
        assertThatThrownBy(() -> log.append("p1", bytes("lost")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LogUnavailableException.class);
        assertThat(log.health().writable()).isFalse();
        Waiting.until("heal attempts that fail too", () -> faults.failedOperations.get() >= 3);
        assertThat(log.health().writable()).isFalse();
        faults.failForces = false;
        Waiting.until("the log writable again", () -> log.health().writable());
        appendAcknowledged(log, "c");
        log.close();
        // this engine cuts the unforced tail, so the failed record is gone (the contract only says
        // it was never acknowledged)
        assertThat(reopenReplay().of("p1")).containsExactlyElementsOf(acknowledged);
    }

    @Test
    void aWriteFailingHalfwayIsCutBeforeNewAppendsFollowIt() throws Exception {
        SegmentLog log = open();
        appendAcknowledged(log, "a");
        faults.failWrites = true; // writes 3 bytes of the record, then fails
        faults.failTruncates = true; // and the first heal attempts fail as well
        assertThatThrownBy(() -> log.append("p1", bytes("torn")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LogUnavailableException.class).hasMessageContaining("write failed");
        Waiting.until("heal attempts that fail", () -> faults.failedOperations.get() >= 3);
        faults.failWrites = false;
        faults.failTruncates = false;
        Waiting.until("the log writable again", () -> log.health().writable());
        appendAcknowledged(log, "b");
        appendAcknowledged(log, "c");
        log.close();
        assertThat(reopenReplay().of("p1")).containsExactly("a", "b", "c");
    }

    @Test
    void aFailureWhileRollingHealsAndLaterSegmentsStayReadable() throws Exception {
        SegmentLog log = SegmentLog.open(dataDir, SegmentLogOptions.defaults().withChannels(faults.factory())
                .withRetryInterval(Duration.ofMillis(20)).withSegmentBytes(1024).withLimitBytes(1 << 20));
        opened.add(log);
        log.recover(plot -> OperationLog.NONE, new Recorded());
        for (int i = 0; i < 30; i++) {
            appendAcknowledged(log, String.format("%080d", i));
        }
        faults.failForces = true;
        for (int i = 0; i < 15; i++) { // some of these need a roll, whose force fails
            assertThatThrownBy(() -> log.append("p1", new byte[80]).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(LogUnavailableException.class);
        }
        faults.failForces = false;
        Waiting.until("the log writable again", () -> log.health().writable());
        for (int i = 30; i < 60; i++) {
            appendAcknowledged(log, String.format("%080d", i));
        }
        log.close();
        assertThat(reopenReplay().of("p1")).containsExactlyElementsOf(acknowledged);
    }

    @Test
    void closeDuringDiskTroubleReturnsAndRefusesLaterAppends() throws Exception {
        SegmentLog log = open();
        appendAcknowledged(log, "a");
        faults.failForces = true;
        assertThatThrownBy(() -> log.append("p1", bytes("failed")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LogUnavailableException.class);
        log.close(); // the committer is waiting to retry; close must not wait for the disk to heal
        assertThatThrownBy(() -> log.append("p1", bytes("late")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LogUnavailableException.class);
        faults.failForces = false;
        assertThat(reopenReplay().of("p1")).containsExactly("a");
    }

    @Test
    void aDiskThatKeepsFailingAfterEachHealIsOneEpisodeUntilACommitSucceeds() throws Exception {
        SegmentLog log = open();
        faults.failDataForces = true; // every heal succeeds, every commit fails: the log flaps
        for (int i = 0; i < 5; i++) {
            Waiting.until("the log healed", () -> log.health().writable());
            assertThatThrownBy(() -> log.append("p1", bytes("fails")).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(LogUnavailableException.class);
        }
        assertThat(log.troubleEpisodes()).isEqualTo(1); // one ERROR, not one per failed append
        faults.failDataForces = false;
        Waiting.until("the log healed", () -> log.health().writable());
        appendAcknowledged(log, "ok");
        faults.failDataForces = true;
        assertThatThrownBy(() -> log.append("p1", bytes("fails again")).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LogUnavailableException.class);
        assertThat(log.troubleEpisodes()).isEqualTo(2); // a commit succeeded in between: a new episode
    }
}
