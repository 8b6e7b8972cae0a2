package io.plotstream.server.log.redis;

import static io.plotstream.server.log.Recorded.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.Recorded;
import io.plotstream.server.log.RecoveryReport;
import io.plotstream.testing.RedisPerClass;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        // health and recovery as every engine's: OperationLogContract
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
