package io.plotstream.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plotstream.connect.config.ConfigDefs;
import io.plotstream.stream.RecordingStreamServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task against a wire-level stream server on loopback: what it puts on the wire, what it
 * commits, how it pauses, and where bad records go.
 */
class PlotlyStreamSinkTaskTest {
    private static final String TOKEN = "tasktoken1";
    private static final TopicPartition P0 = new TopicPartition("readings", 0);
    private static final TopicPartition P1 = new TopicPartition("readings", 1);

    private RecordingStreamServer server;
    private PlotlyStreamSinkTask task;
    private RecordingTaskContext context;

    @BeforeEach
    void startServer() throws Exception {
        server = RecordingStreamServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (task != null) {
            task.stop();
        }
        server.close();
    }

    private Map<String, String> props() {
        Map<String, String> props = new HashMap<>();
        props.put(ConfigDefs.STREAM_URL_CONFIG, server.uri().toString());
        props.put(ConfigDefs.TOKEN_CONFIG, TOKEN);
        props.put(ConfigDefs.X_CONFIG, "offset");
        props.put(ConfigDefs.Y_CONFIG, "value.temp");
        props.put(ConfigDefs.ACK_DELAY_MS_CONFIG, "20");
        // a plain test server: these tests are about the ack delay rule, so no handshake window first
        props.put(ConfigDefs.ACK_MODE_CONFIG, "off");
        props.put(ConfigDefs.LINGER_MS_CONFIG, "10000");
        props.put(ConfigDefs.BACKOFF_INITIAL_MS_CONFIG, "20");
        props.put(ConfigDefs.BACKOFF_MAX_MS_CONFIG, "100");
        props.put(ConfigDefs.QUEUE_BLOCK_MS_CONFIG, "10");
        return props;
    }

    private void start(Map<String, String> props) {
        context = new RecordingTaskContext(props, P0, P1);
        task = new PlotlyStreamSinkTask();
        task.initialize(context);
        task.start(props);
        task.open(List.of(P0, P1));
    }

    private static SinkRecord record(TopicPartition tp, long offset, Object value) {
        return new SinkRecord(tp.topic(), tp.partition(), null, null, null, value, offset, 1_700_000_000_000L,
                TimestampType.CREATE_TIME);
    }

    private static Map<String, Object> temp(double t) {
        return Map.of("temp", t);
    }

    private Map<TopicPartition, OffsetAndMetadata> preCommit() {
        Map<TopicPartition, OffsetAndMetadata> current = new HashMap<>();
        current.put(P0, new OffsetAndMetadata(0));
        current.put(P1, new OffsetAndMetadata(0));
        return task.preCommit(current);
    }

    @Test
    void writesOneJsonObjectPerPointAndCommitsOnlyOnceDelivered() {
        start(props());
        task.put(List.of(record(P0, 5, temp(20.5)), record(P0, 6, temp(21))));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> preCommit().equals(Map.of(P0, new OffsetAndMetadata(7))));
        assertThat(server.acceptedLines(TOKEN)).containsExactly("{\"x\":5,\"y\":20.5}", "{\"x\":6,\"y\":21.0}");
    }

    @Test
    void withAServerThatAcknowledgesAnOffsetIsCommittedOnlyOnceItsPointWasAcknowledged() throws Exception {
        server.acknowledging(RecordingStreamServer.Acks.MANUAL);
        Map<String, String> props = props();
        props.put(ConfigDefs.ACK_MODE_CONFIG, "auto");
        start(props);
        task.put(List.of(record(P0, 0, temp(1)), record(P0, 1, temp(2))));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptedLines(TOKEN).size() == 2);

        // preCommit itself waits a few ack delays for points in flight: time confirms nothing here
        assertThat(preCommit()).as("written, healthy for longer than the ack delay, not acknowledged").isEmpty();

        server.acknowledgeEverything(TOKEN);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> preCommit().equals(Map.of(P0, new OffsetAndMetadata(2))));
    }

    private static SinkRecord keyed(TopicPartition tp, long offset, String key, Object value) {
        return new SinkRecord(tp.topic(), tp.partition(), null, key, null, value, offset, 1_700_000_000_000L,
                TimestampType.CREATE_TIME);
    }

    /** Acknowledging server, acknowledgements asked for, no heartbeat line while a test runs. */
    private Map<String, String> acknowledgedProps() {
        server.acknowledging(RecordingStreamServer.Acks.MANUAL);
        Map<String, String> props = props();
        props.put(ConfigDefs.ACK_MODE_CONFIG, "auto");
        props.put(ConfigDefs.HEARTBEAT_INTERVAL_MS_CONFIG, "55000");
        return props;
    }

    @Test
    void recordsOfOnePutToTwoTokensAreCommittedUpToTheFirstOneWhoseTokenHasNotAcknowledged() throws Exception {
        Map<String, String> props = acknowledgedProps();
        props.remove(ConfigDefs.TOKEN_CONFIG);
        props.put(ConfigDefs.TOKENS_BY_KEY_CONFIG, "a=tokena1,b=tokenb1");
        props.put("errors.tolerance", "all");
        start(props);
        task.put(List.of(keyed(P0, 0, "a", temp(1)), keyed(P0, 1, "a", temp(2)), keyed(P0, 2, "b", temp(3)),
                keyed(P0, 3, "a", temp(4)), keyed(P0, 4, "a", Map.of("pressure", 5))));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                server.acceptedLines("tokena1").size() == 3 && server.acceptedLines("tokenb1").size() == 1);
        assertThat(context.reported).as("record 4 went to the DLQ").hasSize(1);

        server.acknowledgeEverything("tokena1");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> preCommit().equals(Map.of(P0, new OffsetAndMetadata(2))));
        assertThat(preCommit()).as("records 3 and 4 are confirmed, but record 2 is not")
                .isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));

        server.acknowledgeEverything("tokenb1");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> preCommit().equals(Map.of(P0, new OffsetAndMetadata(5))));
    }

    @Test
    void aPutWhoseLinesAreAcknowledgedOnlyInPartCommitsNoneOfItsRecordsWhileAnEarlierPutIsCommittedExactly()
            throws Exception {
        start(acknowledgedProps());
        task.put(List.of(record(P0, 0, temp(1)), record(P0, 1, temp(2)), record(P0, 2, temp(3))));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptedLines(TOKEN).size() == 3);
        long firstPut = server.linesReceived(TOKEN);
        assertThat(firstPut).isEqualTo(3);
        task.put(List.of(record(P0, 3, temp(4)), record(P0, 4, temp(5)), record(P0, 5, temp(6))));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptedLines(TOKEN).size() == 6);

        server.acknowledgeFirst(TOKEN, 2); // inside the first put's chunk
        server.acknowledgeFirst(TOKEN, firstPut + 2); // the first put's chunk, and two lines of the second's
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> preCommit().equals(Map.of(P0, new OffsetAndMetadata(3))));
        assertThat(preCommit()).as("two of the second put's three lines acknowledged: none of its records")
                .isEqualTo(Map.of(P0, new OffsetAndMetadata(3)));

        server.acknowledgeFirst(TOKEN, firstPut + 3);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> preCommit().equals(Map.of(P0, new OffsetAndMetadata(6))));
    }

    @Test
    void aCommitRightAfterAPutWaitsBrieflyForThePointsInFlight() {
        Map<String, String> props = props();
        props.put(ConfigDefs.ACK_DELAY_MS_CONFIG, "200"); // the commit waits up to 2 x 200 + 50 ms
        start(props);
        task.put(List.of(record(P0, 0, temp(1))));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !preCommit().isEmpty()); // connected

        task.put(List.of(record(P0, 1, temp(2)), record(P0, 2, temp(3))));
        // As on a revoke: no time passes between the put and the last commit.
        assertThat(preCommit()).containsExactly(Map.entry(P0, new OffsetAndMetadata(3)));
    }

    @Test
    void commitsNothingWhileTheServerIsDownAndEverythingOnceItIsBack() throws Exception {
        server.stop();
        start(props());
        task.put(List.of(record(P0, 0, temp(1)), record(P1, 0, temp(2))));
        // Three refused attempts (20 ms backoff and up between them) span more than two ack delays (20 ms)
        // with the points pending: long enough for a wrong confirmation by time to have happened.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> metric("connect-failures-total") >= 3);
        assertThat(preCommit()).isEmpty();

        server.restart();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                preCommit().equals(Map.of(P0, new OffsetAndMetadata(1), P1, new OffsetAndMetadata(1))));
        assertThat(server.acceptedLines(TOKEN)).hasSize(2);
    }

    @Test
    void aFullBufferPausesThePartitionsAsksForAQuickPutAndResumesWhenItDrains() throws Exception {
        server.stop();
        Map<String, String> props = props();
        props.put(ConfigDefs.QUEUE_MAX_BYTES_CONFIG, "1024"); // about ten small points
        props.put(ConfigDefs.QUEUE_BLOCK_MS_CONFIG, "0");
        start(props);
        List<SinkRecord> first = new ArrayList<>();
        List<SinkRecord> second = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(record(P0, i, temp(i)));
            second.add(record(P0, 10 + i, temp(i)));
        }
        task.put(first);
        assertThat(context.paused).as("the first batch fits the empty buffer").isEmpty();
        assertThat(context.timeoutMs).as("no timeout asked while consuming").isEqualTo(-1);
        task.put(second);
        assertThat(context.paused).containsExactlyInAnyOrder(P0, P1);
        assertThat(context.timeoutMs).as("a paused consumer's poll would otherwise wait for the next commit")
                .isEqualTo(PlotlyStreamSinkTask.PAUSED_PUT_INTERVAL_MS);

        server.restart();
        Awaitility.await("backlog drained and consumption resumed").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    task.put(List.of()); // the runtime keeps calling put while paused
                    return context.paused.isEmpty();
                });
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> preCommit().equals(Map.of(P0, new OffsetAndMetadata(20))));
        assertThat(server.acceptedLines(TOKEN)).hasSize(20);
    }

    @Test
    void theTasksBudgetBoundsWhatItHoldsOverEveryTokenItFeeds() throws Exception {
        server.stop();
        Map<String, String> props = props();
        props.remove(ConfigDefs.TOKEN_CONFIG);
        props.put(ConfigDefs.TOKENS_BY_KEY_CONFIG, "a=tokena1,b=tokenb1");
        props.put(ConfigDefs.QUEUE_MAX_BYTES_CONFIG, "1024"); // about ten small points, over both tokens
        props.put(ConfigDefs.QUEUE_BLOCK_MS_CONFIG, "0");
        start(props);
        List<SinkRecord> toA = new ArrayList<>();
        List<SinkRecord> toB = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            toA.add(keyed(P0, i, "a", temp(i)));
            toB.add(keyed(P1, i, "b", temp(i)));
        }
        task.put(toA);
        assertThat(context.paused).as("the first batch fits the empty budget").isEmpty();
        task.put(toB);
        assertThat(context.paused).as("token b's stream holds nothing, but the task's budget is spent on token a")
                .containsExactlyInAnyOrder(P0, P1);

        server.restart();
        Awaitility.await("backlog drained and consumption resumed").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(20)).until(() -> {
                    task.put(List.of());
                    return context.paused.isEmpty();
                });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                preCommit().equals(Map.of(P0, new OffsetAndMetadata(10), P1, new OffsetAndMetadata(10))));
        assertThat(server.acceptedLines("tokena1")).hasSize(10);
        assertThat(server.acceptedLines("tokenb1")).hasSize(10);
    }

    @Test
    void tasksFeedingOneTokenEachBringTheirOwnBudgetToIt() throws Exception {
        server.stop();
        Map<String, String> props = props();
        props.put(ConfigDefs.QUEUE_MAX_BYTES_CONFIG, "1024");
        props.put(ConfigDefs.QUEUE_BLOCK_MS_CONFIG, "0");
        start(props);
        RecordingTaskContext otherContext = new RecordingTaskContext(props, P1);
        PlotlyStreamSinkTask other = new PlotlyStreamSinkTask();
        other.initialize(otherContext);
        other.start(props);
        other.open(List.of(P1));
        try {
            List<SinkRecord> first = new ArrayList<>();
            List<SinkRecord> second = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                first.add(record(P0, i, temp(i)));
                second.add(record(P1, i, temp(i)));
            }
            task.put(first);
            other.put(second);
            assertThat(otherContext.paused)
                    .as("the token's stream holds the first task's budget's worth; the second task has its own")
                    .isEmpty();
            List<SinkRecord> third = new ArrayList<>();
            for (int i = 10; i < 20; i++) {
                third.add(record(P0, i, temp(i)));
            }
            task.put(third);
            assertThat(context.paused).as("the first task's own budget is spent").containsExactlyInAnyOrder(P0, P1);

            server.restart();
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> {
                task.put(List.of());
                return context.paused.isEmpty();
            });
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptedLines(TOKEN).size() == 30);
        } finally {
            other.stop();
        }
    }

    @Test
    void onePutHandsEachTokenItsPointsAsOneBatch() {
        start(props());
        List<SinkRecord> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(record(P0, i, temp(i)));
        }
        task.put(batch);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> preCommit().equals(Map.of(P0, new OffsetAndMetadata(50))));
        // The 20 ms ack delay can pass before the test server has recorded the chunk it read.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptedLines(TOKEN).size() == 50);
        assertThat(server.chunkCount(TOKEN)).as("one batch is one chunk on the wire").isEqualTo(1);
    }

    @Test
    void aBatchDeliveredAgainIsNotSentTwice() {
        start(props());
        List<SinkRecord> batch = List.of(record(P0, 0, temp(1)), record(P0, 1, temp(2)));
        task.put(batch);
        task.put(batch);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> preCommit().equals(Map.of(P0, new OffsetAndMetadata(2))));
        assertThat(server.acceptedLines(TOKEN)).hasSize(2);
    }

    @Test
    void withErrorToleranceABadRecordIsReportedAndTheGoodOnesAroundItAreSent() {
        Map<String, String> props = props();
        props.put("errors.tolerance", "all");
        start(props);
        task.put(List.of(record(P0, 0, temp(1)), record(P0, 1, Map.of("pressure", 3)), record(P0, 2, temp(3))));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> preCommit().equals(Map.of(P0, new OffsetAndMetadata(3))));
        assertThat(context.reported).singleElement().asString().contains("readings-0@1").contains("value.temp");
        assertThat(server.acceptedLines(TOKEN)).containsExactly("{\"x\":0,\"y\":1.0}", "{\"x\":2,\"y\":3.0}");
        assertThat(metric("records-failed-total")).isEqualTo(1.0);
    }

    @Test
    void withoutErrorToleranceABadRecordFailsThePutNamingTheRecordAndField() {
        start(props());
        assertThatThrownBy(() -> task.put(List.of(record(P0, 3, temp(7)),
                record(P0, 4, Map.of("temp", Map.of("celsius", 30))), record(P0, 5, temp(8)))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("readings-0@4")
                .hasMessageContaining("value.temp");
        Awaitility.await("the good record before the bad one still goes out").atMost(Duration.ofSeconds(10))
                .until(() -> server.acceptedLines(TOKEN).equals(List.of("{\"x\":3,\"y\":7.0}")));
    }

    @Test
    void unroutablePointsAreSkippedAndCountedWhenConfiguredSo() {
        Map<String, String> props = props();
        props.remove(ConfigDefs.TOKEN_CONFIG);
        props.put(ConfigDefs.TOKENS_BY_TOPIC_CONFIG, "other=" + TOKEN);
        props.put(ConfigDefs.ON_UNROUTABLE_CONFIG, "skip");
        start(props);
        task.put(List.of(record(P0, 0, temp(1))));
        assertThat(preCommit()).containsEntry(P0, new OffsetAndMetadata(1));
        assertThat(metric("records-skipped-total")).isEqualTo(1.0);
    }

    @Test
    void aTombstoneIsSkippedByDefault() {
        start(props());
        task.put(List.of(record(P0, 0, null)));
        assertThat(preCommit()).containsEntry(P0, new OffsetAndMetadata(1));
        assertThat(metric("records-skipped-total")).isEqualTo(1.0);
    }

    @Test
    void aTokenTheServerRefusesFailsTheNextPutWithTheServersReason() throws Exception {
        server.then(RecordingStreamServer.Behaviour.respondAfter(0, 404, "stream token not registered or not valid"));
        Map<String, String> props = props();
        // Against a plain server a point counts as delivered once the stream stayed healthy for the
        // ack delay after its write: that is the rule, so a refusal that comes later than the delay
        // comes too late. With the usual 20 ms, a loaded machine's server thread sometimes answered
        // after it (the offset was committed before the 404 was read). Here no write can reach its
        // delay while the test runs, so the refusal always comes first and nothing may be committed.
        props.put(ConfigDefs.ACK_DELAY_MS_CONFIG, "60000");
        start(props);
        task.put(List.of(record(P0, 0, temp(1))));
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class)
                        .hasMessageContaining("404").hasMessageNotContaining(TOKEN));
        assertThat(preCommit()).isEmpty();
    }

    @Test
    void publishesItsCountersThroughPluginMetricsAndRemovesThemOnStop() {
        start(props());
        task.put(List.of(record(P0, 0, temp(1))));
        assertThat(metric("points-enqueued-total")).isEqualTo(1.0);
        assertThat(metric("open-streams")).isEqualTo(1.0);
        task.stop();
        task = null;
        assertThat(context.metrics.metrics().keySet()).extracting(MetricName::name)
                .doesNotContain("points-enqueued-total");
    }

    @Test
    void tasksSharingATokenEachCountOnlyTheirOwnPoints() throws Exception {
        start(props());
        RecordingTaskContext otherContext = new RecordingTaskContext(props(), P1);
        PlotlyStreamSinkTask other = new PlotlyStreamSinkTask();
        other.initialize(otherContext);
        other.start(props());
        other.open(List.of(P1));
        try {
            task.put(List.of(record(P0, 0, temp(1)), record(P0, 1, temp(2)), record(P0, 2, temp(3))));
            other.put(List.of(record(P1, 0, temp(4)), record(P1, 1, temp(5))));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptedLines(TOKEN).size() == 5);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> metric("points-delivered-total") == 3.0
                    && metric(otherContext, "points-delivered-total") == 2.0);
            assertThat(server.connectionCount(TOKEN)).as("one stream for the worker's token").isEqualTo(1);
            assertThat(metric("points-enqueued-total")).isEqualTo(3.0);
            assertThat(metric("queue-depth")).isZero();
            assertThat(metric(otherContext, "points-enqueued-total")).isEqualTo(2.0);

            other.stop();
            other = null;
            assertThat(metric("points-delivered-total")).as("another task's lease ending changes nothing here")
                    .isEqualTo(3.0);
        } finally {
            if (other != null) {
                other.stop();
            }
        }
    }

    @Test
    void theCommitWaitIsBoundedWhenAPointCannotBeConfirmed() throws Exception {
        Map<String, String> props = props();
        props.put(ConfigDefs.ACK_DELAY_MS_CONFIG, "900"); // the commit may wait up to 2 x 900 + 50 ms
        start(props);
        task.put(List.of(record(P0, 0, temp(1))));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptedLines(TOKEN).size() == 1);
        server.stop(); // nothing more can be confirmed: the wait must run to its bound
        task.put(List.of(record(P0, 1, temp(2))));
        long started = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> committed = preCommit();
        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(committed).as("the connection ended within the first point's ack delay: nothing is confirmed")
                .isEmpty();
        assertThat(waitedMs).as("bounded by two ack delays").isGreaterThanOrEqualTo(1_850).isLessThan(10_000);
    }

    /** A Connect runtime older than 4.1 (no plugin metrics) or than 2.6 (no errant record reporter). */
    private static final class OlderRuntimeContext extends RecordingTaskContext {
        private final boolean hasReporter;

        OlderRuntimeContext(Map<String, String> configs, boolean hasReporter, TopicPartition... assigned) {
            super(configs, assigned);
            this.hasReporter = hasReporter;
        }

        @Override
        public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
            throw new NoSuchMethodError("org.apache.kafka.connect.sink.SinkTaskContext.pluginMetrics()");
        }

        @Override
        public org.apache.kafka.connect.sink.ErrantRecordReporter errantRecordReporter() {
            if (!hasReporter) {
                throw new NoSuchMethodError("org.apache.kafka.connect.sink.SinkTaskContext.errantRecordReporter()");
            }
            return super.errantRecordReporter();
        }
    }

    private void startOn(RecordingTaskContext older, Map<String, String> props) {
        context = older;
        task = new PlotlyStreamSinkTask();
        task.initialize(context);
        task.start(props);
        task.open(List.of(P0, P1));
    }

    @Test
    void aTaskRestartedBeforeItsOldInstanceStoppedReplacesTheOldMetricsInsteadOfFailing() {
        start(props());
        task.put(List.of(record(P0, 0, temp(1))));
        // The runtime starts the new instance, with its own plugin metrics but the same tags in the
        // worker's one registry, while the old instance still holds its gauges.
        RecordingTaskContext sameTags = new RecordingTaskContext(context.metrics, props(), P0, P1);
        PlotlyStreamSinkTask restarted = new PlotlyStreamSinkTask();
        restarted.initialize(sameTags);
        try {
            restarted.start(props());
            restarted.open(List.of(P0, P1));
            restarted.put(List.of(record(P1, 0, temp(2))));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptedLines(TOKEN).size() == 2);
        } finally {
            restarted.stop();
        }
        task.stop(); // the old instance stopping late must not fail either
        task = null;
    }

    @Test
    void onARuntimeWithoutPluginMetricsTheTaskStillStreamsAndCommits() {
        startOn(new OlderRuntimeContext(props(), true, P0, P1), props());
        task.put(List.of(record(P0, 0, temp(1)), record(P0, 1, temp(2))));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> preCommit().equals(Map.of(P0, new OffsetAndMetadata(2))));
        assertThat(server.acceptedLines(TOKEN)).hasSize(2);
        assertThat(context.metrics.metrics().keySet()).extracting(MetricName::name)
                .doesNotContain("points-enqueued-total");
    }

    @Test
    void onARuntimeWithoutAnErrantRecordReporterABadRecordFailsTheTaskEvenWhenTolerated() {
        Map<String, String> props = props();
        props.put("errors.tolerance", "all");
        startOn(new OlderRuntimeContext(props, false, P0, P1), props);
        assertThatThrownBy(() -> task.put(List.of(record(P0, 4, Map.of("temp", "abc")))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("readings-0@4")
                .hasMessageContaining("y must be a number");
    }

    @Test
    void revokingEveryPartitionThatFedATokenReleasesItsStream() {
        start(props());
        task.put(List.of(record(P0, 0, temp(1))));
        assertThat(metric("open-streams")).isEqualTo(1.0);
        task.close(List.of(P0));
        assertThat(metric("open-streams")).isEqualTo(0.0);
        assertThat(preCommit()).isEmpty();
    }

    @Test
    void aTaskRestartOrRebalanceWithinTheLingerReusesTheLiveConnection() throws Exception {
        Map<String, String> props = props();
        props.put(ConfigDefs.LINGER_MS_CONFIG, "10000");
        try {
            start(props);
            task.put(List.of(record(P0, 0, temp(1))));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptedLines(TOKEN).size() == 1);

            task.close(List.of(P0, P1)); // rebalance: every partition revoked...
            task.open(List.of(P1));      // ...and one assigned again
            task.put(List.of(record(P1, 0, temp(2))));
            task.stop();                 // task restart
            start(props);
            task.put(List.of(record(P0, 1, temp(3))));

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.acceptedLines(TOKEN).size() == 3);
            assertThat(server.connectionCount(TOKEN)).as("connections the server saw for the token").isEqualTo(1);
        } finally {
            task.stop();
            task = null;
            io.plotstream.stream.StreamRegistry.shared().closeAll(Duration.ofSeconds(5));
        }
    }

    private double metric(String name) {
        return metric(context, name);
    }

    private static double metric(RecordingTaskContext context, String name) {
        return context.metrics.metrics().entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }
}
