package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.ingest.WriteParser;
import io.plotstream.server.log.LogTail;
import io.plotstream.server.log.redis.RedisLog;
import io.plotstream.server.log.redis.RedisLogOptions;
import io.plotstream.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.plotstream.server.plot.PlotTestSupport.json;
import static io.plotstream.server.plot.PlotTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas of a cluster over a real redis-server: every node's replica of a plot is the same state
 * (windows, history, cursors, structure version) whichever node took the changes, including a node
 * that starts later (checkpoint + the records after it) and one whose tail fell behind a trim and
 * reloads from the stored checkpoint.
 */
class SharedReplicaTest {

    private static final LineDecoder DECODER = new WriteParser(32, 65536)::parse;
    private static final String FIGURE = "{\"layout\":{\"title\":\"t\"},\"data\":["
            + "{\"stream\":{\"token\":\"a\",\"maxpoints\":5,\"maxage\":\"1m\"}},"
            + "{\"stream\":{\"token\":\"b\",\"maxpoints\":3}},"
            + "{\"type\":\"bar\",\"x\":[1],\"y\":[2]}]}";

    @TempDir
    Path dir;
    private RedisServerProcess redis;
    private final MutableClock clock = new MutableClock("2026-12-01 10:00:00");
    private final List<Node> nodes = new ArrayList<>();

    /** One node: its log connection, replicas, checkpoints and tail, wired as RedisEngine wires a server. */
    private final class Node implements AutoCloseable {
        final RedisLog log;
        final PlotStore store;
        final SharedCheckpoints checkpoints;
        final ReplicaFeed feed;
        LogTail tail;

        Node(String name) throws Exception {
            log = RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of()));
            store = new PlotStore(new Figures(10_000, 100), 100, new HistoryLimits(64 * 1024, 1024 * 1024), clock, log,
                    new ClusterNode(name, Duration.ofSeconds(30), Duration.ofSeconds(10)));
            checkpoints = new SharedCheckpoints(log, store, new ObjectMapper());
            checkpoints.loadSaved();
            store.recover(checkpoints::checkpointOf, DECODER);
            feed = store.replicaFeed(DECODER, id -> { }, up -> { });
            follow(positions());
        }

        Map<String, Long> positions() {
            Map<String, Long> positions = new HashMap<>();
            store.all().forEach(plot -> positions.put(plot.id(), store.position(plot.id())));
            return positions;
        }

        void follow(Map<String, Long> from) {
            tail = log.tail(from, feed);
            feed.following(tail);
        }

        void send(String token, String line) {
            WriteBatch batch = new WriteBatch();
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            batch.add(store.bindings(token), write(line), bytes, 0, bytes.length);
            store.write(batch).join();
        }

        @Override
        public void close() {
            tail.close();
            log.close();
        }
    }

    @BeforeEach
    void redis() throws Exception {
        redis = RedisServerProcess.start(dir.resolve("redis"));
    }

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(Node::close);
        redis.close();
    }

    private Node node(String name) throws Exception {
        Node node = new Node(name);
        nodes.add(node);
        return node;
    }

    private static String state(PlotStore store, String id) {
        return store.plot(id).map(plot -> {
            PlotSnapshot snapshot = plot.snapshot();
            return snapshot.figure() + " v" + snapshot.structureVersion() + " counts"
                    + java.util.Arrays.toString(snapshot.traceCounts()) + " at" + snapshot.lastUpdateMs()
                    + " windows" + plot.windowsJson() + " history" + plot.historyJson();
        }).orElse("absent");
    }

    private static void awaitEqual(Supplier<String> expected, Supplier<String> actual, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!expected.get().equals(actual.get())) {
            if (System.nanoTime() > deadline) {
                assertThat(actual.get()).as(what).isEqualTo(expected.get());
            }
            Thread.sleep(10); // polling interval of a condition wait
        }
    }

    /** Appends, overwrites, layout and style, a trim by age, a redefinition and a deletion, through node a. */
    private void workload(Node a, Node b) throws InterruptedException {
        a.store.create("p", json(FIGURE));
        b.store.create("gone", json("{\"data\":[{\"stream\":{\"token\":\"g\"}}]}"));
        for (int i = 0; i < 12; i++) {
            a.send("a", "{\"x\":" + i + ",\"y\":" + (i * i) + "}");
            b.send("b", "{\"x\":\"2026-12-01 10:00:0" + (i % 10) + "\",\"y\":" + i + ",\"marker\":{\"color\":\"red\"}}");
            clock.advance(Duration.ofSeconds(9));
        }
        a.send("a", "{\"layout\":{\"title\":\"changed\"},\"name\":\"renamed\"}");
        b.send("b", "{\"x\":[1,2,3,4],\"y\":[5,6,7,8]}");
        awaitEqual(() -> "true", () -> Boolean.toString(state(a.store, "p").contains("renamed")
                && state(a.store, "p").contains("\"y\":[6,7,8]")), "node a applied the style and the overwrite");
        awaitEqual(() -> state(a.store, "p"), () -> state(b.store, "p"), "both replicas caught up");
        clock.advance(Duration.ofSeconds(45));
        a.store.trimAged(); // the steward logs the trim once; every replica applies it
        b.store.trimAged();
        a.send("g", "{\"x\":1,\"y\":1}");
        a.store.delete("gone");
        clock.advance(Duration.ofSeconds(30));
        b.store.put("p", json(FIGURE.replace("\"title\":\"t\"", "\"title\":\"v2\"")));
        a.send("a", "{\"x\":99,\"y\":1}");
    }

    @Test
    void everyNodesReplicaIsTheSameStateWhicheverNodeTookTheChanges() throws Exception {
        Node a = node("a");
        Node b = node("b");
        workload(a, b);
        awaitEqual(() -> state(a.store, "p"), () -> state(b.store, "p"), "plot p on node b as on node a");
        assertThat(state(a.store, "p")).contains("\"title\":\"v2\"").contains("\"y\":[1]");
        assertThat(a.store.plot("gone")).isEmpty();
        assertThat(b.store.plot("gone")).as("the deletion reached every node").isEmpty();
        assertThat(b.store.bindings("a")).hasSize(1);
    }

    @Test
    void aNodeStartedLaterLoadsTheCheckpointAndTheRecordsAfterIt() throws Exception {
        Node a = node("a");
        Node b = node("b");
        workload(a, b);
        awaitEqual(() -> state(a.store, "p"), () -> state(b.store, "p"), "replicas agree");
        a.checkpoints.saveChanged(); // a checkpoint in Redis drops the records it covers
        a.send("a", "{\"x\":100,\"y\":2}");
        awaitEqual(() -> state(a.store, "p"), () -> state(b.store, "p"), "replicas agree after the checkpoint");

        Node c = node("c");
        assertThat(state(c.store, "p")).isEqualTo(state(a.store, "p"));
        assertThat(c.store.plot("gone")).isEmpty();
    }

    @Test
    void aReplicaWhoseRecordsWereTrimmedUnreadReloadsFromTheCheckpoint() throws Exception {
        Node a = node("a");
        Node b = node("b");
        a.store.create("p", json(FIGURE));
        awaitEqual(() -> state(a.store, "p"), () -> state(b.store, "p"), "plot p on both nodes");
        Map<String, Long> behind = b.positions();
        b.tail.close(); // node b stops reading: it falls behind

        for (int i = 0; i < 30; i++) {
            a.send("a", "{\"x\":" + i + ",\"y\":" + i + "}");
            a.send("b", "{\"x\":" + i + ",\"y\":" + (2 * i) + "}");
        }
        awaitEqual(() -> "[30, 30, 0]", () -> java.util.Arrays.toString(a.store.plot("p").orElseThrow().snapshot().traceCounts()),
                "node a applied everything");
        long covered = a.store.position("p");
        a.checkpoints.saveChanged();
        awaitEqual(() -> Long.toString(covered), () -> {
            try {
                return Long.toString(a.log.loadCheckpoint("p").map(c -> c.position()).orElse(-1L));
            } catch (java.io.IOException e) {
                return e.toString();
            }
        }, "the checkpoint stored (and the records before it trimmed)");

        b.follow(behind);
        a.send("a", "{\"x\":31,\"y\":31}"); // the first record after the trim shows node b the gap
        awaitEqual(() -> state(a.store, "p"), () -> state(b.store, "p"), "node b reloaded from the checkpoint and follows on");
        assertThat(state(b.store, "p")).contains("counts[31, 30, 0]");
    }
}
