package io.plotstream.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.integration.support.ConnectClusterHarness;
import io.plotstream.integration.support.PlotServerFixture;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker with Connect's default commit interval (60 s): a plot server outage fills the token's
 * buffer and the task pauses its partitions. A paused consumer's poll blocks until the next offset
 * commit unless the task asks for a short timeout, so without it records produced after the server
 * came back would wait up to a minute. Here they must be plotted within the reconnect backoff plus 2 s.
 */
class ResumeAfterOutageIT {
    private static final String TOPIC = "resume";
    private static final String CONNECTOR = "resume";
    private static final String TOKEN = "resumetoken01";
    private static final String PLOT = "resume-plot";
    private static final long BACKOFF_MAX_MS = 1_000;

    @TempDir
    Path dataDir;
    private PlotServerFixture server;
    private ConnectClusterHarness cluster;
    private long produced;

    @BeforeEach
    void start() throws Exception {
        server = PlotServerFixture.start(dataDir, false);
        server.definePlot(PLOT, TOKEN, 10_000);
        // Connect's own default, stated so that no shared harness setting can shorten it.
        cluster = ConnectClusterHarness.start("resume", 1, Map.of("offset.flush.interval.ms", "60000"));
        cluster.createTopic(TOPIC, 1);
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void recordsProducedAfterTheServerReturnsArePlottedWithinTheBackoffPlusTwoSecondsDespiteTheMinuteLongCommitInterval()
            throws Exception {
        cluster.deploy(CONNECTOR, ConnectClusterHarness.json("""
                {
                  "connector.class": "io.plotstream.connect.PlotlyStreamSinkConnector",
                  "tasks.max": "1",
                  "topics": "%s",
                  "key.converter": "org.apache.kafka.connect.storage.StringConverter",
                  "value.converter": "org.apache.kafka.connect.json.JsonConverter",
                  "value.converter.schemas.enable": "false",
                  "plotly.stream.url": "%s",
                  "plotly.token": "%s",
                  "plotly.y": "value.seq",
                  "plotly.queue.max.bytes": "1024",
                  "plotly.reconnect.backoff.initial.ms": "200",
                  "plotly.reconnect.backoff.max.ms": "%d"
                }""".formatted(TOPIC, server.url(), TOKEN, BACKOFF_MAX_MS)));
        cluster.awaitRunning(CONNECTOR, 1);
        produce(10);
        awaitPlotted(10, Duration.ofSeconds(30));

        server.stop();
        // A batch goes into an empty buffer whatever its size; a later one finds it full, stays in the
        // task's backlog, and the task pauses. How the records split into polls is the consumer's choice.
        for (int wave = 0; wave < 5 && taskMetric("records-waiting") == 0; wave++) {
            produce(50);
            long expected = produced;
            Awaitility.await("wave read or the task paused").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> recordsRead() >= expected || taskMetric("records-waiting") > 0);
        }
        Awaitility.await("a batch held back and the task paused").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50)).until(() -> taskMetric("records-waiting") > 0);
        assertThat(cluster.taskStates(CONNECTOR)).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));

        server.restart();
        long back = System.nanoTime();
        produce(10);
        awaitPlotted((int) produced, Duration.ofMillis(BACKOFF_MAX_MS + 2_000));
        long tookMs = (System.nanoTime() - back) / 1_000_000;
        System.out.printf("[resume] every record plotted %d ms after the server came back "
                + "(commit interval 60 s, backoff at most %d ms)%n", tookMs, BACKOFF_MAX_MS);
        assertThat(cluster.taskStates(CONNECTOR)).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
    }

    private void produce(int count) {
        for (int i = 0; i < count; i++) {
            cluster.produce(TOPIC, null, "{\"seq\": " + produced++ + "}");
        }
        cluster.flush();
    }

    /** Every sequence number below {@code count} is on the plot (duplicates allowed). */
    private void awaitPlotted(int count, Duration within) {
        Awaitility.await(count + " records plotted").atMost(within).pollInterval(Duration.ofMillis(50)).until(() -> {
            Set<Long> seen = new TreeSet<>(server.yValues(PLOT));
            for (long seq = 0; seq < count; seq++) {
                if (!seen.contains(seq)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Records the runtime read for the task (its own sink-task metric). */
    private static double recordsRead() throws Exception {
        return sum("kafka.connect:type=sink-task-metrics,connector=" + CONNECTOR + ",task=*", "sink-record-read-total");
    }

    /** One of the connector's own task metrics (plugin metrics, published over JMX by the worker). */
    private static double taskMetric(String name) throws Exception {
        return sum("kafka.connect:type=plugins,connector=" + CONNECTOR + ",task=*", name);
    }

    private static double sum(String pattern, String attribute) throws Exception {
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        double total = 0;
        for (ObjectName name : mbeans.queryNames(new ObjectName(pattern), null)) {
            total += ((Number) mbeans.getAttribute(name, attribute)).doubleValue();
        }
        return total;
    }
}
