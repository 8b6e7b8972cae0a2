package io.plotstream.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Panel widths in the fan-out (docs/VIEWER-WIDTH.md 1-2): snapshots reduced per subscription width,
 * encoded once per plot, cursor and width bucket; extends unchanged. Driven tick by tick, as
 * {@link MultiplexedFanOutTest}.
 */
class ReducedSnapshotFanOutTest {

    private static final int POINTS = 10_000;

    private final InMemoryPlots plots = new InMemoryPlots();
    private final AtomicLong wallClock = new AtomicLong(1_000_000);
    private final FanOut fanOut = new FanOut(plots, ViewerOptions.defaults(), new ObjectMapper(), wallClock::get);

    ReducedSnapshotFanOutTest() {
        plots.addListener(fanOut);
    }

    @AfterEach
    void closeFanOut() {
        fanOut.close();
    }

    /** A plot of {@code traces} traces with a full 10,000-point window each. */
    private void wide(String id, int traces) {
        String[] names = new String[traces];
        for (int k = 0; k < traces; k++) {
            names[k] = "t" + k;
        }
        plots.create(id, id, POINTS, names);
        plots.setMode(id, "lines");
        for (int i = 0; i < POINTS; i++) {
            for (int k = 0; k < traces; k++) {
                plots.append(id, k, i, Math.sin(i * 0.01) * 10 + (i * 7919 % 13) + k);
            }
        }
    }

    private RecordingSink open(int width, String... plotIds) {
        RecordingSink sink = new RecordingSink();
        assertThat(fanOut.open(List.of(plotIds), true, sink, width)).isPresent();
        return sink;
    }

    @Test
    void aSocketWithoutAWidthGetsTheWholeSnapshot() {
        wide("p", 1);
        RecordingSink socket = open(PanelWidth.NONE, "p");

        fanOut.tick();

        JsonNode snapshot = socket.last();
        assertThat(snapshot.at("/figure/data/0/x")).hasSize(POINTS);
        assertThat(snapshot.has("reduced")).isFalse();
    }

    @Test
    void theUrlWidthReducesTheSnapshotOfEveryPlotOfTheSocketToItsBucket() {
        wide("p", 2);
        wide("q", 1);
        RecordingSink socket = open(400, "p", "q");

        fanOut.tick();

        for (JsonNode snapshot : socket.frames()) {
            JsonNode reduced = snapshot.get("reduced");
            assertThat(reduced).hasSize(snapshot.get("traceCounts").size());
            for (int k = 0; k < reduced.size(); k++) {
                assertThat(reduced.get(k).get("width").asInt()).isEqualTo(416);
                assertThat(snapshot.at("/figure/data/" + k + "/x")).hasSize(reduced.get(k).get("index").size());
                assertThat(reduced.get(k).get("index").size()).isBetween(416, 4 * 416);
            }
        }
        assertThat(socket.frames()).hasSize(2);
    }

    @Test
    void snapshotsAreEncodedOncePerCursorAndWidthBucket() {
        wide("p", 1);
        List<RecordingSink> at400 = new ArrayList<>();
        List<RecordingSink> at410 = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            at400.add(open(400, "p"));
            at410.add(open(410, "p")); // the same bucket as 400: 416
        }
        RecordingSink at800 = open(800, "p");
        RecordingSink at801 = open(801, "p"); // bucket 832
        RecordingSink whole = open(PanelWidth.NONE, "p");

        fanOut.tick();

        // 400 and 410 -> 416, 800, 801 -> 832, and the whole snapshot: four encodings for 43 viewers
        assertThat(fanOut.stats().framesEncoded()).isEqualTo(4);
        EncodedFrame shared = at400.get(0).encoded().get(0);
        assertThat(at400).allSatisfy(s -> assertThat(s.encoded().get(0)).isSameAs(shared));
        assertThat(at410).allSatisfy(s -> assertThat(s.encoded().get(0)).isSameAs(shared));
        assertThat(at800.encoded().get(0)).isNotSameAs(at801.encoded().get(0));
        assertThat(whole.encoded().get(0).length()).isGreaterThan(4 * shared.length());
        assertThat(at800.last().at("/reduced/0/width").asInt()).isEqualTo(800);
        assertThat(at801.last().at("/reduced/0/width").asInt()).isEqualTo(832);
    }

    @Test
    void aWidthThatCutsNothingSharesTheWholeSnapshotsBytes() {
        plots.create("small", "s", 100, "a");
        for (int i = 0; i < 100; i++) {
            plots.append("small", 0, i, i);
        }
        RecordingSink narrow = open(25, "small");
        RecordingSink whole = open(PanelWidth.NONE, "small");

        fanOut.tick();

        assertThat(narrow.encoded().get(0)).isSameAs(whole.encoded().get(0));
        assertThat(fanOut.stats().framesEncoded()).isEqualTo(1);
    }

    @Test
    void tracesDrawnWithMarkersAreSentExactlyAtAnyWidth() {
        wide("p", 1);
        plots.setMode("p", "lines+markers");
        RecordingSink socket = open(400, "p");

        fanOut.tick();

        assertThat(socket.last().has("reduced")).isFalse();
        assertThat(socket.last().at("/figure/data/0/x")).hasSize(POINTS);
    }

    @Test
    void aViewMessageStoresTheWidthAndAnswersWithASnapshotOfThatPlotOnly() {
        wide("p", 1);
        wide("q", 1);
        RecordingSink socket = new RecordingSink();
        Viewer viewer = fanOut.open(List.of("p", "q"), true, socket).orElseThrow();
        fanOut.tick();
        assertThat(socket.framesOf("p").get(0).has("reduced")).isFalse();

        fanOut.viewRequested(viewer, "p", 300);
        fanOut.viewRequested(viewer, "unwatched", 300); // ignored
        fanOut.tick();

        assertThat(socket.frames()).hasSize(3);
        JsonNode again = socket.last();
        assertThat(again.get("plot").asText()).isEqualTo("p");
        assertThat(again.at("/reduced/0/width").asInt()).isEqualTo(320);
        assertThat(again.at("/figure/data/0/y").size()).isLessThanOrEqualTo(4 * 320);

        // the width stays with the subscription: a later resync is reduced the same way; q stays whole
        fanOut.snapshotRequested(viewer);
        fanOut.tick();
        assertThat(socket.framesOf("p").get(2).at("/reduced/0/width").asInt()).isEqualTo(320);
        assertThat(socket.framesOf("q").get(1).has("reduced")).isFalse();
    }

    @Test
    void aWidthChangeGivesANewSnapshotForTheNewWidth() {
        wide("p", 1);
        RecordingSink socket = new RecordingSink();
        Viewer viewer = fanOut.open(List.of("p"), false, socket, 400).orElseThrow();
        fanOut.tick();

        fanOut.viewRequested(viewer, "p", 1000);
        fanOut.tick();

        List<JsonNode> frames = socket.frames();
        assertThat(frames).extracting(f -> f.get("type").asText()).containsExactly("snapshot", "snapshot");
        assertThat(frames.get(0).at("/reduced/0/width").asInt()).isEqualTo(416);
        assertThat(frames.get(1).at("/reduced/0/width").asInt()).isEqualTo(1024);
        assertThat(frames.get(1).at("/figure/data/0/x").size()).isGreaterThan(frames.get(0).at("/figure/data/0/x").size());
    }

    @Test
    void extendsAfterAReducedSnapshotAreTheRawPointsSharedAcrossWidths() {
        wide("p", 1);
        RecordingSink narrow = open(200, "p");
        RecordingSink wider = open(900, "p");
        RecordingSink whole = open(PanelWidth.NONE, "p");
        fanOut.tick();
        long snapshots = fanOut.stats().framesEncoded();

        plots.append("p", 0, POINTS, 1.0);
        plots.append("p", 0, POINTS + 1, 2.0);
        fanOut.tick();

        assertThat(snapshots).isEqualTo(3);
        assertThat(fanOut.stats().framesEncoded() - snapshots).isEqualTo(1);
        assertThat(narrow.encoded().get(1)).isSameAs(wider.encoded().get(1)).isSameAs(whole.encoded().get(1));
        assertThat(narrow.last().at("/update/y/0").toString()).isEqualTo("[1.0,2.0]");
    }
}
