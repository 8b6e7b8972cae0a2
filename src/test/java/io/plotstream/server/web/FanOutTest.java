package io.plotstream.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The coalescer and fan-out, driven tick by tick (no clocks: every assertion counts frames). */
class FanOutTest {

    private final InMemoryPlots plots = new InMemoryPlots();
    private FanOut fanOut = newFanOut(ViewerOptions.defaults());

    private FanOut newFanOut(ViewerOptions options) {
        FanOut created = new FanOut(plots, options, new ObjectMapper());
        plots.addListener(created);
        return created;
    }

    @AfterEach
    void closeFanOut() {
        fanOut.close();
    }

    private RecordingSink watch(String plotId) {
        RecordingSink sink = new RecordingSink();
        assertThat(fanOut.open(plotId, sink)).isPresent();
        return sink;
    }

    @Test
    void newViewerGetsTheCurrentWindowAsSnapshotAtTheNextTick() {
        plots.create("p", "Temperatures", 500, "a");
        plots.append("p", 0, 1, 10);
        plots.append("p", 0, 2, 20);
        RecordingSink viewer = watch("p");

        fanOut.tick();

        JsonNode frame = viewer.last();
        assertThat(viewer.types()).containsExactly("snapshot");
        assertThat(frame.at("/figure/data/0/y").toString()).isEqualTo("[10,20]");
        assertThat(frame.at("/figure/layout/title/text").asText()).isEqualTo("Temperatures");
        assertThat(frame.get("traceCounts").toString()).isEqualTo("[2]");
        assertThat(frame.get("maxPoints").toString()).isEqualTo("[500]");
        assertThat(fanOut.stats().snapshotsSent()).isEqualTo(1);
    }

    @Test
    void appendsBetweenTwoTicksReachEachViewerAsOneExtendFrame() {
        plots.create("p", "t", 5000, "a");
        RecordingSink viewer = watch("p");
        fanOut.tick();

        for (int i = 0; i < 1000; i++) {
            plots.append("p", 0, i, i * 2);
        }
        fanOut.tick();

        assertThat(viewer.types()).containsExactly("snapshot", "extend");
        JsonNode extend = viewer.last();
        assertThat(extend.at("/update/y/0")).hasSize(1000);
        assertThat(extend.at("/update/y/0/999").asInt()).isEqualTo(1998);
        assertThat(extend.get("traceIndices").toString()).isEqualTo("[0]");
        assertThat(extend.get("maxPoints").toString()).isEqualTo("[5000]");
        assertThat(fanOut.stats().framesCoalesced()).isEqualTo(999);
    }

    @Test
    void pushesAtMostOneFramePerViewerPerTickWhateverTheIngestRate() {
        plots.create("p", "t", 10_000, "a");
        RecordingSink viewer = watch("p");
        int ticks = 30;
        for (int tick = 0; tick < ticks; tick++) {
            for (int i = 0; i < 100; i++) {
                plots.append("p", 0, tick * 100 + i, i);
            }
            fanOut.tick();
        }

        assertThat(viewer.frames()).hasSize(ticks); // first is the snapshot, already holding the first 100
        long pointsReceived = viewer.frames().stream()
                .mapToLong(f -> f.has("figure") ? f.at("/figure/data/0/y").size() : f.at("/update/y/0").size())
                .sum();
        assertThat(pointsReceived).isEqualTo(3000);
    }

    @Test
    void tickPeriodHoldsPushesToMaxPushesPerSecond() {
        FanOut thirty = new FanOut(plots, ViewerOptions.defaults(), new ObjectMapper());
        FanOut five = new FanOut(plots, new ViewerOptions(null, 10, 5, 4, 100, 60_000), new ObjectMapper());

        assertThat(TimeUnit.SECONDS.toNanos(1) / thirty.tickPeriodNanos()).isEqualTo(30);
        assertThat(TimeUnit.SECONDS.toNanos(1) / five.tickPeriodNanos()).isEqualTo(5);
    }

    @Test
    void quietPlotSendsNothing() {
        plots.create("p", "t", 500, "a");
        RecordingSink viewer = watch("p");
        fanOut.tick();
        fanOut.tick();
        fanOut.tick();

        assertThat(viewer.types()).containsExactly("snapshot");
    }

    @Test
    void stalledViewerIsSkippedWhileOtherViewersKeepReceiving() {
        fanOut = newFanOut(ViewerOptions.defaults().withViewerQueueFrames(2));
        plots.create("p", "t", 10_000, "a");
        RecordingSink slow = watch("p");
        RecordingSink fast = watch("p");
        fanOut.tick();
        slow.stall();

        for (int tick = 0; tick < 10; tick++) {
            plots.append("p", 0, tick, tick);
            fanOut.tick();
        }

        assertThat(fast.types()).hasSize(11);
        assertThat(slow.types()).hasSize(3); // snapshot (completed) + two frames held in its full queue
        assertThat(fanOut.viewersOf("p")).filteredOn(v -> v.framesInFlight() > 0).hasSize(1);
        assertThat(fanOut.stats().framesDropped()).isEqualTo(8);
    }

    @Test
    void stalledViewerCatchesUpWithOneDeltaOnceItDrainsEvenIfIngestWentQuiet() {
        fanOut = newFanOut(ViewerOptions.defaults().withViewerQueueFrames(1));
        plots.create("p", "t", 10_000, "a");
        RecordingSink slow = watch("p");
        fanOut.tick();
        slow.stall();
        for (int i = 0; i < 50; i++) {
            plots.append("p", 0, i, i);
            fanOut.tick();
        }
        assertThat(slow.frames()).hasSize(2); // snapshot, then one extend stuck in its queue

        slow.drain();
        fanOut.tick(); // no new point: the plot stayed dirty for the lagging viewer

        assertThat(slow.types()).containsExactly("snapshot", "extend", "extend");
        int received = slow.frames().get(1).at("/update/y/0").size() + slow.frames().get(2).at("/update/y/0").size();
        assertThat(received).isEqualTo(50);
        assertThat(slow.last().at("/update/y/0/48").asInt()).isEqualTo(49);
    }

    @Test
    void viewerThatFellBehindTheWindowGetsAFreshSnapshot() {
        fanOut = newFanOut(ViewerOptions.defaults().withViewerQueueFrames(1));
        plots.create("p", "t", 10, "a");
        RecordingSink slow = watch("p");
        fanOut.tick();
        slow.stall();
        plots.append("p", 0, 0, 0);
        fanOut.tick(); // one extend now waits in its queue
        for (int i = 1; i <= 25; i++) {
            plots.append("p", 0, i, i); // the window (10) moves past its cursor
            fanOut.tick();
        }

        slow.drain();
        fanOut.tick();

        assertThat(slow.types()).containsExactly("snapshot", "extend", "snapshot");
        assertThat(slow.last().at("/figure/data/0/y").toString()).isEqualTo("[16,17,18,19,20,21,22,23,24,25]");
    }

    @Test
    void structureChangeSendsASnapshotToEveryViewer() {
        plots.create("p", "old title", 500, "a");
        RecordingSink one = watch("p");
        RecordingSink two = watch("p");
        fanOut.tick();

        plots.setTitle("p", "new title");
        fanOut.tick();

        assertThat(one.types()).containsExactly("snapshot", "snapshot");
        assertThat(two.last().at("/figure/layout/title/text").asText()).isEqualTo("new title");
    }

    @Test
    void viewersAtTheSameCursorShareOneDeltaComputation() {
        CountingReader counting = new CountingReader(plots);
        fanOut = new FanOut(counting, ViewerOptions.defaults(), new ObjectMapper());
        plots.addListener(fanOut);
        plots.create("p", "t", 500, "a");
        List<RecordingSink> viewers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            viewers.add(watch("p"));
        }
        fanOut.tick();
        assertThat(counting.snapshots).isEqualTo(1);

        plots.append("p", 0, 1, 1);
        fanOut.tick();

        assertThat(counting.deltas).isEqualTo(1);
        assertThat(viewers).allSatisfy(v -> assertThat(v.types()).containsExactly("snapshot", "extend"));
    }

    @Test
    void onlyTheTracesWithNewPointsAreExtended() {
        plots.create("p", "t", 500, "a", "b", "c");
        RecordingSink viewer = watch("p");
        fanOut.tick();

        plots.append("p", 2, 1, 7);
        fanOut.tick();

        assertThat(viewer.last().get("traceIndices").toString()).isEqualTo("[2]");
        assertThat(viewer.last().at("/update/y").toString()).isEqualTo("[[7]]");
    }

    @Test
    void viewerLimitRefusesTheViewerBeyondIt() {
        fanOut = newFanOut(ViewerOptions.defaults().withMaxViewers(2));
        plots.create("p", "t", 500, "a");
        watch("p");
        watch("p");

        assertThat(fanOut.hasRoom()).isFalse();
        assertThat(fanOut.open("p", new RecordingSink())).isEmpty();
        assertThat(fanOut.stats().viewers()).isEqualTo(2);
    }

    @Test
    void closedViewerFreesItsSlotAndGetsNothingMore() {
        fanOut = newFanOut(ViewerOptions.defaults().withMaxViewers(1));
        plots.create("p", "t", 500, "a");
        RecordingSink sink = new RecordingSink();
        Optional<Viewer> viewer = fanOut.open("p", sink);
        fanOut.tick();

        fanOut.closed(viewer.orElseThrow());
        plots.append("p", 0, 1, 1);
        fanOut.tick();

        assertThat(sink.types()).containsExactly("snapshot");
        assertThat(fanOut.stats().viewers()).isZero();
        assertThat(fanOut.open("p", new RecordingSink())).isPresent();
    }

    @Test
    void failedSendForgetsTheViewer() {
        plots.create("p", "t", 500, "a");
        RecordingSink sink = watch("p");
        sink.stall();
        fanOut.tick();

        sink.failPending();

        assertThat(fanOut.viewersOf("p")).isEmpty();
        assertThat(fanOut.stats().viewers()).isZero();
    }

    @Test
    void deletedPlotTellsItsViewersAndClosesThem() {
        plots.create("p", "t", 500, "a");
        RecordingSink viewer = watch("p");
        fanOut.tick();

        plots.delete("p");
        fanOut.tick();

        assertThat(viewer.types()).containsExactly("snapshot", "gone");
        assertThat(viewer.closedWith()).isEqualTo("plot deleted");
        assertThat(fanOut.stats().viewers()).isZero();
    }

    @Test
    void browserAskingForASnapshotGetsOneWithoutNewData() {
        plots.create("p", "t", 500, "a");
        RecordingSink sink = new RecordingSink();
        Viewer viewer = fanOut.open("p", sink).orElseThrow();
        fanOut.tick();

        fanOut.snapshotRequested(viewer);
        fanOut.tick();

        assertThat(sink.types()).containsExactly("snapshot", "snapshot");
    }

    @Test
    void changesToPlotsNobodyWatchesCostNothing() {
        plots.create("unwatched", "t", 500, "a");
        for (int i = 0; i < 100; i++) {
            plots.append("unwatched", 0, i, i);
        }
        fanOut.tick();

        assertThat(fanOut.stats().framesSent()).isZero();
        assertThat(fanOut.stats().framesCoalesced()).isZero();
    }

    @Test
    void ingestNeverWaitsForAStalledViewer() throws Exception {
        plots.create("p", "t", 500, "a");
        RecordingSink stalled = watch("p");
        stalled.stall();
        fanOut.start();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) {
                plots.append("p", 0, i, i);
            }
        });
        writer.start();
        writer.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(writer.isAlive()).as("ingest finished although the viewer never read").isFalse();
        assertThat(stalled.frames().size()).isLessThanOrEqualTo(ViewerOptions.defaults().viewerQueueFrames());
    }

    /** Counts the reader calls the fan-out makes. */
    private static final class CountingReader implements io.plotstream.server.plot.PlotReader {
        private final InMemoryPlots delegate;
        int snapshots;
        int deltas;

        CountingReader(InMemoryPlots delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<io.plotstream.server.plot.PlotSummary> plots() {
            return delegate.plots();
        }

        @Override
        public Optional<io.plotstream.server.plot.PlotSnapshot> snapshot(String plotId) {
            snapshots++;
            return delegate.snapshot(plotId);
        }

        @Override
        public Optional<io.plotstream.server.plot.PlotDelta> deltaSince(String plotId, long structureVersion,
                                                                        long[] traceCounts) {
            deltas++;
            return delegate.deltaSince(plotId, structureVersion, traceCounts);
        }

        @Override
        public void addListener(io.plotstream.server.plot.PlotChangeListener listener) {
            delegate.addListener(listener);
        }
    }

    @Test
    void everyViewerHearsOnceThatTheEngineIsLostAndOnceThatItIsBack() {
        plots.create("p", "t", 500, "a");
        plots.create("q", "t", 500, "a");
        RecordingSink single = watch("p");
        RecordingSink both = new RecordingSink();
        assertThat(fanOut.open(java.util.List.of("p", "q"), true, both)).isPresent();
        fanOut.tick();

        fanOut.engineState(false, "redis unreachable at 127.0.0.1:6379: connection lost, reconnecting");
        fanOut.tick();
        fanOut.tick();

        assertThat(single.types()).containsExactly("snapshot", "engine");
        assertThat(both.types()).as("one notice per socket, not per plot").containsExactly("snapshot", "snapshot", "engine");
        assertThat(single.last().get("live").asBoolean()).isFalse();
        assertThat(single.last().get("reason").asText()).startsWith("redis unreachable");

        fanOut.engineState(true, "");
        fanOut.tick();
        assertThat(single.types()).containsExactly("snapshot", "engine", "engine");
        assertThat(single.last().get("live").asBoolean()).isTrue();
        assertThat(single.last().has("reason")).isFalse();
    }

    @Test
    void aViewerOpenedWhileTheEngineIsLostHearsOfItWithItsFirstFrames() {
        plots.create("p", "t", 500, "a");
        fanOut.engineState(false, "redis unreachable");
        fanOut.tick();
        RecordingSink late = watch("p");

        fanOut.tick();

        assertThat(late.types()).containsExactlyInAnyOrder("engine", "snapshot");
        fanOut.tick();
        assertThat(late.types()).as("told once").hasSize(2);
    }
}
