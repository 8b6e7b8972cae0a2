package io.plotstream.server.log;

import static io.plotstream.server.log.Replayed.bytes;
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
        log.recover(plot -> OperationLog.NONE, new Replayed());
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
        Replayed replayed = new Replayed();
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
        Replayed replayed = new Replayed();
        again.recover(last::get, replayed);
        assertThat(replayed.count).isZero();
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
}
