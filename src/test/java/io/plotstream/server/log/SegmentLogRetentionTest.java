package io.plotstream.server.log;

import static io.plotstream.server.log.Recorded.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments roll, go once checkpoints cover every plot in them, and the byte limit holds. */
class SegmentLogRetentionTest {
    private static final SegmentLogOptions SMALL = SegmentLogOptions.defaults().withSegmentBytes(1024)
            .withLimitBytes(1 << 20);

    @TempDir
    Path dataDir;

    private final List<SegmentLog> opened = new ArrayList<>();
    private final Map<String, Long> last = new HashMap<>();

    @AfterEach
    void closeAll() {
        opened.forEach(SegmentLog::close);
    }

    private SegmentLog open(SegmentLogOptions options) throws Exception {
        SegmentLog log = SegmentLog.open(dataDir, options);
        opened.add(log);
        log.recover(plot -> OperationLog.NONE, new Recorded());
        return log;
    }

    /** n records of ~100 bytes, alternating between the plots; remembers each plot's last position. */
    private void append(SegmentLog log, int n, String... plots) throws Exception {
        for (int i = 0; i < n; i++) {
            String plot = plots[i % plots.length];
            last.put(plot, log.append(plot, new byte[80]).get());
        }
    }

    @Test
    void segmentsRollAtTheirSizeAndGoOnlyWhenEveryPlotInThemIsCheckpointed() throws Exception {
        SegmentLog log = open(SMALL);
        append(log, 60, "p1", "p2");
        List<Path> segments = log.segments();
        assertThat(segments).hasSizeGreaterThanOrEqualTo(6);
        for (Path segment : segments) {
            assertThat(Files.size(segment)).isLessThanOrEqualTo(1024);
        }
        log.checkpointed("p1", last.get("p1"));
        assertThat(log.segments()).isEqualTo(segments); // p2 still needs every one of them
        log.checkpointed("p2", last.get("p2"));
        Path active = segments.get(segments.size() - 1);
        assertThat(log.segments()).containsExactly(active); // the active segment is never deleted
        assertThat(log.health().bytesUsed()).isEqualTo(Files.size(active));
    }

    @Test
    void aCheckpointInTheMiddleFreesOnlyTheSegmentsBeforeIt() throws Exception {
        SegmentLog log = open(SMALL);
        append(log, 30, "p1");
        long middle = last.get("p1");
        append(log, 30, "p1");
        List<Path> before = log.segments();
        log.checkpointed("p1", middle);
        List<Path> after = log.segments();
        assertThat(after).isNotEmpty().hasSizeLessThan(before.size());
        assertThat(before).endsWith(after.toArray(new Path[0]));
        log.close();
        Recorded replayed = new Recorded();
        SegmentLog again = SegmentLog.open(dataDir, SMALL);
        opened.add(again);
        again.recover(plot -> middle, replayed);
        assertThat(replayed.of("p1")).hasSize(30);
    }

    @Test
    void recoveryDeletesSegmentsThatTheCheckpointsAlreadyCover() throws Exception {
        SegmentLog log = open(SMALL);
        append(log, 40, "p1", "p2");
        int segments = log.segments().size();
        log.close();
        SegmentLog again = SegmentLog.open(dataDir, SMALL);
        opened.add(again);
        Recorded replayed = new Recorded();
        again.recover(last::get, replayed);
        assertThat(replayed.count()).isZero();
        assertThat(again.segments()).hasSize(1).doesNotHaveDuplicates();
        assertThat(segments).isGreaterThan(1);
    }

    @Test
    void aForgottenPlotHoldsNoSegmentButTheSameIdCreatedAgainDoes() throws Exception {
        SegmentLog log = open(SMALL);
        append(log, 40, "p1", "deleted");
        log.checkpointed("p1", last.get("p1"));
        assertThat(log.segments()).hasSizeGreaterThan(1);
        log.forget("deleted");
        assertThat(log.segments()).hasSize(1);

        append(log, 40, "deleted"); // recreated under the same id
        int withRecreated = log.segments().size();
        assertThat(withRecreated).isGreaterThan(1);
        log.checkpointed("p1", last.get("p1"));
        assertThat(log.segments()).hasSize(withRecreated);
        log.checkpointed("deleted", last.get("deleted"));
        assertThat(log.segments()).hasSize(1);
    }

    @Test
    void beyondTheByteLimitAppendsFailAsLogFullUntilACheckpointFreesSegments() throws Exception {
        SegmentLog log = open(SegmentLogOptions.defaults().withSegmentBytes(1024).withLimitBytes(4096));
        long lastGood = OperationLog.NONE;
        Throwable refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            try {
                lastGood = log.append("p1", new byte[80]).get();
            } catch (ExecutionException e) {
                refused = e.getCause();
            }
        }
        assertThat(refused).isInstanceOf(LogUnavailableException.class);
        String expected = "log full: %d bytes of 4096 limit in " + log.directory() + "; checkpoints not keeping up";
        assertThat(refused.getMessage()).isEqualTo(String.format(expected, log.health().bytesUsed()));
        LogHealth health = log.health();
        assertThat(health.writable()).isFalse();
        assertThat(health.problem()).isEqualTo(refused.getMessage());
        assertThat(health.bytesUsed()).isLessThanOrEqualTo(4096).isGreaterThan(4096 - 100);
        assertThat(health.failures()).isEqualTo(1);
        assertThatThrownBy(() -> log.append("p1", new byte[80]).get()).hasMessageContaining("log full");

        log.checkpointed("p1", lastGood);
        assertThat(log.health().writable()).isTrue();
        assertThat(log.append("p1", new byte[80]).get()).isGreaterThan(lastGood);
        assertThat(log.health().bytesUsed()).isLessThan(2048);
    }

    @Test
    void segmentsDeletedUnderConcurrentAppendsAndCheckpointsNeverHoldARecordStillNeeded()
            throws Exception {
        SegmentLogOptions options = SegmentLogOptions.defaults().withSegmentBytes(4096).withLimitBytes(64 << 20);
        SegmentLog log = open(options);
        int threads = 4;
        int perThread = 2050; // the last 50 of each plot come after its last checkpoint
        Map<String, Long> checkpointPosition = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Integer> checkpointIndex = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String plot = "plot-" + t;
            done.add(pool.submit(() -> {
                java.util.ArrayDeque<java.util.concurrent.CompletableFuture<Long>> window = new java.util.ArrayDeque<>();
                int acknowledged = 0;
                for (int i = 0; i < perThread; i++) {
                    window.add(log.append(plot, bytes(plot + ":" + i)));
                    if (window.size() == 32 || i == perThread - 1) {
                        while (!window.isEmpty()) {
                            long position = window.poll().join();
                            if (acknowledged % 100 == 99) { // a checkpoint covering records 0..acknowledged
                                log.checkpointed(plot, position);
                                checkpointPosition.put(plot, position);
                                checkpointIndex.put(plot, acknowledged);
                            }
                            acknowledged++;
                        }
                    }
                }
                return null;
            }));
        }
        for (var f : done) {
            f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        long bytesWritten = (long) threads * perThread * (18 + 6 + 10);
        assertThat(log.health().bytesUsed()).isLessThan(bytesWritten / 4); // most segments are gone
        log.close();

        SegmentLog again = SegmentLog.open(dataDir, options);
        opened.add(again);
        Recorded replayed = new Recorded();
        again.recover(plot -> checkpointPosition.getOrDefault(plot, OperationLog.NONE), replayed);
        for (int t = 0; t < threads; t++) {
            String plot = "plot-" + t;
            int from = checkpointIndex.get(plot) + 1;
            List<String> expected = new ArrayList<>();
            for (int i = from; i < perThread; i++) {
                expected.add(plot + ":" + i);
            }
            assertThat(expected).hasSize(50);
            assertThat(replayed.of(plot)).as(plot).containsExactlyElementsOf(expected);
        }
    }
}
