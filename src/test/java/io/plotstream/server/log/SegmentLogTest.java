package io.plotstream.server.log;

import static io.plotstream.server.log.Replayed.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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

    private SegmentLog open(SegmentLogOptions options, Replayed replayed) throws Exception {
        SegmentLog log = SegmentLog.open(dataDir, options);
        opened.add(log);
        log.recover(plot -> OperationLog.NONE, replayed);
        return log;
    }

    private SegmentLog open() throws Exception {
        return open(SegmentLogOptions.defaults(), new Replayed());
    }

    private Replayed reopen() throws Exception {
        Replayed replayed = new Replayed();
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
        LogHealth health = log.health();
        assertThat(health.writable()).isTrue();
        assertThat(health.problem()).isEmpty();
        assertThat(health.appends()).isEqualTo(3);
        assertThat(health.commits()).isBetween(1L, 3L);
        assertThat(health.bytesUsed()).isEqualTo(3L * (18 + 2) + 3 + 3 + 5);
        log.close();

        Replayed replayed = reopen();
        assertThat(replayed.of("p1")).containsExactly("one", "three");
        assertThat(replayed.of("p2")).containsExactly("two");
        assertThat(replayed.positions.get("p1")).containsExactly(a, c);
    }

    @Test
    void recoveryReplaysOnlyRecordsAfterEachPlotsCheckpoint() throws Exception {
        SegmentLog log = open();
        long first = log.append("p1", bytes("a")).get();
        log.append("p1", bytes("b")).get();
        log.append("p2", bytes("c")).get();
        log.close();

        SegmentLog again = SegmentLog.open(dataDir, SegmentLogOptions.defaults());
        opened.add(again);
        Replayed replayed = new Replayed();
        RecoveryReport report = again.recover(plot -> plot.equals("p1") ? first : OperationLog.NONE, replayed);
        assertThat(replayed.of("p1")).containsExactly("b");
        assertThat(replayed.of("p2")).containsExactly("c");
        assertThat(report).isEqualTo(new RecoveryReport(2, 2, 0, ""));
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
    void concurrentAppendsFromManyThreadsRecoverInEveryPlotsOrder() throws Exception {
        SegmentLog log = open();
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Long>> all = new ArrayList<>();
            List<java.util.concurrent.Future<List<CompletableFuture<Long>>>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String plot = "plot-" + t;
                work.add(pool.submit(() -> {
                    List<CompletableFuture<Long>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        mine.add(log.append(plot, bytes(plot + ":" + i)));
                    }
                    return mine;
                }));
            }
            for (var w : work) {
                all.addAll(w.get(30, TimeUnit.SECONDS));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(log.health().appends()).isEqualTo(threads * perThread);
        log.close();

        Replayed replayed = reopen();
        assertThat(replayed.count).isEqualTo(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String plot = "plot-" + t;
            assertThat(replayed.of(plot)).containsExactlyElementsOf(
                    IntStream.range(0, perThread).mapToObj(i -> plot + ":" + i).collect(Collectors.toList()));
        }
    }

    @Test
    void appendsThatArriveDuringAForceShareTheNextCommit() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        SegmentLog log = open(SegmentLogOptions.defaults().withChannels(faults.factory()), new Replayed());
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
        CompletableFuture.allOf(waiting.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        assertThat(first).isDone();
        LogHealth health = log.health();
        assertThat(health.appends()).isEqualTo(101);
        assertThat(health.commits()).isEqualTo(2); // one for the first, one for the 100 that gathered
    }

    @Test
    void closeCommitsWhatIsPendingIsIdempotentAndLaterAppendsFail() throws Exception {
        SegmentLog log = open();
        List<CompletableFuture<Long>> pending = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pending.add(log.append("p1", bytes("r" + i)));
        }
        log.close();
        log.close();
        assertThat(pending).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        CompletableFuture<Long> late = log.append("p1", bytes("late"));
        assertThatThrownBy(late::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(LogUnavailableException.class).hasMessageContaining("closed");
        assertThat(log.health().writable()).isFalse();
        assertThat(reopen().of("p1")).hasSize(50);
    }

    @Test
    void appendBeforeRecoverAndBadArgumentsAreRefusedClearly() throws Exception {
        SegmentLog log = SegmentLog.open(dataDir, SegmentLogOptions.defaults());
        opened.add(log);
        assertThatThrownBy(() -> log.append("p1", bytes("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("recover()");
        log.recover(plot -> OperationLog.NONE, new Replayed());
        assertThatThrownBy(() -> log.append("", bytes("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plot id");
        assertThatThrownBy(() -> log.append("p1", new byte[RecordFormat.MAX_PAYLOAD_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p1")
                .hasMessageContaining(String.valueOf(RecordFormat.MAX_PAYLOAD_BYTES));
        assertThatThrownBy(() -> log.recover(plot -> OperationLog.NONE, new Replayed()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAppendWaitsForRoomAmongPendingRecordsThenFailsAsBusy() throws Exception {
        FaultyChannel.Faults faults = new FaultyChannel.Faults();
        SegmentLog log = open(SegmentLogOptions.defaults().withChannels(faults.factory())
                .withMaxPendingBytes(1024).withAppendTimeout(Duration.ofMillis(200)), new Replayed());
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
}
