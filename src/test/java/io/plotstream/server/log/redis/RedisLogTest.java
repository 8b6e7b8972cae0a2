package io.plotstream.server.log.redis;

import static io.plotstream.server.log.redis.Recorded.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plotstream.server.log.LogHealth;
import io.plotstream.server.log.LogUnavailableException;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.RecoveryReport;
import io.plotstream.testing.RedisPerClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Redis engine's appends, positions, recovery, checkpoints, and forget against a real redis-server. */
class RedisLogTest extends RedisPerClass {


    private RedisLog open(Recorded replayed) throws Exception {
        return open(plot -> OperationLog.NONE, replayed);
    }

    private RedisLog open(java.util.function.ToLongFunction<String> checkpoints, Recorded replayed) throws Exception {
        RedisLog log = RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of()));
        opened(log);
        log.recover(checkpoints, replayed);
        return log;
    }

    private RedisLog open() throws Exception {
        return open(new Recorded());
    }

    private Recorded recoverAnew() throws Exception {
        Recorded replayed = new Recorded();
        open(replayed);
        return replayed;
    }

    @Test
    void anAppendCompletesWithItsPositionAndEachPlotsPositionsGrowByOne() throws Exception {
        RedisLog log = open();
        long a = log.append("p1", bytes("one")).get(5, TimeUnit.SECONDS);
        long b = log.append("p2", bytes("two")).get(5, TimeUnit.SECONDS);
        long c = log.append("p1", bytes("three")).get(5, TimeUnit.SECONDS);
        assertThat(a).isEqualTo(1);
        assertThat(c).isEqualTo(2);
        assertThat(b).isEqualTo(1);
        assertThat(keys().xlen("ps:{p1}:log")).isEqualTo(2);
        LogHealth health = log.health();
        assertThat(health.writable()).isTrue();
        assertThat(health.problem()).isEmpty();
        assertThat(health.appends()).isEqualTo(3);

        Recorded replayed = recoverAnew();
        assertThat(replayed.of("p1")).containsExactly("one", "three");
        assertThat(replayed.of("p2")).containsExactly("two");
        assertThat(replayed.positionsOf("p1")).containsExactly(a, c);
    }

    @Test
    void positionsMeanTheSameOnEveryNodeAndKeepGrowingAcrossInstances() throws Exception {
        RedisLog first = open();
        RedisLog second = open();
        long one = first.append("shared", bytes("from first")).get(5, TimeUnit.SECONDS);
        long two = second.append("shared", bytes("from second")).get(5, TimeUnit.SECONDS);
        first.close();
        long three = open().append("shared", bytes("from a third")).get(5, TimeUnit.SECONDS);
        assertThat(List.of(one, two, three)).containsExactly(1L, 2L, 3L);
        assertThat(recoverAnew().of("shared")).containsExactly("from first", "from second", "from a third");
    }

    @Test
    void concurrentAppendsFromManyThreadsRecoverInEveryPlotsOrder() throws Exception {
        RedisLog log = open();
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<Long>> all = new ArrayList<>();
        try {
            List<Future<List<CompletableFuture<Long>>>> work = new ArrayList<>();
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
            for (Future<List<CompletableFuture<Long>>> w : work) {
                all.addAll(w.get(30, TimeUnit.SECONDS));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(log.health().appends()).isEqualTo(threads * perThread);

        Recorded replayed = recoverAnew();
        assertThat(replayed.count()).isEqualTo(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String plot = "plot-" + t;
            assertThat(replayed.of(plot)).containsExactlyElementsOf(
                    IntStream.range(0, perThread).mapToObj(i -> plot + ":" + i).collect(Collectors.toList()));
            assertThat(replayed.positionsOf(plot)).containsExactlyElementsOf(
                    IntStream.rangeClosed(1, perThread).mapToObj(i -> (long) i).collect(Collectors.toList()));
        }
    }

    @Test
    void recoveryReplaysOnlyRecordsAfterEachPlotsCheckpoint() throws Exception {
        RedisLog log = open();
        long first = log.append("p1", bytes("a")).get();
        log.append("p1", bytes("b")).get();
        log.append("p2", bytes("c")).get();

        Recorded replayed = new Recorded();
        RedisLog again = RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of()));
        opened(again);
        RecoveryReport report = again.recover(plot -> plot.equals("p1") ? first : OperationLog.NONE, replayed);
        assertThat(replayed.of("p1")).containsExactly("b");
        assertThat(replayed.of("p2")).containsExactly("c");
        assertThat(report).isEqualTo(new RecoveryReport(2, 2, 0, ""));
    }

    @Test
    void aCheckpointTrimsTheRecordsItCoversAndIsNeverLowered() throws Exception {
        RedisLog log = open();
        for (int i = 0; i < 10; i++) {
            log.append("p1", bytes("r" + i)).get();
        }
        log.checkpointed("p1", 6);
        waitUntil("the stream is trimmed to 4 entries", () -> keys().xlen("ps:{p1}:log") == 4);
        assertThat(keys().get("ps:{p1}:checkpoint")).isEqualTo("6");
        assertThat(keys().xrange("ps:{p1}:log", io.lettuce.core.Range.create("-", "+")).get(0).getId()).isEqualTo("0-7");

        log.checkpointed("p1", 3); // late, from another node: covers less
        log.checkpointed("p1", 8);
        waitUntil("the stream is trimmed to 2 entries", () -> keys().xlen("ps:{p1}:log") == 2);
        assertThat(keys().get("ps:{p1}:checkpoint")).isEqualTo("8");
        assertThat(log.append("p1", bytes("after")).get()).isEqualTo(11); // trimming never resets positions

        Recorded replayed = new Recorded();
        RedisLog again = RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of()));
        opened(again);
        RecoveryReport report = again.recover(plot -> 8, replayed);
        assertThat(replayed.of("p1")).containsExactly("r8", "r9", "after");
        assertThat(report.problem()).isEmpty();
    }

    @Test
    void recoveryNamesRecordsTrimmedBeyondTheGivenCheckpoint() throws Exception {
        RedisLog log = open();
        for (int i = 0; i < 5; i++) {
            log.append("p1", bytes("r" + i)).get();
        }
        log.checkpointed("p1", 3);
        waitUntil("the stream is trimmed", () -> keys().xlen("ps:{p1}:log") == 2);
        Recorded replayed = new Recorded();
        RedisLog again = RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of()));
        opened(again);
        RecoveryReport report = again.recover(plot -> 1, replayed);
        assertThat(replayed.of("p1")).containsExactly("r3", "r4");
        assertThat(report.problem()).contains("plot p1").contains("records 2..3 are gone");
    }

    @Test
    void forgetKeepsOnlyThePlotsLastEntryExpiringDropsItsCheckpointAndLeavesOtherPlots() throws Exception {
        RedisLog log = open();
        log.append("gone", bytes("x")).get();
        log.append("gone", bytes("y")).get();
        log.append("kept", bytes("z")).get();
        log.checkpointed("gone", 1);
        waitUntil("the checkpoint key is written", () -> keys().exists("ps:{gone}:checkpoint") == 1);
        log.forget("gone");
        waitUntil("the plot's checkpoint is deleted", () -> keys().exists("ps:{gone}:checkpoint") == 0);
        assertThat(keys().xlen("ps:{gone}:log")).isEqualTo(1);
        assertThat(keys().ttl("ps:{gone}:log")).isPositive();
        assertThat(keys().xlen("ps:{kept}:log")).isEqualTo(1);
        assertThat(keys().ttl("ps:{kept}:log")).isEqualTo(-1);
        assertThat(log.append("gone", bytes("again")).get()).isEqualTo(3); // positions are never reused
        Recorded replayed = recoverAnew();
        assertThat(replayed.of("gone")).containsExactly("y", "again");
        assertThat(replayed.of("kept")).containsExactly("z");
    }

    @Test
    void closeCompletesPendingAppendsIsIdempotentAndLaterAppendsFail() throws Exception {
        RedisLog log = open();
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
        assertThat(recoverAnew().of("p1")).hasSize(50);
    }

    @Test
    void appendBeforeRecoverAndBadArgumentsAreRefusedClearly() throws Exception {
        RedisLog log = RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of()));
        opened(log);
        assertThatThrownBy(() -> log.append("p1", bytes("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("recover()");
        log.recover(plot -> OperationLog.NONE, new Recorded());
        assertThatThrownBy(() -> log.append("", bytes("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plot id");
        assertThatThrownBy(() -> log.append("p1", new byte[RedisLog.MAX_RECORD_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p1")
                .hasMessageContaining(String.valueOf(RedisLog.MAX_RECORD_BYTES));
        assertThatThrownBy(() -> log.recover(plot -> OperationLog.NONE, new Recorded()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEmptyRedisRecoversCleanlyAndForeignKeysAreIgnored() throws Exception {
        keys().set("ps:{x}:something-else", "1");
        keys().set("unrelated", "1");
        Recorded replayed = new Recorded();
        RedisLog log = RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of()));
        opened(log);
        assertThat(log.recover(plot -> OperationLog.NONE, replayed)).isEqualTo(new RecoveryReport(0, 0, 0, ""));
    }

    static void waitUntil(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 20 s for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
