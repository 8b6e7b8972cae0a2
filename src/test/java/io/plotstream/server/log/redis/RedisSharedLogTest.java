package io.plotstream.server.log.redis;

import static io.plotstream.server.log.Recorded.bytes;
import static io.plotstream.server.log.redis.RedisLogTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.Range;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.PlotExistsInLogException;
import io.plotstream.server.log.Recorded;
import io.plotstream.server.log.StoredCheckpoint;
import io.plotstream.testing.RedisPerClass;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared-log side of the Redis engine (what a cluster's nodes need) against a real redis-server. */
class RedisSharedLogTest extends RedisPerClass {


    private RedisLog node() throws Exception {
        RedisLog log = RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of()));
        opened(log);
        log.recover(plot -> OperationLog.NONE, new Recorded());
        return log;
    }

    private static long await(CompletableFuture<Long> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    @Test
    void twoNodesCreatingTheSamePlotAtOnceHaveExactlyOneWinnerAndTheOtherHearsItExists() throws Exception {
        RedisLog a = node();
        RedisLog b = node();
        for (int round = 0; round < 50; round++) {
            String plot = "raced-" + round;
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<CompletableFuture<Long>> fromA = CompletableFuture.supplyAsync(() -> {
                awaitLatch(go);
                return a.appendDefinition(plot, bytes("define by a"), true);
            });
            CompletableFuture<CompletableFuture<Long>> fromB = CompletableFuture.supplyAsync(() -> {
                awaitLatch(go);
                return b.appendDefinition(plot, bytes("define by b"), true);
            });
            go.countDown();
            List<CompletableFuture<Long>> both = List.of(fromA.get(5, TimeUnit.SECONDS), fromB.get(5, TimeUnit.SECONDS));
            int won = 0;
            for (CompletableFuture<Long> attempt : both) {
                try {
                    assertThat(await(attempt)).isEqualTo(1);
                    won++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(PlotExistsInLogException.class).hasMessageContaining(plot);
                }
            }
            assertThat(won).as("winners of round " + round).isEqualTo(1);
            assertThat(keys().xlen("ps:{" + plot + "}:log")).isEqualTo(1);
            assertThat(keys().get("ps:{" + plot + "}:live")).isEqualTo("1");
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aDefinitionThatMayReplaceAppendsToALivePlotAndEveryDefinitionAndDeletionIsAnnounced() throws Exception {
        RedisLog log = node();
        assertThat(await(log.appendDefinition("p", bytes("create"), true))).isEqualTo(1);
        assertThat(await(log.append("p", bytes("points")))).isEqualTo(2);
        assertThat(await(log.appendDefinition("p", bytes("replace"), false))).isEqualTo(3);
        assertThat(await(log.appendDeletion("p", bytes("delete")))).isEqualTo(4);
        assertThat(keys().exists("ps:{p}:live")).isZero();
        List<String> announced = keys().xrange("ps:catalog", Range.create("-", "+")).stream()
                .map(entry -> entry.getBody().get("plot")).toList();
        assertThat(announced).containsExactly("p", "p", "p");
        assertThat(log.health().appends()).isEqualTo(4);
    }

    @Test
    void aPlotDeletedAndForgottenKeepsOnlyItsDeletionForAWeekAndARecreateContinuesItsPositions() throws Exception {
        RedisLog log = node();
        await(log.appendDefinition("p", bytes("create"), true));
        await(log.append("p", bytes("points")));
        long deleted = await(log.appendDeletion("p", bytes("delete")));
        assertThat(log.storeCheckpoint("p", deleted, bytes("final state")).get(5, TimeUnit.SECONDS)).isTrue();
        log.forget("p");
        waitUntil("the stored checkpoint is dropped", () -> keys().exists("ps:{p}:state", "ps:{p}:checkpoint") == 0);
        // the final checkpoint covered the deletion too; the stream keeps just that last entry (and its id)
        assertThat(keys().exists("ps:{p}:log")).isEqualTo(1);
        assertThat(keys().xlen("ps:{p}:log")).isEqualTo(1);
        assertThat(keys().ttl("ps:{p}:log")).isBetween(Duration.ofDays(7).toSeconds() - 60, Duration.ofDays(7).toSeconds());
        assertThat(log.loadCheckpoint("p")).isEmpty();
        assertThat(log.plotIds()).contains("p");

        assertThat(await(log.appendDefinition("p", bytes("created again"), true))).isEqualTo(deleted + 1);
        assertThat(keys().ttl("ps:{p}:log")).as("a live plot's log never expires").isEqualTo(-1);
        assertThat(keys().get("ps:{p}:live")).isEqualTo("1");
    }

    @Test
    void forgetWithoutACheckpointKeepsTheDeletionAsTheLogsOnlyEntry() throws Exception {
        RedisLog log = node();
        await(log.appendDefinition("p", bytes("create"), true));
        await(log.append("p", bytes("points")));
        await(log.appendDeletion("p", bytes("delete")));
        log.forget("p");
        waitUntil("the log is trimmed to its last entry", () -> keys().xlen("ps:{p}:log") == 1);
        assertThat(keys().xrange("ps:{p}:log", Range.create("-", "+")).get(0).getId()).isEqualTo("0-3");
        assertThat(keys().ttl("ps:{p}:log")).isPositive();
    }

    @Test
    void forgetLeavesAPlotAloneThatWasCreatedAgainMeanwhile() throws Exception {
        RedisLog log = node();
        await(log.appendDefinition("p", bytes("create"), true));
        await(log.appendDeletion("p", bytes("delete")));
        await(log.appendDefinition("p", bytes("create again"), true));
        await(log.append("p", bytes("points")));
        log.forget("p"); // late: the deletion's forget arrives after another node's re-create
        assertThat(log.loadCheckpoint("p")).isEmpty(); // a command behind forget on the same connection
        assertThat(keys().xlen("ps:{p}:log")).isEqualTo(4);
        assertThat(keys().ttl("ps:{p}:log")).isEqualTo(-1);
    }

    @Test
    void aStoredCheckpointIsRaisedOnlyLoadedWithItsStateAndTrimsTheRecordsItCovers() throws Exception {
        RedisLog log = node();
        for (int i = 1; i <= 10; i++) {
            await(log.append("p", bytes("r" + i)));
        }
        assertThat(log.loadCheckpoint("p")).isEmpty();
        assertThat(log.storeCheckpoint("p", 6, bytes("state at 6")).get(5, TimeUnit.SECONDS)).isTrue();
        // the covered records go but the last of them: a log once checkpointed is never empty
        assertThat(keys().xlen("ps:{p}:log")).isEqualTo(5);
        assertThat(keys().xrange("ps:{p}:log", Range.create("-", "+")).get(0).getId()).isEqualTo("0-6");
        assertThat(log.storeCheckpoint("p", 3, bytes("late state at 3")).get(5, TimeUnit.SECONDS)).isFalse();
        assertThat(log.storeCheckpoint("p", 6, bytes("same position")).get(5, TimeUnit.SECONDS)).isFalse();
        assertLoaded(log.loadCheckpoint("p"), 6, "state at 6");

        log.checkpointed("p", 9); // a bare trim mark must not claim more than the stored state holds
        assertLoaded(log.loadCheckpoint("p"), 6, "state at 6");
        assertThat(keys().xlen("ps:{p}:log")).isEqualTo(5);

        assertThat(log.storeCheckpoint("p", 8, bytes("state at 8")).get(5, TimeUnit.SECONDS)).isTrue();
        assertLoaded(log.loadCheckpoint("p"), 8, "state at 8");
        assertThat(keys().xlen("ps:{p}:log")).isEqualTo(3);
        assertThat(await(log.append("p", bytes("r11")))).isEqualTo(11);
        assertThatThrownBy(() -> log.storeCheckpoint("p", -1, bytes("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plot p");
    }

    private static void assertLoaded(Optional<StoredCheckpoint> loaded, long position, String state) {
        assertThat(loaded).isPresent();
        assertThat(loaded.get().position()).isEqualTo(position);
        assertThat(new String(loaded.get().state(), StandardCharsets.UTF_8)).isEqualTo(state);
    }

    @Test
    void theCheckpointLeaseIsHeldByOneNodeAtATimeExtendedByItsHolderAndFreeOnceItExpires() throws Exception {
        RedisLog a = node();
        RedisLog b = node();
        assertThat(a.claimCheckpoint("p", "node-a", Duration.ofSeconds(30))).isTrue();
        assertThat(b.claimCheckpoint("p", "node-b", Duration.ofSeconds(30))).isFalse();
        assertThat(a.claimCheckpoint("p", "node-a", Duration.ofMillis(300))).isTrue();
        assertThat(b.claimCheckpoint("other", "node-b", Duration.ofSeconds(30))).isTrue();
        waitUntil("node b gets the lease once node a's expired", () -> b.claimCheckpoint("p", "node-b", Duration.ofSeconds(30)));
        assertThat(a.claimCheckpoint("p", "node-a", Duration.ofSeconds(30))).isFalse();
        assertThat(keys().get("ps:{p}:lease")).isEqualTo("node-b");
    }

    @Test
    void plotIdsListsEveryPlotWithALogSortedAndNothingElse() throws Exception {
        RedisLog log = node();
        await(log.appendDefinition("zeta", bytes("d"), true));
        await(log.append("alpha", bytes("x")));
        await(log.appendDefinition("mid", bytes("d"), true));
        keys().set("ps:{lonely}:checkpoint", "3");
        assertThat(log.plotIds()).containsExactly("alpha", "mid", "zeta");
    }
}
