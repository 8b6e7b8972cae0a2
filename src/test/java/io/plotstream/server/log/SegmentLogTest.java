package io.plotstream.server.log;

import static io.plotstream.server.log.Recorded.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded engine's appends, group commit, recovery and lifecycle on real files. */
class SegmentLogTest {

    @TempDir
    Path dataDir;

    private final List<SegmentLog> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(SegmentLog::close);
    }

    private SegmentLog open(SegmentLogOptions options, Recorded replayed) throws Exception {
        SegmentLog log = SegmentLog.open(dataDir, options);
        opened.add(log);
        log.recover(plot -> OperationLog.NONE, replayed);
        return log;
    }

    private SegmentLog open() throws Exception {
        return open(SegmentLogOptions.defaults(), new Recorded());
    }

    private Recorded reopen() throws Exception {
        Recorded replayed = new Recorded();
        open(SegmentLogOptions.defaults(), replayed);
        return replayed;
    }

    @Test
    void anAppendCompletesWithItsPositionOnceDurableAndPositionsFollowAppendOrder() throws Exception {
        SegmentLog log = open();
        long a = log.append("p1", bytes("one")).get(5, TimeUnit.SECONDS);
        long b = log.append("p2", bytes("two")).get(5, TimeUnit.SECONDS);
        long c = log.append("p1", bytes("three")).get(5, TimeUnit.SECONDS);
        assertThat(a).isLessThan(b);
        assertThat(b).isLessThan(c);
        LogHealth health = log.health(); // health and recovery as every engine's: OperationLogContract
        assertThat(health.commits()).isBetween(1L, 3L);
        assertThat(health.bytesUsed()).isEqualTo(3L * (18 + 2) + 3 + 3 + 5);
    }

    @Test
    void positionsKeepGrowingAcrossARestart() throws Exception {
        SegmentLog log = open();
        long before = log.append("p1", bytes("a")).get();
        log.close();
        SegmentLog again = open();
        long after = again.append("p1", bytes("b")).get();
        assertThat(after).isGreaterThan(before + SegmentLog.RESTART_GAP - 1);
        again.close();
        assertThat(reopen().of("p1")).containsExactly("a", "b");
    }

    @Test
    void appendsThatArriveDuringAForceShareTheNextCommit() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        SegmentLog log = open(SegmentLogOptions.defaults().withChannels(faults.factory()), new Recorded());
        faults.closeGate();
        CompletableFuture<Long> first = log.append("p1", bytes("first"));
        assertThat(faults.forceEntered.await(10, TimeUnit.SECONDS)).isTrue(); // the first commit is forcing
        List<CompletableFuture<Long>> waiting = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            waiting.add(log.append("p" + (i % 5), bytes("r" + i)));
        }
        assertThat(first).isNotDone();
        assertThat(waiting).noneMatch(CompletableFuture::isDone); // nothing acknowledged before its force
        faults.openGate();
        CompletableFuture.allOf(waiting.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
        assertThat(first).isDone();
        LogHealth health = log.health();
        assertThat(health.appends()).isEqualTo(101);
        assertThat(health.commits()).isEqualTo(2); // one for the first, one for the 100 that gathered
    }

    @Test
    void anAppendWaitsForRoomAmongPendingRecordsThenFailsAsBusy() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        SegmentLog log = open(SegmentLogOptions.defaults().withChannels(faults.factory())
                .withMaxPendingBytes(1024).withAppendTimeout(Duration.ofMillis(200)), new Recorded());
        faults.closeGate();
        CompletableFuture<Long> first = log.append("p1", new byte[900]);
        assertThat(faults.forceEntered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Long> refused = log.append("p1", new byte[900]);
        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(LogUnavailableException.class)
                .hasMessageContaining("busy");
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<CompletableFuture<Long>> blocked = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            return log.append("p1", new byte[900]);
        });
        started.await();
        faults.openGate();
        first.get(10, TimeUnit.SECONDS);
        assertThat(blocked.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS)).isGreaterThan(first.get());
        assertThat(log.health().failures()).isEqualTo(1);
    }

    @Test
    void anAppendFromACompletionCallbackNeverWaitsForRoomOnTheCommittersOwnThread() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        SegmentLog log = open(SegmentLogOptions.defaults().withChannels(faults.factory())
                .withMaxPendingBytes(1024).withAppendTimeout(Duration.ofSeconds(60)), new Recorded());
        faults.closeGate();
        CompletableFuture<Long> first = log.append("p1", new byte[500]);
        assertThat(faults.forceEntered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Long> queued = log.append("p1", new byte[400]);
        // runs on the committer when first completes, while queued still holds 400 of the 1024 bytes
        CompletableFuture<Long> fromCallback = first.thenCompose(position -> log.append("p1", new byte[900]));
        faults.openGate();
        assertThatThrownBy(() -> fromCallback.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LogUnavailableException.class).hasMessageContaining("cannot wait for room");
        assertThat(queued.get(10, TimeUnit.SECONDS)).isGreaterThan(first.get());
    }
}
