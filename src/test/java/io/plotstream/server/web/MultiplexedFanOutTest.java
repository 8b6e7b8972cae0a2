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
 * One socket for many plots ({@code /ws/live}), frames naming their plot, missing and gone, the
 * per-socket viewer count and queue, resync by id, and the one-encoding-per-plot-and-cursor rule.
 * Driven tick by tick, as {@link FanOutTest}.
 */
class MultiplexedFanOutTest {

    private final InMemoryPlots plots = new InMemoryPlots();
    private final AtomicLong wallClock = new AtomicLong(1_000_000);
    private FanOut fanOut = newFanOut(ViewerOptions.defaults());

    private FanOut newFanOut(ViewerOptions options) {
        FanOut created = new FanOut(plots, options, new ObjectMapper(), wallClock::get);
        plots.addListener(created);
        return created;
    }

    @AfterEach
    void closeFanOut() {
        fanOut.close();
    }

    private RecordingSink live(String... plotIds) {
        RecordingSink sink = new RecordingSink();
        assertThat(fanOut.open(List.of(plotIds), true, sink)).isPresent();
        return sink;
    }

    private Viewer liveViewer(RecordingSink sink, String... plotIds) {
        return fanOut.open(List.of(plotIds), true, sink).orElseThrow();
    }

    @Test
    void oneSocketGetsASnapshotOfEachPlotEachNamingItsPlot() {
        plots.create("a", "A", 100, "t");
        plots.create("b", "B", 100, "t");
        plots.append("b", 0, 1, 5);
        RecordingSink socket = live("a", "b");

        fanOut.tick();

        assertThat(socket.types()).containsExactly("snapshot", "snapshot");
        assertThat(socket.frames()).extracting(f -> f.get("plot").asText()).containsExactlyInAnyOrder("a", "b");
        assertThat(socket.framesOf("b").get(0).at("/figure/data/0/y").toString()).isEqualTo("[5]");
    }

    @Test
    void extendsGoOnlyForThePlotThatChangedAndNameIt() {
        plots.create("a", "A", 100, "t");
        plots.create("b", "B", 100, "t");
        RecordingSink socket = live("a", "b");
        fanOut.tick();

        plots.append("b", 0, 1, 7);
        fanOut.tick();

        JsonNode extend = socket.last();
        assertThat(socket.frames()).hasSize(3);
        assertThat(extend.get("type").asText()).isEqualTo("extend");
        assertThat(extend.get("plot").asText()).isEqualTo("b");
        assertThat(extend.at("/update/y/0/0").asInt()).isEqualTo(7);
    }

    @Test
    void singlePlotSocketFramesNameTheirPlotToo() {
        plots.create("p", "t", 100, "a");
        RecordingSink single = new RecordingSink();
        fanOut.open("p", single);
        fanOut.tick();
        plots.append("p", 0, 1, 1);
        fanOut.tick();

        assertThat(single.frames()).extracting(f -> f.get("plot").asText()).containsExactly("p", "p");
    }

    @Test
    void unknownPlotGetsOneMissingFrameAndTheOthersStream() {
        plots.create("a", "A", 100, "t");
        RecordingSink socket = live("a", "nope");

        fanOut.tick();
        plots.append("a", 0, 1, 1);
        fanOut.tick();
        fanOut.tick();

        assertThat(socket.framesOf("nope")).hasSize(1);
        assertThat(socket.framesOf("nope").get(0).toString()).isEqualTo("{\"type\":\"missing\",\"plot\":\"nope\"}");
        assertThat(socket.framesOf("a")).extracting(f -> f.get("type").asText()).containsExactly("snapshot", "extend");
        assertThat(socket.closedWith()).isNull();
    }

    @Test
    void missingPlotThatIsCreatedLaterArrivesAsASnapshot() {
        RecordingSink socket = live("later");
        fanOut.tick();

        plots.create("later", "Later", 100, "t");
        fanOut.tick();

        assertThat(socket.types()).containsExactly("missing", "snapshot");
    }

    @Test
    void deletedPlotSendsGoneButTheMultiplexedSocketStaysOpenForTheOthers() {
        plots.create("a", "A", 100, "t");
        plots.create("b", "B", 100, "t");
        RecordingSink socket = live("a", "b");
        fanOut.tick();

        plots.delete("a");
        fanOut.tick();
        plots.append("b", 0, 1, 1);
        fanOut.tick();

        assertThat(socket.framesOf("a")).extracting(f -> f.get("type").asText()).containsExactly("snapshot", "gone");
        assertThat(socket.framesOf("b")).extracting(f -> f.get("type").asText()).containsExactly("snapshot", "extend");
        assertThat(socket.closedWith()).isNull();
        assertThat(fanOut.stats().viewers()).isEqualTo(1);
    }

    @Test
    void deletedPlotStillClosesItsSinglePlotSocket() {
        plots.create("p", "t", 100, "a");
        RecordingSink single = new RecordingSink();
        fanOut.open("p", single);
        fanOut.tick();

        plots.delete("p");
        fanOut.tick();

        assertThat(single.last().toString()).isEqualTo("{\"type\":\"gone\",\"plot\":\"p\"}");
        assertThat(single.closedWith()).isEqualTo("plot deleted");
        assertThat(fanOut.stats().viewers()).isZero();
    }

    @Test
    void aMultiplexedSocketCountsAsOneViewer() {
        fanOut = newFanOut(ViewerOptions.defaults().withMaxViewers(2));
        for (int i = 0; i < 12; i++) {
            plots.create("p" + i, "t", 100, "a");
        }
        List<String> twelve = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            twelve.add("p" + i);
        }
        RecordingSink dashboard = new RecordingSink();
        Viewer socket = fanOut.open(twelve, true, dashboard).orElseThrow();

        assertThat(fanOut.stats().viewers()).isEqualTo(1);
        assertThat(fanOut.hasRoom()).isTrue();
        fanOut.open("p0", new RecordingSink()).orElseThrow();
        assertThat(fanOut.open(List.of("p1"), true, new RecordingSink())).isEmpty();

        fanOut.closed(socket);
        fanOut.closed(socket);
        assertThat(fanOut.stats().viewers()).isEqualTo(1);
        assertThat(fanOut.viewersOf("p5")).isEmpty();
    }

    @Test
    void resyncByIdSnapshotsOnlyThatPlot() {
        plots.create("a", "A", 100, "t");
        plots.create("b", "B", 100, "t");
        RecordingSink sink = new RecordingSink();
        Viewer socket = liveViewer(sink, "a", "b");
        fanOut.tick();

        fanOut.snapshotRequested(socket, "b");
        fanOut.snapshotRequested(socket, "not-watched");
        fanOut.tick();

        assertThat(sink.framesOf("a")).hasSize(1);
        assertThat(sink.framesOf("b")).extracting(f -> f.get("type").asText()).containsExactly("snapshot", "snapshot");
    }

    @Test
    void plainResyncOnAMultiplexedSocketSnapshotsEveryPlot() {
        plots.create("a", "A", 100, "t");
        plots.create("b", "B", 100, "t");
        RecordingSink sink = new RecordingSink();
        Viewer socket = liveViewer(sink, "a", "b");
        fanOut.tick();

        fanOut.snapshotRequested(socket);
        fanOut.tick();

        assertThat(sink.types()).containsExactly("snapshot", "snapshot", "snapshot", "snapshot");
    }

    @Test
    void eachFrameIsEncodedOncePerPlotAndCursorNotOncePerViewer() {
        plots.create("p", "t", 10_000, "a");
        plots.create("q", "t", 10_000, "a");
        List<RecordingSink> sockets = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            RecordingSink single = new RecordingSink();
            fanOut.open("p", single);
            sockets.add(single);
            sockets.add(live("p", "q"));
        }
        fanOut.tick();
        long afterSnapshots = fanOut.stats().framesEncoded();

        plots.append("p", 0, 1, 1);
        plots.append("q", 0, 1, 1);
        fanOut.tick();

        assertThat(afterSnapshots).isEqualTo(2); // one snapshot of p, one of q, for 150 subscriptions
        assertThat(fanOut.stats().framesEncoded() - afterSnapshots).isEqualTo(2); // one extend each
        assertThat(fanOut.stats().framesSent()).isEqualTo(300);
        EncodedFrame shared = sockets.get(0).encoded().get(1);
        assertThat(sockets).allSatisfy(s -> assertThat(s.encoded()).anySatisfy(f -> assertThat(f).isSameAs(shared)));
    }

    @Test
    void viewersAtDifferentCursorsGetOneEncodingPerCursor() {
        fanOut = newFanOut(ViewerOptions.defaults().withViewerQueueFrames(1));
        plots.create("p", "t", 10_000, "a");
        RecordingSink slow = live("p");
        RecordingSink fast1 = live("p");
        RecordingSink fast2 = live("p");
        fanOut.tick();
        slow.stall();
        plots.append("p", 0, 1, 1);
        fanOut.tick(); // slow's extend is stuck in its queue
        plots.append("p", 0, 2, 2);
        fanOut.tick(); // slow skipped
        long before = fanOut.stats().framesEncoded();

        slow.drain();
        plots.append("p", 0, 3, 3);
        fanOut.tick();

        assertThat(fanOut.stats().framesEncoded() - before).isEqualTo(2); // slow's cursor, and the fast ones'
        assertThat(fast1.encoded().get(3)).isSameAs(fast2.encoded().get(3));
        assertThat(slow.last().at("/update/y/0").toString()).isEqualTo("[2,3]");
    }

    @Test
    void fullQueueOfTheSocketHoldsAllItsPlotsUntilItDrains() {
        fanOut = newFanOut(ViewerOptions.defaults().withViewerQueueFrames(2));
        plots.create("a", "A", 1000, "t");
        plots.create("b", "B", 1000, "t");
        plots.create("c", "C", 1000, "t");
        RecordingSink socket = live("a", "b", "c");
        socket.stall();

        fanOut.tick(); // two snapshots fill the queue; the third plot waits

        assertThat(socket.frames()).hasSize(2);
        socket.drain();
        fanOut.tick();
        assertThat(socket.types()).containsExactly("snapshot", "snapshot", "snapshot");
    }

    @Test
    void snapshotCarriesTheAgeOfTheLastUpdate() {
        plots.create("fresh", "t", 100, "a");
        plots.create("never", "t", 100, "a");
        plots.append("fresh", 0, 1, 1);
        long lastUpdate = plots.plots().stream().filter(s -> s.id().equals("fresh")).findFirst().orElseThrow()
                .lastUpdateMs();
        wallClock.set(lastUpdate + 4_500);
        RecordingSink socket = live("fresh", "never");

        fanOut.tick();

        assertThat(socket.framesOf("fresh").get(0).get("ageMs").asLong()).isEqualTo(4_500);
        assertThat(socket.framesOf("never").get(0).get("ageMs").asLong()).isEqualTo(-1);
    }

    @Test
    void resyncMessagesAreParsedStrictly() {
        assertThat(ViewerSocket.resyncTarget("{\"resync\":\"temps\"}")).isEqualTo("temps");
        assertThat(ViewerSocket.resyncTarget("{\"resync\":3}")).isNull();
        assertThat(ViewerSocket.resyncTarget("{\"resync\":")).isNull();
        assertThat(ViewerSocket.resyncTarget("{}")).isNull();
    }
}
