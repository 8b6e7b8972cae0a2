package io.plotstream.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.integration.support.ConnectClusterHarness;
import io.plotstream.integration.support.PlotServerFixture;
import io.plotstream.integration.support.SequenceWorkload;
import io.plotstream.stream.StreamRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's trouble on a real cluster: rebalances, a server outage, the connector's
 * lifecycle. Records carry a sequence number per key (as y); every key routes to its own token.
 *
 * <p>All workers run in this JVM, so they share one {@link StreamRegistry}: the whole cluster
 * must then hold at most one connection per token, which the server's per-token stream count
 * shows at every moment.
 */
class ClusterScenariosIT {
    private static final String TOPIC = "seq";

    @TempDir
    Path dataDir;
    private PlotServerFixture server;
    private ConnectClusterHarness cluster;
    private StreamCountSampler sampler;
    private final SequenceWorkload workload = new SequenceWorkload();

    @BeforeEach
    void start() throws Exception {
        server = PlotServerFixture.start(dataDir, false);
        workload.definePlots(server);
        cluster = ConnectClusterHarness.start("scenarios", 2);
        cluster.createTopic(TOPIC, 4);
        sampler = new StreamCountSampler(server);
    }

    @AfterEach
    void stop() {
        if (sampler != null) {
            sampler.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private ObjectNode connectorConfig() {
        return ConnectClusterHarness.json(workload.connectorConfig(TOPIC, 2, server.url()));
    }

    private void produce(int perKey) {
        workload.produce(perKey, (key, value) -> cluster.produce(TOPIC, key, value));
        cluster.flush();
    }

    private void awaitNothingLost() {
        long duplicates = workload.awaitNothingLost(server, Duration.ofSeconds(90));
        System.out.printf("[%s] %d records per key plotted, %d duplicates%n", getClass().getSimpleName(),
                workload.producedPerKey(), duplicates);
    }

    @Test
    void nothingIsLostAndNoTokenEverHasTwoConnectionsWhileWorkersJoinAndLeave() {
        cluster.deploy("seq", connectorConfig());
        cluster.awaitRunning("seq", 2);
        produce(100);

        WorkerHandle added = cluster.connect().addWorker();
        produce(100);
        cluster.awaitRunning("seq", 2);
        produce(100);

        cluster.connect().removeWorker(added);
        produce(100);
        cluster.awaitRunning("seq", 2);
        produce(100);

        awaitNothingLost();
        assertThat(sampler.maxSeen()).as("streams per token at any moment").isLessThanOrEqualTo(1);
        Awaitility.await("offsets committed").atMost(Duration.ofSeconds(30))
                .until(() -> cluster.committedOffsetSum("seq") == workload.producedTotal());
    }

    @Test
    void aServerOutageStallsTheConnectorWhichReconnectsByItselfAndLosesNothing() throws Exception {
        cluster.deploy("seq", connectorConfig());
        cluster.awaitRunning("seq", 2);
        produce(50);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.yValues(SequenceWorkload.plotId("k0")).size() >= 50);

        server.stop();
        produce(50); // consumed while the server is down: must wait in the queues
        Thread.sleep(2_000); // longer than the heartbeat interval
        assertThat(cluster.taskStates("seq")).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
        server.restart();

        produce(50);
        awaitNothingLost();
        assertThat(cluster.taskStates("seq")).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
    }

    @Test
    void streamsFollowPauseResumeReconfigurationAndDeletionWithoutLeaks() throws Exception {
        int threadsBefore = streamThreads();
        cluster.deploy("seq", connectorConfig());
        cluster.awaitRunning("seq", 2);
        produce(20);
        awaitNothingLost();

        cluster.connect().pauseConnector("seq");
        Awaitility.await("paused").atMost(Duration.ofSeconds(30)).until(() ->
                "PAUSED".equals(cluster.connect().connectorStatus("seq").connector().state()));
        produce(20);
        cluster.connect().resumeConnector("seq");
        awaitNothingLost();

        // Reconfigure: k0 now goes to a new plot.
        server.definePlot("plot-k0-new", "tokk0moved1", 10_000);
        ObjectNode moved = connectorConfig();
        moved.put("plotly.tokens.by.key", moved.get("plotly.tokens.by.key").asText()
                .replace("k0=" + SequenceWorkload.token("k0"), "k0=tokk0moved1"));
        cluster.deploy("seq", moved);
        cluster.awaitRunning("seq", 2);
        long before = workload.producedPerKey();
        produce(20);
        Awaitility.await("k0 reaches its new plot").atMost(Duration.ofSeconds(60))
                .until(() -> server.yValues("plot-k0-new").containsAll(List.of(before, before + 19)));

        cluster.connect().deleteConnector("seq");
        Awaitility.await("every stream closed after the linger").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> server.activeStreams() == 0 && streamThreads() <= threadsBefore
                        && StreamRegistry.shared().openStreams() == 0);
        assertThat(sampler.maxSeen()).isLessThanOrEqualTo(1);
    }

    private static int streamThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("plotly-stream")).count();
    }

    /** Samples the server's per-token stream count every 50 ms and keeps the largest. */
    private static final class StreamCountSampler implements AutoCloseable {
        private final AtomicInteger max = new AtomicInteger();
        private final Thread thread;
        private volatile boolean running = true;

        StreamCountSampler(PlotServerFixture server) {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        max.accumulateAndGet(server.maxStreamsForAnyToken(), Math::max);
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // the server is down during the outage scenario: nothing to sample
                    }
                }
            }, "stream-count-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        int maxSeen() {
            return max.get();
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
        }
    }
}
