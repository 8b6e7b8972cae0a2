package io.plotstream.server.plot;

import org.junit.jupiter.api.Test;

import static io.plotstream.server.plot.PlotTestSupport.json;
import static io.plotstream.server.plot.PlotTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

/** Viewer cursors: a snapshot, then only what was appended since (PlotReader's contract). */
class PlotCursorTest {

    private final PlotStore store = new PlotStore(new Figures(10_000, 100), 100);

    private void send(String token, String line) {
        store.write(store.bindings(token), write(line));
    }

    @Test
    void deltaHoldsOnlyThePointsAppendedSinceTheCursor() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxpoints\":10}},{\"stream\":{\"token\":\"b\",\"maxpoints\":10}}]}"));
        send("a", "{\"x\":1,\"y\":1}");
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow();
        assertThat(snapshot.traceCounts()).containsExactly(1, 0);
        assertThat(snapshot.maxPoints()).containsExactly(10, 10);

        send("a", "{\"x\":2,\"y\":2,\"text\":\"t\"}");
        send("b", "{\"x\":5,\"y\":50}");
        PlotDelta delta = store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts()).orElseThrow();

        assertThat(delta.traceIndices()).containsExactly(0, 1);
        assertThat(delta.maxPoints()).as("each trace's window length after the update").containsExactly(2, 1);
        assertThat(delta.traceCounts()).containsExactly(2, 1);
        assertThat(delta.update().get("x").toString()).isEqualTo("[[2],[5]]");
        assertThat(delta.update().get("y").toString()).isEqualTo("[[2],[50]]");
        assertThat(delta.update().get("text").toString()).isEqualTo("[[\"t\"],[null]]");
        assertThat(delta.update().has("marker.color")).isFalse();
    }

    @Test
    void deltaAtTheCurrentCursorIsEmptyButPresent() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\"}}]}"));
        send("a", "{\"x\":1,\"y\":1}");
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow();
        PlotDelta delta = store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts()).orElseThrow();
        assertThat(delta.traceIndices()).isEmpty();
        assertThat(delta.traceCounts()).containsExactly(1);
    }

    @Test
    void chainedDeltasFollowTheCursor() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\"}}]}"));
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow();
        send("a", "{\"x\":1,\"y\":1}");
        PlotDelta first = store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts()).orElseThrow();
        send("a", "{\"x\":2,\"y\":2}");
        send("a", "{\"x\":3,\"y\":3}");
        PlotDelta second = store.deltaSince("p", snapshot.structureVersion(), first.traceCounts()).orElseThrow();
        assertThat(second.update().get("y").toString()).isEqualTo("[[2,3]]");
    }

    @Test
    void structureChangeAsksForASnapshot() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\"}}]}"));
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow();
        send("a", "{\"layout\":{\"title\":\"t\"}}");
        assertThat(store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts())).isEmpty();
        assertThat(store.snapshot("p").orElseThrow().structureVersion()).isGreaterThan(snapshot.structureVersion());
    }

    @Test
    void listOverwriteAsksForASnapshot() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\"}}]}"));
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow();
        send("a", "{\"y\":[1,2,3]}");
        assertThat(store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts())).isEmpty();
    }

    @Test
    void appendsNeverChangeTheStructureVersion() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\"}}]}"));
        long before = store.snapshot("p").orElseThrow().structureVersion();
        send("a", "{\"x\":1,\"y\":1}");
        assertThat(store.snapshot("p").orElseThrow().structureVersion()).isEqualTo(before);
    }

    @Test
    void windowMovedPastTheCursorAsksForASnapshot() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxpoints\":3}}]}"));
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow();
        for (int i = 0; i < 4; i++) {
            send("a", "{\"x\":" + i + ",\"y\":" + i + "}");
        }
        assertThat(store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts())).isEmpty();
    }

    @Test
    void cursorOfTheWrongShapeOrAheadAsksForASnapshot() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\"}}]}"));
        long version = store.snapshot("p").orElseThrow().structureVersion();
        assertThat(store.deltaSince("p", version, new long[]{0, 0})).isEmpty();
        assertThat(store.deltaSince("p", version, new long[]{5})).isEmpty();
        assertThat(store.deltaSince("nope", version, new long[]{0})).isEmpty();
    }
}
