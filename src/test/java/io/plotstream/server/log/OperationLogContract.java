package io.plotstream.server.log;

import static io.plotstream.server.log.Replayed.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * still be open for engines shared by several nodes, and is closed first for the embedded one).
 */
public abstract class OperationLogContract {
    private final List<OperationLog> opened = new ArrayList<>();

    /** A new, not yet recovered log on this test's store. */
    protected abstract OperationLog openUnrecovered() throws Exception;

    @AfterEach
    public void closeAll() {
        opened.forEach(OperationLog::close);
    }

    private OperationLog open(ToLongFunction<String> checkpoints, Replayed replayed) throws Exception {
        OperationLog log = openUnrecovered();
        opened.add(log);
        log.recover(checkpoints, replayed);
        return log;
    }

    private Replayed reopen(ToLongFunction<String> checkpoints) throws Exception {
        opened.forEach(OperationLog::close);
        Replayed replayed = new Replayed();
        open(checkpoints, replayed);
        return replayed;
    }

    @Test
    public void eachPlotsPositionsGrowWithItsAppendsAndRecoveryReplaysThemInOrder() throws Exception {
        OperationLog log = open(plot -> OperationLog.NONE, new Replayed());
        long a = log.append("p1", bytes("one")).get(10, TimeUnit.SECONDS);
        long b = log.append("p2", bytes("two")).get(10, TimeUnit.SECONDS);
        long c = log.append("p1", bytes("three")).get(10, TimeUnit.SECONDS);
        assertThat(a).isGreaterThan(OperationLog.NONE);
        assertThat(b).isGreaterThan(OperationLog.NONE);
        assertThat(c).isGreaterThan(a);
        assertThat(log.health().writable()).isTrue();
        Replayed replayed = reopen(plot -> OperationLog.NONE);
        assertThat(replayed.of("p1")).containsExactly("one", "three");
        assertThat(replayed.of("p2")).containsExactly("two");
        assertThat(replayed.positions.get("p1")).containsExactly(a, c);
    }

    @Test
    public void recoveryReplaysOnlyWhatFollowsEachPlotsCheckpointAndAppendsContinueAfterIt() throws Exception {
        OperationLog log = open(plot -> OperationLog.NONE, new Replayed());
        long first = log.append("p1", bytes("a")).get(10, TimeUnit.SECONDS);
        long second = log.append("p1", bytes("b")).get(10, TimeUnit.SECONDS);
        log.append("p2", bytes("c")).get(10, TimeUnit.SECONDS);
        Map<String, Long> checkpoints = new HashMap<>(Map.of("p1", first));
        Replayed replayed = reopen(plot -> checkpoints.getOrDefault(plot, OperationLog.NONE));
        assertThat(replayed.of("p1")).containsExactly("b");
        assertThat(replayed.of("p2")).containsExactly("c");
        long third = opened.get(opened.size() - 1).append("p1", bytes("d")).get(10, TimeUnit.SECONDS);
        assertThat(third).isGreaterThan(second);
    }

    @Test
    public void concurrentAppendsOfManyPlotsRecoverInEveryPlotsOrder() throws Exception {
        OperationLog log = open(plot -> OperationLog.NONE, new Replayed());
        int threads = 4;
        int perThread = 200;
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
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        Replayed replayed = reopen(plot -> OperationLog.NONE);
        for (int t = 0; t < threads; t++) {
            String plot = "plot-" + t;
            assertThat(replayed.of(plot)).containsExactlyElementsOf(
                    IntStream.range(0, perThread).mapToObj(i -> plot + ":" + i).collect(Collectors.toList()));
        }
    }

    @Test
    public void afterCloseAppendsFailAsUnavailableAndHealthSaysClosed() throws Exception {
        OperationLog log = open(plot -> OperationLog.NONE, new Replayed());
        CompletableFuture<Long> pending = log.append("p1", bytes("before"));
        log.close();
        log.close();
        assertThat(pending).isCompletedWithValueMatching(p -> p > OperationLog.NONE);
        assertThatThrownBy(() -> log.append("p1", bytes("late")).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(LogUnavailableException.class)
                .hasMessageContaining("closed");
        assertThat(log.health().writable()).isFalse();
        assertThat(log.health().problem()).contains("closed");
    }

    @Test
    public void anAppendBeforeRecoverAnEmptyPlotIdAndASecondRecoverAreRefused() throws Exception {
        OperationLog log = openUnrecovered();
        opened.add(log);
        assertThatThrownBy(() -> log.append("p1", bytes("x"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("recover()");
        log.recover(plot -> OperationLog.NONE, new Replayed());
        assertThatThrownBy(() -> log.append("", bytes("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plot id");
        assertThatThrownBy(() -> log.recover(plot -> OperationLog.NONE, new Replayed()))
                .isInstanceOf(IllegalStateException.class);
    }
}
