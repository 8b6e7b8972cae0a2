package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.plotstream.server.plot.PlotTestSupport.json;
import static io.plotstream.server.plot.PlotTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code stream.maxage}: points leave the window by age, measured on date x or arrival time, on an injected clock. */
class TimeWindowTest {

    private final MutableClock clock = new MutableClock("2026-12-01 10:00:00");
    private final PlotStore store = new PlotStore(new Figures(10_000, 100), 100, HistoryLimits.DEFAULT, clock);
    private final List<String> changed = new ArrayList<>();

    TimeWindowTest() {
        store.addListener(changed::add);
    }

    private void send(String token, String line) {
        store.write(store.bindings(token), write(line));
    }

    private String xs(String plot) {
        return store.snapshot(plot).orElseThrow().figure().path("data").get(0).path("x").toString();
    }

    @Test
    void numericXAgesOnArrivalTime() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxpoints\":100,\"maxage\":\"5m\"}}]}"));
        send("a", "{\"x\":1,\"y\":1}");
        clock.advance(Duration.ofMinutes(2));
        send("a", "{\"x\":2,\"y\":2}");
        clock.advance(Duration.ofMinutes(3).plusMillis(1));
        store.trimAged();
        assertThat(xs("p")).isEqualTo("[2]");
        clock.advance(Duration.ofMinutes(2));
        store.trimAged();
        assertThat(xs("p")).as("x stays, empty: extends that trim name it").isEqualTo("[]");
    }

    @Test
    void dateXAgesOnTheXValueNotOnArrival() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxage\":\"30s\"}}]}"));
        send("a", "{\"x\":\"2026-12-01 09:59:00\",\"y\":1}"); // a minute old on arrival: leaves at once
        send("a", "{\"x\":\"2026-12-01 09:59:50.000\",\"y\":2}");
        send("a", "{\"x\":\"2026-12-01T10:00:00Z\",\"y\":3}");
        assertThat(xs("p")).isEqualTo("[\"2026-12-01 09:59:50.000\",\"2026-12-01T10:00:00Z\"]");
        clock.advance(Duration.ofSeconds(21));
        store.trimAged();
        assertThat(xs("p")).isEqualTo("[\"2026-12-01T10:00:00Z\"]");
    }

    @Test
    void quietStreamIsTrimmedByTheSweepAndViewersGetAnEmptyExtendWithTheNewLength() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxage\":\"1m\"}},{\"stream\":{\"token\":\"b\"}}]}"));
        send("a", "{\"x\":1,\"y\":1}");
        clock.advance(Duration.ofSeconds(30));
        send("a", "{\"x\":2,\"y\":2}");
        send("b", "{\"x\":9,\"y\":9}");
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow();
        changed.clear();

        clock.advance(Duration.ofSeconds(31));
        assertThat(store.trimAged()).isEqualTo(1);
        assertThat(changed).containsExactly("p");

        PlotDelta delta = store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts()).orElseThrow();
        assertThat(delta.traceIndices()).containsExactly(0);
        assertThat(delta.maxPoints()).containsExactly(1);
        assertThat(delta.update().get("x").toString()).isEqualTo("[[]]");
        assertThat(delta.update().get("y").toString()).isEqualTo("[[]]");
        assertThat(delta.traceCounts()).containsExactly(2, 1);

        changed.clear();
        assertThat(store.trimAged()).as("nothing more to trim: no change").isZero();
        assertThat(changed).isEmpty();
    }

    @Test
    void aTraceThatAgedToNothingStillTellsViewersToEmptyIt() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxage\":\"10s\"}}]}"));
        send("a", "{\"x\":1,\"y\":1}");
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow();
        clock.advance(Duration.ofSeconds(11));
        store.trimAged();
        PlotDelta delta = store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts()).orElseThrow();
        assertThat(delta.traceIndices()).containsExactly(0);
        assertThat(delta.maxPoints()).containsExactly(0);
        assertThat(delta.update().get("x").toString()).isEqualTo("[[]]");
    }

    @Test
    void aTrimOnlyEntryWaitsWhileAnotherTraceExtendsColumnsItMayLack() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxage\":\"10s\"}},{\"stream\":{\"token\":\"b\"}}]}"));
        send("a", "{\"x\":1,\"y\":1}");
        clock.advance(Duration.ofSeconds(11));
        store.trimAged();
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow(); // taken after the trim: trace 0 is empty
        assertThat(snapshot.figure().path("data").get(0).path("x").toString()).isEqualTo("[]");
        send("b", "{\"x\":5,\"y\":5,\"text\":\"t\"}");
        PlotDelta delta = store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts()).orElseThrow();
        assertThat(delta.traceIndices()).as("trace 0's page may have no text: it is left out").containsExactly(1);
        send("a", "{\"x\":7,\"y\":7}");
        PlotDelta next = store.deltaSince("p", snapshot.structureVersion(), delta.traceCounts()).orElseThrow();
        assertThat(next.traceIndices()).as("its next point comes with the window length").containsExactly(0);
        assertThat(next.update().get("x").toString()).isEqualTo("[[7]]");
        assertThat(next.maxPoints()).containsExactly(1);
    }

    @Test
    void aTrimOnlyEntryGoesAlongWithTracesThatExtendOnlyXAndY() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxage\":\"10s\"}},{\"stream\":{\"token\":\"b\"}}]}"));
        send("a", "{\"x\":1,\"y\":1}");
        send("a", "{\"x\":2,\"y\":2,\"text\":\"t\"}");
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow();
        clock.advance(Duration.ofSeconds(11));
        store.trimAged();
        send("b", "{\"x\":5,\"y\":5}");
        PlotDelta delta = store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts()).orElseThrow();
        assertThat(delta.traceIndices()).containsExactly(0, 1);
        assertThat(delta.update().get("x").toString()).isEqualTo("[[],[5]]");
        assertThat(delta.update().has("text")).as("a trim names only x and y").isFalse();
        assertThat(delta.maxPoints()).containsExactly(0, 1);
    }

    @Test
    void newPointsAfterATrimExtendWithTheWindowLength() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxage\":\"10s\"}}]}"));
        send("a", "{\"x\":1,\"y\":1}");
        send("a", "{\"x\":2,\"y\":2}");
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow();
        clock.advance(Duration.ofSeconds(11));
        send("a", "{\"x\":3,\"y\":3}"); // the append itself trims the two old points
        PlotDelta delta = store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts()).orElseThrow();
        assertThat(delta.update().get("x").toString()).isEqualTo("[[3]]");
        assertThat(delta.maxPoints()).containsExactly(1);
    }

    @Test
    void pointsThatAgedOutBeforeTheViewerSawThemNeverForceASnapshot() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxage\":\"10s\"}}]}"));
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow();
        send("a", "{\"x\":\"2026-12-01 09:00:00\",\"y\":1}"); // an hour old: never enters the window
        send("a", "{\"x\":\"2026-12-01 09:00:01\",\"y\":2}");
        send("a", "{\"x\":\"2026-12-01 10:00:00\",\"y\":3}");
        PlotDelta delta = store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts()).orElseThrow();
        assertThat(delta.update().get("y").toString()).isEqualTo("[[3]]");
        assertThat(delta.maxPoints()).containsExactly(1);
        assertThat(delta.traceCounts()).containsExactly(3);
    }

    @Test
    void tracesWithoutMaxageKeepTheirCursorSemantics() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxpoints\":2}}]}"));
        PlotSnapshot snapshot = store.snapshot("p").orElseThrow();
        send("a", "{\"x\":1,\"y\":1}");
        clock.advance(Duration.ofDays(10));
        assertThat(store.trimAged()).isZero();
        PlotDelta delta = store.deltaSince("p", snapshot.structureVersion(), snapshot.traceCounts()).orElseThrow();
        assertThat(delta.update().get("x").toString()).isEqualTo("[[1]]");
        PlotDelta again = store.deltaSince("p", snapshot.structureVersion(), delta.traceCounts()).orElseThrow();
        assertThat(again.traceIndices()).isEmpty();
        send("a", "{\"x\":2,\"y\":2}");
        send("a", "{\"x\":3,\"y\":3}");
        send("a", "{\"x\":4,\"y\":4}");
        assertThat(store.deltaSince("p", snapshot.structureVersion(), delta.traceCounts())).as("moved past: snapshot").isEmpty();
    }

    @Test
    void snapshotCarriesTheLastUpdateOnTheStoreClock() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\"}}]}"));
        assertThat(store.snapshot("p").orElseThrow().lastUpdateMs()).isZero();
        clock.advance(Duration.ofSeconds(5));
        send("a", "{\"y\":1}");
        assertThat(store.snapshot("p").orElseThrow().lastUpdateMs()).isEqualTo(clock.millis());
        clock.advance(Duration.ofSeconds(5));
        store.trimAged();
        assertThat(store.snapshot("p").orElseThrow().lastUpdateMs()).as("trimming is no update").isEqualTo(clock.millis() - 5000);
    }

    @Test
    void maxageTakesShortAndIsoDurationsAndIsKeptInTheDefinition() {
        for (String age : new String[]{"30s", "5m", "2h", "1d", "PT5M", "1.5h", "500ms"}) {
            store.put("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxage\":\"" + age + "\"}}]}"));
            ObjectNode definition = store.plot("p").orElseThrow().definitionJson();
            assertThat(definition.path("data").get(0).path("stream").path("maxage").asText()).isEqualTo(age);
        }
        assertThat(PlotlyTime.parseDuration("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(PlotlyTime.parseDuration("1d")).isEqualTo(Duration.ofDays(1));
        assertThat(PlotlyTime.parseDuration("1.5h")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void badMaxageIsRefusedNamingTheField() {
        for (String bad : new String[]{"\"5 minutes\"", "\"-5m\"", "300", "\"0s\"", "\"PTXM\"", "\"400d\""}) {
            assertThatThrownBy(() -> store.create("p", json("{\"data\":[{\"y\":[1]},{\"stream\":{\"token\":\"a\",\"maxage\":" + bad + "}}]}")))
                    .as(bad).isInstanceOf(InvalidFigureException.class).hasMessageStartingWith("data[1].stream.maxage: ");
        }
        assertThat(store.size()).isZero();
    }

    @Test
    void arrivalTimesSurviveARestartSoPointsStillAgeFromWhenTheyCame() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxage\":\"1m\"}}]}"));
        send("a", "{\"x\":1,\"y\":1}");
        clock.advance(Duration.ofSeconds(40));
        send("a", "{\"x\":2,\"y\":2}");
        Plot plot = store.plot("p").orElseThrow();
        ObjectNode saved = plot.windowsJson();

        PlotStore restarted = new PlotStore(new Figures(10_000, 100), 100, HistoryLimits.DEFAULT, clock);
        restarted.restore("p", plot.definitionJson(), saved);
        clock.advance(Duration.ofSeconds(21));
        restarted.trimAged();
        assertThat(restarted.snapshot("p").orElseThrow().figure().path("data").get(0).path("x").toString()).isEqualTo("[2]");
    }

    @Test
    void oldWindowFilesWithoutStampsOrHistoryStillLoad() {
        store.create("p", json("{\"data\":[{\"stream\":{\"token\":\"a\",\"maxage\":\"1m\"}}]}"));
        Plot plot = store.plot("p").orElseThrow();
        PlotStore restarted = new PlotStore(new Figures(10_000, 100), 100, HistoryLimits.DEFAULT, clock);
        restarted.restore("p", plot.definitionJson(),
                json("{\"lastUpdateMs\":5,\"traces\":[{\"appended\":7,\"size\":2,\"columns\":{\"x\":[6,7],\"y\":[60,70]},\"token\":\"a\"}]}"));
        PlotSnapshot snapshot = restarted.snapshot("p").orElseThrow();
        assertThat(snapshot.traceCounts()).containsExactly(7);
        assertThat(snapshot.lastUpdateMs()).isEqualTo(5);
        clock.advance(Duration.ofSeconds(61));
        restarted.trimAged();
        assertThat(restarted.snapshot("p").orElseThrow().figure().path("data").get(0).path("x").toString()).isEqualTo("[]");
    }
}
