package io.plotstream.integration.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.plotstream.protocol.AckChannel;
import io.plotstream.server.plot.PlotDelta;
import io.plotstream.server.plot.PlotSnapshot;
import io.plotstream.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plot servers as nodes of one cluster over a real redis-server (loopback, AOF always): whatever one
 * node takes in, every node holds, with the same windows and the same cursors; a node started later
 * loads it from Redis; while Redis is gone ingest answers 503 and /healthz says why, and it heals by
 * itself. The nodes run in this JVM (the multi-process cluster behind HAProxy is ClusterFailoverIT).
 */
class RedisEngineIT {

    private static final String TOKEN = "tok1234567";
    private static final String FIGURE = "{\"id\":\"p\",\"data\":[{\"stream\":{\"token\":\"" + TOKEN + "\",\"maxpoints\":500}}]}";

    @TempDir
    Path dir;
    RedisServerProcess redis;
    final List<RunningServer> nodes = new ArrayList<>();

    @BeforeEach
    void redis() throws Exception {
        redis = RedisServerProcess.start(dir.resolve("redis"));
    }

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(RunningServer::close);
        if (redis != null) {
            redis.close();
        }
    }

    RunningServer node(String name, boolean open) {
        RunningServer node = new RunningServer(dir.resolve(name), b -> b.engine(redis.uri()).nodeId(name).openMode(open)
                .snapshotInterval(java.time.Duration.ofMillis(200)));
        nodes.add(node);
        return node;
    }

    @Test
    void aPlotCreatedThroughOneNodeIsLiveOnTheOtherWithinASecond() throws Exception {
        RunningServer a = node("a", false);
        RunningServer b = node("b", false);
        a.createPlot(FIGURE);
        await(() -> b.send("GET", "/api/plots/p", null).statusCode() == 200, 1000, "plot p on node b");
        assertThat(b.server.store().plot("p").orElseThrow().definitionJson().path("data").get(0)
                .path("stream").path("maxpoints").asInt()).as("the definition as node a took it").isEqualTo(500);
        assertThat(b.send("POST", "/api/plots", FIGURE).statusCode()).as("the id is taken cluster-wide").isEqualTo(409);
    }

    @Test
    void plotsCreatedInARowOnOneOfThreeNodesAreOnTheOtherTwo() throws Exception {
        RunningServer a = node("a", false);
        RunningServer b = node("b", false);
        RunningServer c = node("c", false);
        for (int i = 0; i < 10; i++) {
            a.createPlot(FIGURE.replace("\"id\":\"p\"", "\"id\":\"p" + i + "\"").replace(TOKEN, "token0000" + i));
        }
        for (RunningServer node : List.of(b, c)) {
            await(() -> node.server.store().size() == 10, 5000, "10 plots on every node (b has " + b.server.store().size()
                    + ", c has " + c.server.store().size() + ": " + b.server.store().plots() + ")");
        }
    }

    @Test
    void aDashboardSavedThroughOneNodeIsOnTheOtherWithinASecondAndGoneWhenDeleted() throws Exception {
        RunningServer a = node("a", false);
        RunningServer b = node("b", false);
        a.createPlot(FIGURE);
        await(() -> b.server.store().plot("p").isPresent(), 5000, "plot p on node b");
        String dashboard = "{\"title\":\"Ops\",\"panels\":[{\"plot\":\"p\",\"x\":0,\"y\":0,\"w\":6,\"h\":3}]}";
        assertThat(a.send("PUT", "/api/dashboards/ops", dashboard).statusCode()).isEqualTo(201);
        await(() -> b.send("GET", "/api/dashboards/ops", null).statusCode() == 200, 1000, "dashboard ops on node b");
        assertThat(RunningServer.json(b.send("GET", "/api/dashboards/ops", null).body()).path("title").asText()).isEqualTo("Ops");
        assertThat(b.send("DELETE", "/api/dashboards/ops", null).statusCode()).isBetween(200, 204);
        await(() -> a.send("GET", "/api/dashboards/ops", null).statusCode() == 404, 1000, "dashboard ops gone from node a");
    }

    @Test
    void aWriterThatComesToAnotherNodeRightAfterTheCreateIsTakenNotRefused() throws Exception {
        RunningServer a = node("a", false);
        RunningServer b = node("b", false);
        for (int i = 0; i < 5; i++) {
            String token = "justmade0" + i;
            a.createPlot(FIGURE.replace("\"id\":\"p\"", "\"id\":\"j" + i + "\"").replace(TOKEN, token));
            try (AckStreamClient writer = new AckStreamClient(b.port(), token)) {
                assertThat(writer.awaitHead(5000)).as("node b waits a moment for the plot node a just made").isEqualTo(200);
                writer.send("{\"x\":1,\"y\":1}\n");
                assertThat(writer.awaitAcked(1, 5000)).isTrue();
            }
        }
    }

    @Test
    void linesAcknowledgedByOneNodeAreOnEveryNodeWithTheSameWindowAndCursor() throws Exception {
        RunningServer a = node("a", false);
        RunningServer b = node("b", false);
        a.createPlot(FIGURE);
        await(() -> b.server.store().plot("p").isPresent(), 5000, "plot p on node b");
        PlotSnapshot before = b.server.store().snapshot("p").orElseThrow();
        try (AckStreamClient writer = new AckStreamClient(a.port(), TOKEN)) {
            assertThat(writer.awaitHead(5000)).isEqualTo(200);
            for (int i = 1; i <= 300; i++) {
                writer.send("{\"x\":" + i + ",\"y\":" + (i * 2) + "}\n");
            }
            assertThat(writer.awaitAcked(300, 10_000)).as("every line acknowledged once Redis has it").isTrue();
        }
        await(() -> b.trace("p", 0).path("y").size() == 300, 5000, "300 points on node b");
        await(() -> a.trace("p", 0).path("y").size() == 300, 5000, "300 points on node a");
        assertThat(b.trace("p", 0).path("y")).isEqualTo(a.trace("p", 0).path("y"));

        PlotSnapshot onA = a.server.store().snapshot("p").orElseThrow();
        PlotSnapshot onB = b.server.store().snapshot("p").orElseThrow();
        assertThat(onB.structureVersion()).isEqualTo(onA.structureVersion());
        assertThat(onB.traceCounts()).containsExactly(onA.traceCounts());
        // a viewer of node b that saw the plot before the writes continues on node a from its cursor
        Optional<PlotDelta> delta = a.server.store().deltaSince("p", before.structureVersion(), before.traceCounts());
        assertThat(delta).as("node a understands node b's cursor: a delta, not a new snapshot").isPresent();
        assertThat(delta.get().traceCounts()).containsExactly(onA.traceCounts());
    }

    @Test
    void openModeMakesOnePlotPerTokenHoweverManyNodesSeeItFirst() throws Exception {
        RunningServer a = node("a", true);
        RunningServer b = node("b", true);
        String token = "newtoken99";
        try (AckStreamClient onA = new AckStreamClient(a.port(), token);
             AckStreamClient onB = new AckStreamClient(b.port(), token)) {
            CompletableFuture<Integer> headA = CompletableFuture.supplyAsync(() -> onA.awaitHead(10_000));
            CompletableFuture<Integer> headB = CompletableFuture.supplyAsync(() -> onB.awaitHead(10_000));
            assertThat(headA.get()).isEqualTo(200);
            assertThat(headB.get()).isEqualTo(200);
            onA.send("{\"x\":1,\"y\":1}\n");
            onB.send("{\"x\":2,\"y\":2}\n");
            assertThat(onA.awaitAcked(1, 5000)).isTrue();
            assertThat(onB.awaitAcked(1, 5000)).isTrue();
        }
        for (RunningServer node : List.of(a, b)) {
            await(() -> node.server.store().size() == 1 && node.server.store().bindings(token).size() == 1
                    && pointsOf(node, node.server.store().bindings(token).get(0).plot().id()) == 2, 5000,
                    "one plot with both points on every node");
        }
    }

    @Test
    void aNodeStartedLaterLoadsEveryPlotFromRedis() throws Exception {
        RunningServer a = node("a", false);
        a.createPlot(FIGURE);
        try (AckStreamClient writer = new AckStreamClient(a.port(), TOKEN)) {
            assertThat(writer.awaitHead(5000)).isEqualTo(200);
            for (int i = 1; i <= 100; i++) {
                writer.send("{\"x\":" + i + ",\"y\":" + i + "}\n");
            }
            assertThat(writer.awaitAcked(100, 10_000)).isTrue();
        }
        await(() -> pointsOf(a, "p") == 100, 5000, "100 points on node a");
        RunningServer c = node("c", false);
        assertThat(pointsOf(c, "p")).as("loaded at start: checkpoint and the log after it").isEqualTo(100);
        assertThat(c.server.store().snapshot("p").orElseThrow().traceCounts())
                .containsExactly(a.server.store().snapshot("p").orElseThrow().traceCounts());
    }

    @Test
    void deletingThroughOneNodeRemovesThePlotOnEveryNode() throws Exception {
        RunningServer a = node("a", false);
        RunningServer b = node("b", false);
        a.createPlot(FIGURE);
        await(() -> b.server.store().plot("p").isPresent(), 5000, "plot p on node b");
        assertThat(b.send("DELETE", "/api/plots/p", null).statusCode()).isEqualTo(200);
        await(() -> a.server.store().plot("p").isEmpty(), 5000, "plot p gone from node a");
        assertThat(a.send("POST", "/api/plots", FIGURE).statusCode()).as("the id is free again").isEqualTo(201);
        await(() -> b.server.store().plot("p").isPresent(), 5000, "the new plot p on node b");
    }

    @Test
    void whileRedisIsGoneStreamsEndWith503AndHealthzSaysWhyThenItHealsByItself() throws Exception {
        RunningServer a = node("a", false);
        a.createPlot(FIGURE);
        try (AckStreamClient writer = new AckStreamClient(a.port(), TOKEN)) {
            assertThat(writer.awaitHead(5000)).isEqualTo(200);
            writer.send("{\"x\":1,\"y\":1}\n");
            assertThat(writer.awaitAcked(1, 5000)).isTrue();
        }
        redis.kill();
        await(() -> a.send("GET", "/healthz", null).statusCode() == 503, 10_000, "healthz 503 while redis is gone");
        assertThat(a.send("GET", "/healthz", null).body()).contains("redis unreachable");
        try (AckStreamClient writer = new AckStreamClient(a.port(), TOKEN)) {
            writer.awaitHead(5000);
            writer.trySend("{\"x\":2,\"y\":2}\n");
            AckChannel.Line end = writer.awaitEnd(10_000);
            assertThat(end).as("the stream ends with the engine's refusal").isNotNull();
            assertThat(end.endCode()).isEqualTo(503);
            assertThat(writer.acked()).as("nothing acknowledged while Redis is gone").isZero();
        }
        HttpResponse<String> create = a.send("POST", "/api/plots", FIGURE.replace("\"id\":\"p\"", "\"id\":\"q\""));
        assertThat(create.statusCode()).as("a definition cannot be made durable either: retry later").isEqualTo(503);
        assertThat(create.body()).contains("redis unreachable");
        redis.restart();
        await(() -> a.send("GET", "/healthz", null).statusCode() == 200, 15_000, "healthz 200 once redis is back");
        try (AckStreamClient writer = new AckStreamClient(a.port(), TOKEN)) {
            assertThat(writer.awaitHead(5000)).isEqualTo(200);
            writer.send("{\"x\":3,\"y\":3}\n");
            assertThat(writer.awaitAcked(1, 10_000)).isTrue();
        }
        await(() -> pointsOf(a, "p") == 2, 5000, "the acknowledged points 1 and 3 on the plot");
        assertThat(a.trace("p", 0).path("x").toString()).isEqualTo("[1,3]");
    }

    static int pointsOf(RunningServer node, String plot) {
        HttpResponse<String> response = node.send("GET", "/api/plots/" + plot, null);
        if (response.statusCode() != 200) {
            return -1;
        }
        JsonNode y = RunningServer.json(response.body()).path("figure").path("data").get(0).path("y");
        return y.size();
    }

    static void await(BooleanSupplier condition, long timeoutMs, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(20); // polling interval of a condition wait
        }
    }
}
