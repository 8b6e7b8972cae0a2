package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import io.plotstream.server.ingest.WriteParser;
import io.plotstream.server.log.OperationLog;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.plotstream.server.plot.PlotTestSupport.json;
import static io.plotstream.server.plot.PlotTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plot is a deterministic function of its checkpoint plus the log records after it. */
class PlotReplayTest {

    private static final WriteParser PARSER = new WriteParser(32, 65536);
    private static final LineDecoder DECODER = PARSER::parse;
    private static final String FIGURE = "{\"layout\":{\"title\":\"t\"},\"data\":["
            + "{\"stream\":{\"token\":\"a\",\"maxpoints\":5,\"maxage\":\"1m\"}},"
            + "{\"stream\":{\"token\":\"b\",\"maxpoints\":3}},"
            + "{\"type\":\"bar\",\"x\":[1],\"y\":[2]}]}";

    private final MutableClock clock = new MutableClock("2026-12-01 10:00:00");
    private final InMemoryOperationLog log = new InMemoryOperationLog();
    private final PlotStore store = store(log);

    private PlotStore store(OperationLog log) {
        return new PlotStore(new Figures(10_000, 100), 100, new HistoryLimits(64 * 1024, 1024 * 1024), clock, log);
    }

    private void send(PlotStore target, String token, String line) {
        WriteBatch batch = new WriteBatch();
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        batch.add(target.bindings(token), write(line), bytes, 0, bytes.length);
        target.write(batch).join();
    }

    /** A workload touching every kind of operation: appends, overwrites, layout and style, trims, redefinitions, deletes. */
    private void workload() {
        store.create("p", json(FIGURE));
        store.create("gone", json("{\"data\":[{\"stream\":{\"token\":\"g\"}}]}"));
        for (int i = 0; i < 12; i++) {
            send(store, "a", "{\"x\":" + i + ",\"y\":" + (i * i) + "}");
            send(store, "b", "{\"x\":\"2026-12-01 10:00:0" + (i % 10) + "\",\"y\":" + i + ",\"marker\":{\"color\":\"red\"}}");
            clock.advance(Duration.ofSeconds(9));
        }
        send(store, "a", "{\"layout\":{\"title\":\"changed\"},\"name\":\"renamed\"}");
        send(store, "b", "{\"x\":[1,2,3,4],\"y\":[5,6,7,8]}");
        clock.advance(Duration.ofSeconds(45));
        assertThat(store.trimAged()).as("a trim by age of plot p").isEqualTo(1);
        send(store, "g", "{\"x\":1,\"y\":1}");
        store.delete("gone");
        clock.advance(Duration.ofSeconds(30));
        store.put("p", json(FIGURE.replace("\"title\":\"t\"", "\"title\":\"v2\"")));
        send(store, "a", "{\"x\":99,\"y\":1}");
        clock.advance(Duration.ofSeconds(50));
        store.trimAged();
    }

    private static String state(PlotStore target, String id) {
        Plot plot = target.plot(id).orElseThrow();
        PlotSnapshot snapshot = plot.snapshot();
        return snapshot.figure() + " v" + snapshot.structureVersion() + " counts" + java.util.Arrays.toString(snapshot.traceCounts())
                + " at" + snapshot.lastUpdateMs() + " windows" + plot.windowsJson() + " history" + plot.historyJson();
    }

    @Test
    void replayingTheWholeLogGivesTheSameState() throws IOException {
        workload();
        clock.advance(Duration.ofHours(3)); // replay must not read the clock: a later restart gives the same state

        PlotStore replayed = store(new InMemoryOperationLogView(log));
        replayed.recover(id -> OperationLog.NONE, DECODER);

        assertThat(state(replayed, "p")).isEqualTo(state(store, "p"));
        assertThat(replayed.plot("gone")).as("the deletion replays too").isEmpty();
        assertThat(replayed.bindings("a")).hasSize(1);
    }

    @Test
    void aCheckpointPlusTheRecordsAfterItGivesTheSameState() throws IOException {
        store.create("p", json(FIGURE));
        for (int i = 0; i < 7; i++) {
            send(store, "a", "{\"x\":" + i + ",\"y\":" + i + "}");
            clock.advance(Duration.ofSeconds(10));
        }
        Plot.CheckpointState checkpoint = store.plot("p").orElseThrow().checkpointState();
        long position = checkpoint.lastOp().join();
        for (int i = 7; i < 15; i++) {
            send(store, "a", "{\"x\":" + i + ",\"y\":" + i + "}");
            send(store, "b", "{\"x\":" + i + ",\"y\":" + i + "}");
            clock.advance(Duration.ofSeconds(10));
        }
        store.trimAged();

        PlotStore restarted = store(new InMemoryOperationLogView(log));
        restarted.restore("p", checkpoint.figure(), checkpoint.windows(), checkpoint.historyJson(), position);
        restarted.recover(id -> position, DECODER);

        assertThat(state(restarted, "p")).isEqualTo(state(store, "p"));
    }

    @Test
    void anOpenModePlotReplaysFromItsLoggedDefinition() throws IOException {
        String token = "opentoken1";
        String id = store.bindOpenModeToken(token).get(0).plot().id();
        for (int i = 0; i < 8; i++) {
            send(store, token, "{\"x\":" + i + ",\"y\":" + i + "}");
        }
        PlotStore replayed = store(new InMemoryOperationLogView(log));
        replayed.recover(plot -> OperationLog.NONE, DECODER);
        assertThat(state(replayed, id)).isEqualTo(state(store, id));
        assertThat(replayed.bindings(token)).hasSize(1);
    }

    @Test
    void theLinesOfOneChunkBecomeOneRecordPerPlot() {
        store.create("p", json(FIGURE));
        int before = log.records("p").size();
        WriteBatch batch = new WriteBatch();
        for (String line : new String[]{"{\"x\":1,\"y\":1}", "{\"x\":2,\"y\":2}", "{\"x\":3,\"y\":3}"}) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            batch.add(store.bindings("a"), write(line), bytes, 0, bytes.length);
        }
        store.write(batch).join();

        assertThat(log.records("p")).hasSize(before + 1);
        PlotOps.Op op = PlotOps.decode(log.records("p").get(before).record());
        assertThat(op.type()).isEqualTo(PlotOps.WRITES);
        assertThat(op.lines()).hasSize(3);
        assertThat(new String(op.lines().get(2).bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":3,\"y\":3}");
        assertThat(op.nowMs()).isEqualTo(clock.millis());
    }

    @Test
    void eachChangeIsLoggedBeforeItIsVisible() {
        store.create("p", json(FIGURE));
        assertThat(log.records("p")).hasSize(1);
        send(store, "a", "{\"x\":1,\"y\":1}");
        store.put("p", json(FIGURE));
        store.delete("p");
        assertThat(log.records("p")).extracting(e -> PlotOps.decode(e.record()).type())
                .containsExactly(PlotOps.DEFINE, PlotOps.WRITES, PlotOps.DEFINE, PlotOps.DELETE);
    }

    @Test
    void aQuietSweepLogsNothing() {
        store.create("p", json(FIGURE));
        send(store, "a", "{\"x\":1,\"y\":1}");
        int before = log.records("p").size();
        assertThat(store.trimAged()).isZero();
        assertThat(log.records("p")).hasSize(before);
        clock.advance(Duration.ofMinutes(2));
        assertThat(store.trimAged()).isEqualTo(1);
        assertThat(log.records("p")).hasSize(before + 1);
    }

    @Test
    void aFailedAppendFailsTheWriteButTheLineIsStillApplied() {
        store.create("p", json(FIGURE));
        log.failing = true;
        WriteBatch batch = new WriteBatch();
        byte[] bytes = "{\"x\":1,\"y\":1}".getBytes(StandardCharsets.UTF_8);
        batch.add(store.bindings("a"), write("{\"x\":1,\"y\":1}"), bytes, 0, bytes.length);
        CompletableFuture<Void> done = store.write(batch);
        assertThat(done).isCompletedExceptionally();
        assertThat(store.snapshot("p").orElseThrow().traceCounts()[0]).isEqualTo(1);
    }

    @Test
    void aDefinitionTheLogCannotHoldFailsTheCall() {
        log.failing = true;
        assertThatThrownBy(() -> store.create("p", json(FIGURE)))
                .hasMessageContaining("creating plot p").hasMessageContaining("disk full");
    }

    @Test
    void aCorruptRecordIsNamedNotApplied() {
        byte[] record = PlotOps.trim(5);
        record[0] = 9;
        assertThatThrownBy(() -> PlotOps.decode(record)).hasMessageContaining("unknown record version 9");
        byte[] define = PlotOps.define(5, "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PlotOps.decode(java.util.Arrays.copyOf(define, define.length - 1)))
                .hasMessageContaining("exceeds the record");
    }

    @Test
    void aWriteToADeletedPlotThroughAStaleBindingIsDropped() {
        store.create("p", json(FIGURE));
        var stale = store.bindings("a");
        store.delete("p");
        int before = log.records("p").size();
        WriteBatch batch = new WriteBatch();
        byte[] bytes = "{\"x\":1,\"y\":1}".getBytes(StandardCharsets.UTF_8);
        batch.add(stale, write("{\"x\":1,\"y\":1}"), bytes, 0, bytes.length);
        store.write(batch).join();
        assertThat(log.records("p")).hasSize(before);
    }

    @Test
    void streamWritesEncodeBackToAnEqualLine() {
        String line = "{\"x\":1,\"y\":[1,2],\"text\":\"a\",\"marker\":{\"color\":\"red\",\"size\":3,\"symbol\":\"x\"},\"name\":\"n\",\"layout\":{\"title\":\"t\"}}";
        StreamWrite write = write(line);
        byte[] again = write.toLine();
        StreamWrite parsed = PARSER.parse(again, 0, again.length);
        for (PointColumn column : PointColumn.values()) {
            assertThat(String.valueOf(parsed.column(column))).isEqualTo(String.valueOf(write.column(column)));
        }
        assertThat(parsed.traceAttributes()).isEqualTo(write.traceAttributes());
        assertThat((JsonNode) parsed.layout()).isEqualTo(write.layout());
    }
}
