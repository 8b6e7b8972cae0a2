package io.plotstream.integration.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.testing.PlotServerNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis goes away mid-stream and comes back (kill -9, then a restart on the same AOF), with two
 * node JVMs and HAProxy in front: ingest stops (the stream ends with 503, every node's /healthz
 * answers 503 naming the engine's trouble, HAProxy takes the nodes out of rotation and refuses new
 * streams), nothing more is acknowledged while Redis is away, and when Redis is back everything
 * resumes by itself: the writer's re-sent points are acknowledged and every acknowledged point is
 * on both nodes, whose windows agree. A viewer on a node keeps its socket through the outage and is
 * told when its node lost the engine and when it is back.
 */
class RedisRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "redisrestart1";
    private static final int POINTS = 1200;

    @TempDir
    Path work;
    private ClusterNodes cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = ClusterNodes.start(work, 2, List.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close(); // and the writers and viewers the test tracked
        }
    }

    @Test
    void ingestPausesWhileRedisIsAwayAndResumesByItselfLosingNothingAcknowledged() throws Exception {
        cluster.definePlot(cluster.haproxy.url(), "p", "{\"data\":[{\"type\":\"scatter\",\"stream\":{\"token\":\""
                + TOKEN + "\",\"maxpoints\":10000}}]}");
        cluster.awaitPlotOnEveryNode("p", WAIT);
        NumberedWriter writer = cluster.track(new NumberedWriter(cluster.haproxy.port(), TOKEN, POINTS).start());
        PositionViewer viewer = cluster.track(PositionViewer.open(cluster.nodes.node(2).url(), "p", false));
        assertThat(writer.awaitAcked(POINTS / 3, WAIT.toMillis())).as("a third acknowledged: %s", writer.events()).isTrue();

        cluster.redis.kill();
        for (PlotServerNodes.Node node : cluster.nodes.nodes()) {
            node.awaitHealthStatus(503);
            assertThat(node.healthBody()).as("%s says why", node.id()).contains("unhealthy");
            cluster.haproxy.awaitServerStatus(node.id(), "DOWN");
        }
        long ackedWhileAway = writer.ackedThrough();
        writer.awaitAcked(ackedWhileAway + 1, 1_000); // would any ack still come? none may
        assertThat(writer.ackedThrough()).as("nothing acknowledged while Redis is away").isEqualTo(ackedWhileAway);
        assertThat(writer.events()).as("the stream ended with 503, new ones refused")
                .anyMatch(e -> e.contains("end 503") || e.contains("refused 503"));
        viewer.await("being told its node lost the engine", WAIT, () -> viewer.events().contains("engine live=false"));
        assertThat(viewer.events()).as("the viewer keeps its socket").noneMatch(e -> e.startsWith("closed"));

        cluster.redis.restart();
        for (PlotServerNodes.Node node : cluster.nodes.nodes()) {
            node.awaitHealthy();
            cluster.haproxy.awaitServerStatus(node.id(), "UP");
        }
        viewer.await("being told the engine is back", WAIT, () -> viewer.events().contains("engine live=true"));
        assertThat(writer.awaitAllAcked(60_000)).as("every point acknowledged after Redis came back: %s", writer.events()).isTrue();

        awaitEveryPoint(cluster.nodes.node(1));
        awaitEveryPoint(cluster.nodes.node(2));
        cluster.nodes.node(2).await("the same window as node1", WAIT,
                () -> cluster.yValues(cluster.nodes.node(2).url(), "p").equals(cluster.yValues(cluster.nodes.node(1).url(), "p")));
        List<Double> plot = cluster.yValues(cluster.nodes.node(1).url(), "p");
        viewer.await("the last position", WAIT, () -> viewer.count() == plot.size());
        assertThat(viewer.contradictions()).isEmpty();
        assertThat(viewer.window()).isEqualTo(plot);
        System.out.printf("RedisRestartIT: Redis killed at %d acknowledged; %d acknowledged in %d streams, %d positions;"
                + " writer events %s%n", ackedWhileAway, writer.ackedThrough(), writer.streams(), plot.size(), writer.events());
    }

    /** The node's window once it holds every point 1..POINTS (the tail may still be applying). */
    private List<Double> awaitEveryPoint(PlotServerNodes.Node node) throws InterruptedException {
        List<List<Double>> last = new ArrayList<>(List.of(List.of()));
        List<Long> missing = new ArrayList<>();
        try {
            node.await("every acknowledged point", WAIT, () -> {
                List<Double> now = cluster.yValues(node.url(), "p");
                last.set(0, now);
                Set<Long> plotted = new HashSet<>();
                now.forEach(y -> plotted.add(y.longValue()));
                missing.clear();
                for (long n = 1; n <= POINTS; n++) {
                    if (!plotted.contains(n)) {
                        missing.add(n);
                    }
                }
                return missing.isEmpty();
            });
        } catch (AssertionError e) {
            throw new AssertionError(node.id() + " misses acknowledged points " + missing, e);
        }
        return last.get(0);
    }
}
