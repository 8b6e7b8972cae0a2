package io.plotstream.server.log.redis;

import static io.plotstream.server.log.Recorded.bytes;
import static io.plotstream.server.log.redis.RedisLogTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plotstream.server.log.LogUnavailableException;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.Recorded;
import io.plotstream.testing.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis killed, frozen and restarted under a live log: appends fail clearly while it is away, succeed
 * again by themselves once it is back, nothing piles up, and no acknowledged record is ever missing.
 */
class RedisLogOutageTest {

    @TempDir
    Path redisDir;

    private RedisServerProcess redis;
    private final List<RedisLog> opened = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.start(redisDir);
    }

    @AfterEach
    void stopAll() throws Exception {
        opened.forEach(RedisLog::close);
        if (redis != null) {
            redis.close();
        }
    }

    private RedisLog open(RedisLogOptions options, Recorded replayed) throws Exception {
        RedisLog log = RedisLog.open(options);
        opened.add(log);
        log.recover(plot -> OperationLog.NONE, replayed);
        return log;
    }

    private RedisLog open() throws Exception {
        return open(RedisLogOptions.of(redis.uri(), Map.of()), new Recorded());
    }

    @Test
    void whileRedisIsDownAppendsFailAndHealthSaysWhyThenTheySucceedOnceItIsBack() throws Exception {
        RedisLog log = open();
        assertThat(log.append("p1", bytes("before")).get(5, TimeUnit.SECONDS)).isEqualTo(1);
        String where = "redis unreachable at 127.0.0.1:" + redis.port();

        redis.kill();
        waitUntil("health reports the lost connection", () -> !log.health().writable());
        assertThat(log.health().problem()).startsWith(where);
        CompletableFuture<Long> refused = log.append("p1", bytes("while down"));
        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(LogUnavailableException.class)
                .hasMessageContaining(where);
        assertThat(log.health().failures()).isGreaterThanOrEqualTo(1);

        redis.restart();
        waitUntil("the log reconnected by itself", () -> log.health().writable());
        assertThat(log.append("p1", bytes("after")).get(5, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(log.health().problem()).isEmpty();

        Recorded replayed = new Recorded();
        open(RedisLogOptions.of(redis.uri(), Map.of()), replayed);
        assertThat(replayed.of("p1")).containsExactly("before", "after");
    }

    @Test
    void everyAcknowledgedRecordIsThereAfterKillNineOfRedisAndARestart() throws Exception {
        RedisLog log = open();
        int writers = 4;
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            String plot = "plot-" + t;
            Thread writer = new Thread(() -> {
                List<CompletableFuture<Long>> window = new ArrayList<>();
                for (int i = 0; !stop.get(); i++) {
                    String record = plot + ":" + i;
                    window.add(log.append(plot, bytes(record)).whenComplete((position, error) -> {
                        if (error == null) {
                            acknowledged.add(record);
                        } else {
                            failed.incrementAndGet();
                        }
                    }));
                    if (window.size() == 32) { // an ingest thread with a bounded number of lines unacknowledged
                        CompletableFuture.allOf(window.toArray(new CompletableFuture[0]))
                                .exceptionally(e -> null).join();
                        window.clear();
                    }
                }
                CompletableFuture.allOf(window.toArray(new CompletableFuture[0])).exceptionally(e -> null).join();
            }, "writer-" + plot);
            threads.add(writer);
            writer.start();
        }
        try {
            waitUntil("500 records acknowledged", () -> acknowledged.size() >= 500);
            redis.kill();
            waitUntil("appends fail while redis is down", () -> failed.get() >= 100);
            int beforeRestart = acknowledged.size();
            redis.restart();
            waitUntil("500 more records acknowledged after the restart",
                    () -> acknowledged.size() >= beforeRestart + 500);
        } finally {
            stop.set(true);
            for (Thread writer : threads) {
                writer.join(30_000);
            }
        }

        Recorded replayed = new Recorded();
        open(RedisLogOptions.of(redis.uri(), Map.of()), replayed);
        for (int t = 0; t < writers; t++) {
            String plot = "plot-" + t;
            List<String> records = replayed.of(plot);
            assertThat(records).doesNotHaveDuplicates(); // nothing re-sent after the reconnect
            List<Integer> order = records.stream().map(r -> Integer.parseInt(r.substring(r.indexOf(':') + 1))).toList();
            assertThat(order).isSorted();
        }
        List<String> all = new ArrayList<>();
        for (int t = 0; t < writers; t++) {
            all.addAll(replayed.of("plot-" + t));
        }
        assertThat(all).containsAll(acknowledged);
        assertThat(failed.get()).isGreaterThan(0);
    }

    @Test
    void commandsWaitingForAnAnswerAreBoundedAndAnAppendBeyondTheBoundFailsAtOnce() throws Exception {
        RedisLog log = open(RedisLogOptions.of(redis.uri(), Map.of()).withMaxPendingCommands(10), new Recorded());
        log.append("p1", bytes("warm")).get(5, TimeUnit.SECONDS);
        redis.freeze();
        List<CompletableFuture<Long>> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                waiting.add(log.append("p1", bytes("r" + i)));
            }
            CompletableFuture<Long> beyond = log.append("p1", bytes("one too many"));
            assertThatThrownBy(() -> beyond.get(1, TimeUnit.SECONDS)).hasCauseInstanceOf(LogUnavailableException.class)
                    .hasMessageContaining("10 commands unanswered");
            assertThat(waiting).noneMatch(CompletableFuture::isDone);
            assertThat(log.health().writable()).isFalse();
        } finally {
            redis.thaw();
        }
        CompletableFuture.allOf(waiting.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        assertThat(log.append("p1", bytes("after")).get(5, TimeUnit.SECONDS)).isEqualTo(12);
        assertThat(log.health().writable()).isTrue();
    }

    @Test
    void anAppendRedisDoesNotAnswerInTimeFailsAndIsNeverAcknowledgedLater() throws Exception {
        RedisLog log = open(RedisLogOptions.of(redis.uri(), Map.of()).withCommandTimeout(Duration.ofMillis(1000)),
                new Recorded());
        redis.freeze();
        CompletableFuture<Long> slow;
        try {
            slow = log.append("p1", bytes("late"));
            assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LogUnavailableException.class)
                    .hasMessageContaining("did not answer within 1000 ms");
            assertThat(log.health().problem()).contains("did not answer");
        } finally {
            redis.thaw();
        }
        // The machine may be loaded: retry until one append is answered within the 1 s timeout.
        waitUntil("an append is answered in time again", () -> {
            try {
                return log.append("p1", bytes("next")).get(5, TimeUnit.SECONDS) > 0;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(slow).isCompletedExceptionally();
        assertThat(log.health().writable()).isTrue();
    }

    @Test
    void aTailHearsRedisGoAndComeBackOnceEachAndContinuesWithoutLosingOrRepeatingRecords() throws Exception {
        RedisLog writer = open();
        RedisLog reader = open();
        TailEvents events = new TailEvents();
        io.plotstream.server.log.LogTail tail = reader.tail(Map.of(), events, Duration.ofHours(1));
        writer.appendDefinition("p", bytes("define"), true).get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            writer.append("p", bytes("before" + i)).get(5, TimeUnit.SECONDS);
        }
        waitUntil("the tail read what was there", () -> events.count("p") == 21);
        redis.kill();
        waitUntil("the tail heard redis go", () -> events.heard("down"));
        redis.restart();
        waitUntil("the tail heard redis come back", () -> events.heard("up"));
        waitUntil("the writer reconnected", () -> writer.health().writable());
        writer.appendDefinition("q", bytes("define q"), true).get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            writer.append("p", bytes("after" + i)).get(5, TimeUnit.SECONDS);
        }
        waitUntil("the tail read the records appended after the restart", () -> events.count("p") == 41 && events.count("q") == 1);
        List<String> expected = new ArrayList<>(List.of("define"));
        for (int i = 0; i < 20; i++) {
            expected.add("before" + i);
        }
        for (int i = 0; i < 20; i++) {
            expected.add("after" + i);
        }
        assertThat(events.of("p")).containsExactlyElementsOf(expected);
        assertThat(events.positionsOf("p")).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 41).boxed().toList());
        assertThat(tail.position("p")).isEqualTo(41);
        assertThat(events.events().stream().filter(e -> e.equals("down") || e.equals("up")).toList())
                .containsExactly("down", "up");
    }

    @Test
    void whileRedisIsDownNoLeaseIsClaimedAndSharedCallsFailNamingRedis() throws Exception {
        RedisLog log = open();
        log.appendDefinition("p", bytes("define"), true).get(5, TimeUnit.SECONDS);
        redis.kill();
        waitUntil("the log noticed", () -> !log.health().writable());
        assertThat(log.claimCheckpoint("p", "node", Duration.ofSeconds(5))).isFalse();
        assertThatThrownBy(() -> log.storeCheckpoint("p", 1, bytes("state")).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LogUnavailableException.class).hasMessageContaining("redis unreachable");
        assertThatThrownBy(() -> log.appendDefinition("q", bytes("define"), true).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(LogUnavailableException.class).hasMessageContaining("redis unreachable");
        assertThatThrownBy(log::plotIds).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("redis unreachable at 127.0.0.1:" + redis.port());
        assertThatThrownBy(() -> log.loadCheckpoint("p")).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("redis unreachable at 127.0.0.1:" + redis.port());
        redis.restart();
        waitUntil("the lease can be claimed again", () -> log.claimCheckpoint("p", "node", Duration.ofSeconds(5)));
        assertThat(log.appendDeletion("p", bytes("delete")).get(5, TimeUnit.SECONDS)).isEqualTo(2);
    }
}
