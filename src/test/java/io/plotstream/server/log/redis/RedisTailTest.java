package io.plotstream.server.log.redis;

import static io.plotstream.server.log.Recorded.bytes;
import static io.plotstream.server.log.redis.RedisLogTest.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.server.log.LogTail;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.Recorded;
import io.plotstream.testing.RedisPerClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A node's one tail over every plot's log and the catalog, against a real redis-server. */
class RedisTailTest extends RedisPerClass {
    /** Long enough that a test about announcements never sees a rescan find the plot instead. */
    private static final Duration NO_RESCAN = Duration.ofHours(1);


    private RedisLog node() throws Exception {
        RedisLog log = RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of()));
        opened(log);
        log.recover(plot -> OperationLog.NONE, new Recorded());
        return log;
    }

    private static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
    }

    @Test
    void recordsAppendedByTwoNodesAtOnceReachBothNodesTailsInTheSameOrder() throws Exception {
        RedisLog a = node();
        RedisLog b = node();
        TailEvents atA = new TailEvents();
        TailEvents atB = new TailEvents();
        a.tail(Map.of(), atA, NO_RESCAN);
        b.tail(Map.of(), atB, NO_RESCAN);
        a.appendDefinition("p", bytes("define p"), true).get(5, TimeUnit.SECONDS);
        b.appendDefinition("q", bytes("define q"), true).get(5, TimeUnit.SECONDS);
        int each = 300;
        CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < each; i++) {
                a.append("p", bytes("a" + i));
                a.append("q", bytes("a" + i));
            }
        });
        CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < each; i++) {
                b.append("p", bytes("b" + i));
                b.append("q", bytes("b" + i));
            }
        });
        CompletableFuture.allOf(fromA, fromB).get(30, TimeUnit.SECONDS);
        int total = 1 + 2 * each;
        for (TailEvents tail : List.of(atA, atB)) {
            waitUntil("every record of both plots at a tail", () -> tail.count("p") == total && tail.count("q") == total);
        }
        for (String plot : List.of("p", "q")) {
            assertThat(atA.of(plot)).isEqualTo(atB.of(plot));
            assertThat(atA.positionsOf(plot)).containsExactlyElementsOf(oneTo(total));
            assertThat(atA.of(plot).get(0)).isEqualTo("define " + plot);
            // each writer's own records stay in the order it appended them
            assertThat(atA.of(plot).stream().filter(r -> r.startsWith("a")).toList())
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, each).mapToObj(i -> "a" + i).toList());
        }
        assertThat(atA.events()).contains("plot p", "plot q");
    }

    @Test
    void aPlotAnnouncedByAnotherNodeIsFollowedFromItsStart() throws Exception {
        RedisLog a = node();
        RedisLog b = node();
        TailEvents atA = new TailEvents();
        LogTail tail = a.tail(Map.of(), atA, NO_RESCAN);
        long defined = b.appendDefinition("new", bytes("define"), true).get(5, TimeUnit.SECONDS);
        b.append("new", bytes("point")).get(5, TimeUnit.SECONDS);
        waitUntil("node a applied both records of the new plot", () -> atA.count("new") == 2);
        assertThat(atA.heard("plot new")).isTrue();
        assertThat(atA.of("new")).containsExactly("define", "point");
        assertThat(tail.position("new")).isEqualTo(defined + 1);
        assertThat(tail.position("unknown")).isEqualTo(OperationLog.NONE);
    }

    @Test
    void theTailStartsAfterTheGivenPositionsAndIgnoresOlderAnnouncements() throws Exception {
        RedisLog a = node();
        a.appendDefinition("p", bytes("define"), true).get(5, TimeUnit.SECONDS);
        a.append("p", bytes("old")).get(5, TimeUnit.SECONDS);
        TailEvents events = new TailEvents();
        LogTail tail = a.tail(Map.of("p", 2L), events, NO_RESCAN);
        a.append("p", bytes("new")).get(5, TimeUnit.SECONDS);
        waitUntil("the new record", () -> events.count("p") == 1);
        assertThat(events.of("p")).containsExactly("new");
        assertThat(events.positionsOf("p")).containsExactly(3L);
        assertThat(events.events()).doesNotContain("plot p"); // announced before the tail began
        assertThat(tail.position("p")).isEqualTo(3);
    }

    @Test
    void recordsTrimmedBeforeTheTailReadThemAreAGapAndARestartContinuesAfterTheCheckpoint() throws Exception {
        RedisLog a = node();
        a.appendDefinition("p", bytes("define"), true).get(5, TimeUnit.SECONDS);
        for (int i = 2; i <= 10; i++) {
            a.append("p", bytes("r" + i)).get(5, TimeUnit.SECONDS);
        }
        assertThat(a.storeCheckpoint("p", 8, bytes("state")).get(5, TimeUnit.SECONDS)).isTrue();
        TailEvents events = new TailEvents();
        LogTail tail = a.tail(Map.of("p", 1L), events, NO_RESCAN);
        waitUntil("a gap after 1", () -> events.heard("gap p 1 9"));
        a.append("p", bytes("r11")).get(5, TimeUnit.SECONDS);
        assertThat(events.of("p")).isEmpty();
        assertThat(tail.position("p")).isEqualTo(1);

        tail.restart("p", a.loadCheckpoint("p").orElseThrow().position());
        waitUntil("the records after the checkpoint", () -> events.count("p") == 3);
        assertThat(events.of("p")).containsExactly("r9", "r10", "r11");
        assertThat(tail.position("p")).isEqualTo(11);
        assertThat(events.events()).containsOnlyOnce("gap p 1 9");
    }

    @Test
    void aPlotFollowedFromTheStartWhoseFirstRecordsWereTrimmedIsAGapToo() throws Exception {
        RedisLog a = node();
        for (int i = 1; i <= 5; i++) {
            a.append("p", bytes("r" + i)).get(5, TimeUnit.SECONDS);
        }
        a.storeCheckpoint("p", 3, bytes("state")).get(5, TimeUnit.SECONDS);
        TailEvents events = new TailEvents();
        a.tail(Map.of("p", OperationLog.NONE), events, NO_RESCAN);
        waitUntil("a gap from the start", () -> events.heard("gap p -1 4"));
        assertThat(events.of("p")).isEmpty();
    }

    @Test
    void aPlotThatWasNeverAnnouncedIsFoundByTheRescan() throws Exception {
        RedisLog a = node();
        TailEvents events = new TailEvents();
        a.tail(Map.of(), events, Duration.ofMillis(200));
        // a define script that ran, and its announcement lost (Redis gone between the two commands)
        keys().eval("redis.call('XADD', KEYS[1], '0-*', 'r', 'define'); return redis.call('SET', KEYS[2], '1')",
                io.lettuce.core.ScriptOutputType.STATUS, "ps:{silent}:log", "ps:{silent}:live");
        waitUntil("the rescan found the plot and its record", () -> events.count("silent") == 1);
        assertThat(events.heard("plot silent")).isTrue();
    }

    @Test
    void aDeletedPlotThisNodeNeverFollowedIsLeftAlone() throws Exception {
        RedisLog a = node();
        a.appendDefinition("gone", bytes("define"), true).get(5, TimeUnit.SECONDS);
        long deleted = a.appendDeletion("gone", bytes("delete")).get(5, TimeUnit.SECONDS);
        a.storeCheckpoint("gone", deleted, bytes("final")).get(5, TimeUnit.SECONDS);
        a.forget("gone");
        TailEvents events = new TailEvents();
        a.tail(Map.of(), events, Duration.ofMillis(100));
        a.appendDefinition("marker", bytes("define"), true).get(5, TimeUnit.SECONDS);
        waitUntil("the tail followed the live plot", () -> events.count("marker") == 1);
        waitUntil("a rescan after the marker", () -> events.heard("plot marker"));
        a.appendDeletion("gone", bytes("a late deletion")); // announced again; the plot is not live
        a.appendDefinition("marker2", bytes("define"), true).get(5, TimeUnit.SECONDS);
        waitUntil("the tail read past the late announcement", () -> events.count("marker2") == 1);
        assertThat(events.count("gone")).isZero();
        assertThat(events.events()).doesNotContain("plot gone");
    }

    @Test
    void aPlotCreatedBeforeTheTailBeganButNotGivenIsFollowedAtOnce() throws Exception {
        RedisLog a = node();
        a.appendDefinition("early", bytes("define"), true).get(5, TimeUnit.SECONDS); // announced before the tail
        TailEvents events = new TailEvents();
        a.tail(Map.of(), events, NO_RESCAN);
        waitUntil("the first scan found the plot", () -> events.count("early") == 1);
        assertThat(events.events()).containsExactly("plot early");
    }

    @Test
    void aDashboardAnnouncementReachesTheTail() throws Exception {
        RedisLog a = node();
        RedisLog b = node();
        TailEvents atA = new TailEvents();
        a.tail(Map.of(), atA, NO_RESCAN);
        b.announce(RedisKeys.DASHBOARD_FIELD, "ops");
        waitUntil("the dashboard change", () -> atA.heard("dashboard ops"));
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheTail() throws Exception {
        RedisLog a = node();
        TailEvents events = new TailEvents();
        a.tail(Map.of("p", OperationLog.NONE), new TailEvents() {
            @Override
            public synchronized void record(String plotId, long position, byte[] record) {
                events.record(plotId, position, record);
                if (position == 1) {
                    throw new IllegalStateException("bad record");
                }
            }
        }, NO_RESCAN);
        a.append("p", bytes("one")).get(5, TimeUnit.SECONDS);
        a.append("p", bytes("two")).get(5, TimeUnit.SECONDS);
        waitUntil("both records", () -> events.count("p") == 2);
    }

    @Test
    void closeStopsTheTailAndIsIdempotent() throws Exception {
        RedisLog a = node();
        TailEvents events = new TailEvents();
        LogTail tail = a.tail(Map.of("p", OperationLog.NONE), events, NO_RESCAN);
        a.append("p", bytes("one")).get(5, TimeUnit.SECONDS);
        waitUntil("the record", () -> events.count("p") == 1);
        tail.close();
        tail.close();
        a.append("p", bytes("two")).get(5, TimeUnit.SECONDS);
        // the tail's connection is closed: no client of redis is blocked in XREAD any more
        waitUntil("no blocked reader", () -> keys().clientList().lines().noneMatch(line -> line.contains("cmd=xread")));
        assertThat(events.count("p")).isEqualTo(1);
    }
}
