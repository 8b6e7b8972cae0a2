package io.plotstream.server.log;

import static io.plotstream.server.log.Recorded.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link OperationLog} contract, the same tests for every engine: a subclass says how to open
 * the engine's log on its store (a fresh instance on the same data each time; the previous one may
 * still be open for engines shared by several nodes, and is closed first for the embedded one), and
 * the engine's largest record.
 */
public abstract class OperationLogContract {
    private final List<OperationLog> opened = new ArrayList<>();
    private RecoveryReport lastReport;

    /** A new, not yet recovered log on this test's store. */
    protected abstract OperationLog openUnrecovered() throws Exception;

    /** The largest record the engine takes; one byte more is refused. */
    protected abstract int maxRecordBytes();

    /**
     * What every engine promises of one plot's positions after {@code appends} appends: they grow.
     * An engine that promises more (Redis: 1, 2, 3, …) checks more.
     */
    protected void assertPositionsOfOnePlot(List<Long> positions, int appends) {
        assertThat(positions).hasSize(appends).isSorted().doesNotHaveDuplicates();
    }

    @AfterEach
    public void closeAll() {
        opened.forEach(OperationLog::close);
    }

    private OperationLog open(ToLongFunction<String> checkpoints, Recorded replayed) throws Exception {
        OperationLog log = openUnrecovered();
        opened.add(log);
        lastReport = log.recover(checkpoints, replayed);
        return log;
    }

    private OperationLog open() throws Exception {
        return open(plot -> OperationLog.NONE, new Recorded());
    }

    /** Closes every instance, then recovers a fresh one: a restart. */
    private Recorded reopen(ToLongFunction<String> checkpoints) throws Exception {
        opened.forEach(OperationLog::close);
        Recorded replayed = new Recorded();
        open(checkpoints, replayed);
        return replayed;
    }

    private OperationLog lastOpened() {
        return opened.get(opened.size() - 1);
    }

    @Test
    public void eachPlotsPositionsGrowWithItsAppendsAndRecoveryReplaysThemInOrder() throws Exception {
        OperationLog log = open();
        long a = log.append("p1", bytes("one")).get(10, TimeUnit.SECONDS);
        long b = log.append("p2", bytes("two")).get(10, TimeUnit.SECONDS);
        long c = log.append("p1", bytes("three")).get(10, TimeUnit.SECONDS);
        assertThat(a).isGreaterThan(OperationLog.NONE);
        assertThat(b).isGreaterThan(OperationLog.NONE);
        assertThat(c).isGreaterThan(a);
        LogHealth health = log.health();
        assertThat(health.writable()).isTrue();
        assertThat(health.problem()).isEmpty();
        assertThat(health.appends()).isEqualTo(3);
        Recorded replayed = reopen(plot -> OperationLog.NONE);
        assertThat(replayed.of("p1")).containsExactly("one", "three");
        assertThat(replayed.of("p2")).containsExactly("two");
        assertThat(replayed.positionsOf("p1")).containsExactly(a, c);
    }

    /**
     * Appends a and b to p1 and c to p2, then restarts with p1's checkpoint at a: only b and c are
     * replayed. Returns b's position.
     */
    private long appendThreeAndRecoverFromP1sFirst() throws Exception {
        OperationLog log = open();
        long first = log.append("p1", bytes("a")).get(10, TimeUnit.SECONDS);
        long second = log.append("p1", bytes("b")).get(10, TimeUnit.SECONDS);
        log.append("p2", bytes("c")).get(10, TimeUnit.SECONDS);
        Recorded replayed = reopen(plot -> plot.equals("p1") ? first : OperationLog.NONE);
        assertThat(replayed.of("p1")).containsExactly("b");
        assertThat(replayed.of("p2")).containsExactly("c");
        return second;
    }

    @Test
    public void recoveryReplaysOnlyWhatFollowsEachPlotsCheckpointAndAppendsContinueAfterIt() throws Exception {
        long second = appendThreeAndRecoverFromP1sFirst();
        long third = lastOpened().append("p1", bytes("d")).get(10, TimeUnit.SECONDS);
        assertThat(third).isGreaterThan(second);
    }

    @Test
    public void recoveryReplaysOnlyRecordsAfterEachPlotsCheckpoint() throws Exception {
        appendThreeAndRecoverFromP1sFirst();
        assertThat(lastReport).isEqualTo(new RecoveryReport(2, 2, 0, ""));
    }

    /** {@code threads} threads append {@code perThread} records each to a plot of their own, then a restart. */
    private void appendConcurrentlyAndRecoverEveryPlotInOrder(int threads, int perThread) throws Exception {
        OperationLog log = open();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<CompletableFuture<Long>>>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String plot = "plot-" + t;
                work.add(pool.submit(() -> IntStream.range(0, perThread)
                        .mapToObj(i -> log.append(plot, bytes(plot + ":" + i))).collect(Collectors.toList())));
            }
            List<CompletableFuture<Long>> all = new ArrayList<>();
            for (Future<List<CompletableFuture<Long>>> w : work) {
                all.addAll(w.get(30, TimeUnit.SECONDS));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(log.health().appends()).isEqualTo(threads * perThread);
        Recorded replayed = reopen(plot -> OperationLog.NONE);
        assertThat(replayed.count()).isEqualTo(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String plot = "plot-" + t;
            assertThat(replayed.of(plot)).containsExactlyElementsOf(
                    IntStream.range(0, perThread).mapToObj(i -> plot + ":" + i).collect(Collectors.toList()));
            assertPositionsOfOnePlot(replayed.positionsOf(plot), perThread);
        }
    }

    @Test
    public void concurrentAppendsOfManyPlotsRecoverInEveryPlotsOrder() throws Exception {
        appendConcurrentlyAndRecoverEveryPlotInOrder(4, 200);
    }

    @Test
    public void concurrentAppendsFromManyThreadsRecoverInEveryPlotsOrder() throws Exception {
        appendConcurrentlyAndRecoverEveryPlotInOrder(8, 500);
    }

    /** After close (twice: idempotent) an append fails as unavailable, saying closed, and health says so. */
    private static void assertClosedTwiceAndRefusing(OperationLog log) {
        log.close();
        log.close();
        assertThatThrownBy(() -> log.append("p1", bytes("late")).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(LogUnavailableException.class)
                .hasMessageContaining("closed");
        assertThat(log.health().writable()).isFalse();
    }

    @Test
    public void afterCloseAppendsFailAsUnavailableAndHealthSaysClosed() throws Exception {
        OperationLog log = open();
        CompletableFuture<Long> pending = log.append("p1", bytes("before"));
        assertClosedTwiceAndRefusing(log);
        assertThat(pending).isCompletedWithValueMatching(p -> p > OperationLog.NONE);
        assertThat(log.health().problem()).contains("closed");
    }

    @Test
    public void closeCompletesPendingAppendsIsIdempotentAndLaterAppendsFail() throws Exception {
        OperationLog log = open();
        List<CompletableFuture<Long>> pending = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            pending.add(log.append("p1", bytes("r" + i)));
        }
        assertClosedTwiceAndRefusing(log);
        assertThat(pending).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(reopen(plot -> OperationLog.NONE).of("p1")).hasSize(50);
    }

    /** An append before recover, an empty plot id and a second recover are refused; returns the recovered log. */
    private OperationLog refusesAppendBeforeRecoverAnEmptyPlotIdAndASecondRecover() throws Exception {
        OperationLog log = openUnrecovered();
        opened.add(log);
        assertThatThrownBy(() -> log.append("p1", bytes("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("recover()");
        log.recover(plot -> OperationLog.NONE, new Recorded());
        assertThatThrownBy(() -> log.append("", bytes("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plot id");
        assertThatThrownBy(() -> log.recover(plot -> OperationLog.NONE, new Recorded()))
                .isInstanceOf(IllegalStateException.class);
        return log;
    }

    @Test
    public void anAppendBeforeRecoverAnEmptyPlotIdAndASecondRecoverAreRefused() throws Exception {
        refusesAppendBeforeRecoverAnEmptyPlotIdAndASecondRecover();
    }

    @Test
    public void appendBeforeRecoverAndBadArgumentsAreRefusedClearly() throws Exception {
        OperationLog log = refusesAppendBeforeRecoverAnEmptyPlotIdAndASecondRecover();
        assertThatThrownBy(() -> log.append("p1", new byte[maxRecordBytes() + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p1")
                .hasMessageContaining(String.valueOf(maxRecordBytes()));
    }
}
