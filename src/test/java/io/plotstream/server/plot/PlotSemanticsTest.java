package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.plotstream.server.plot.PlotTestSupport.json;
import static io.plotstream.server.plot.PlotTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;

/** What a write means (PROTOCOL.md §3), applied through the store as the ingest path does. */
class PlotSemanticsTest {

    private final PlotStore store = new PlotStore(new Figures(10_000, 100), 100);

    private Plot plot(String figure) {
        return store.create("p", json(figure));
    }

    private void send(String token, String line) {
        store.write(store.bindings(token), write(line));
    }

    private JsonNode trace(int index) {
        return store.snapshot("p").orElseThrow().figure().path("data").get(index);
    }

    @Test
    void scalarWriteAppendsOnePointWithItsPerPointAttributes() {
        plot("{\"data\":[{\"stream\":{\"token\":\"t1\"}}]}");
        send("t1", "{\"x\":1,\"y\":2}");
        send("t1", "{\"x\":2,\"y\":3,\"text\":\"hi\",\"marker\":{\"color\":\"red\",\"size\":7}}");

        JsonNode trace = trace(0);
        assertThat(trace.get("x").toString()).isEqualTo("[1,2]");
        assertThat(trace.get("y").toString()).isEqualTo("[2,3]");
        assertThat(trace.get("text").toString()).isEqualTo("[null,\"hi\"]");
        assertThat(trace.path("marker").get("color").toString()).isEqualTo("[null,\"red\"]");
        assertThat(trace.path("marker").get("size").toString()).isEqualTo("[null,7]");
    }

    @Test
    void listWriteOverwritesTheAttributes() {
        plot("{\"data\":[{\"stream\":{\"token\":\"t1\"}}]}");
        send("t1", "{\"x\":1,\"y\":2}");
        send("t1", "{\"x\":[10,11,12],\"y\":[20,21,22]}");

        assertThat(trace(0).get("x").toString()).isEqualTo("[10,11,12]");
        assertThat(trace(0).get("y").toString()).isEqualTo("[20,21,22]");
        send("t1", "{\"x\":13,\"y\":23}");
        assertThat(trace(0).get("y").toString()).isEqualTo("[20,21,22,23]");
    }

    @Test
    void listOfOneAttributeLeavesTheOthersAlone() {
        plot("{\"data\":[{\"stream\":{\"token\":\"t1\"}}]}");
        send("t1", "{\"x\":1,\"y\":2}");
        send("t1", "{\"x\":2,\"y\":3}");
        send("t1", "{\"text\":[\"a\",\"b\"]}");

        assertThat(trace(0).get("y").toString()).isEqualTo("[2,3]");
        assertThat(trace(0).get("text").toString()).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void layoutWriteMergesIntoTheLayout() {
        plot("{\"data\":[{\"stream\":{\"token\":\"t1\"}}],\"layout\":{\"title\":{\"text\":\"old\"},\"yaxis\":{\"range\":[0,1]}}}");
        send("t1", "{\"layout\":{\"title\":{\"text\":\"new\"},\"xaxis\":{\"type\":\"date\"}}}");

        JsonNode layout = store.snapshot("p").orElseThrow().figure().get("layout");
        assertThat(layout.path("title").path("text").asText()).isEqualTo("new");
        assertThat(layout.path("xaxis").path("type").asText()).isEqualTo("date");
        assertThat(layout.path("yaxis").path("range").toString()).isEqualTo("[0,1]");
        assertThat(store.plots().get(0).title()).isEqualTo("new");
    }

    @Test
    void zWriteReplacesZ() {
        plot("{\"data\":[{\"type\":\"heatmap\",\"z\":[[0]],\"stream\":{\"token\":\"t1\"}}]}");
        send("t1", "{\"z\":[[1,2],[3,4]]}");
        assertThat(trace(0).get("z").toString()).isEqualTo("[[1,2],[3,4]]");
        assertThat(trace(0).get("type").asText()).isEqualTo("heatmap");
    }

    @Test
    void typeInAWriteIsIgnored() {
        plot("{\"data\":[{\"type\":\"bar\",\"stream\":{\"token\":\"t1\"}}]}");
        send("t1", "{\"x\":1,\"y\":1,\"type\":\"scatter\"}");
        assertThat(trace(0).get("type").asText()).isEqualTo("bar");
        assertThat(trace(0).get("y").toString()).isEqualTo("[1]");
    }

    @Test
    void maxpointsWindowKeepsOnlyTheNewestPoints() {
        plot("{\"data\":[{\"stream\":{\"token\":\"t1\",\"maxpoints\":3}}]}");
        for (int i = 1; i <= 7; i++) {
            send("t1", "{\"x\":" + i + ",\"y\":" + (i * 10) + ",\"text\":\"p" + i + "\"}");
        }
        assertThat(trace(0).get("x").toString()).isEqualTo("[5,6,7]");
        assertThat(trace(0).get("y").toString()).isEqualTo("[50,60,70]");
        assertThat(trace(0).get("text").toString()).isEqualTo("[\"p5\",\"p6\",\"p7\"]");
        assertThat(store.snapshot("p").orElseThrow().traceCounts()).containsExactly(7);
    }

    @Test
    void perPointAttributeLeavesTheFigureWhenItsLastPointSlidesOut() {
        plot("{\"data\":[{\"stream\":{\"token\":\"t1\",\"maxpoints\":2}}]}");
        send("t1", "{\"x\":1,\"y\":1,\"text\":\"only\"}");
        send("t1", "{\"x\":2,\"y\":2}");
        send("t1", "{\"x\":3,\"y\":3}");
        assertThat(trace(0).has("text")).isFalse();
    }

    @Test
    void listLongerThanMaxpointsKeepsItsNewestEntries() {
        plot("{\"data\":[{\"stream\":{\"token\":\"t1\",\"maxpoints\":2}}]}");
        send("t1", "{\"y\":[1,2,3,4]}");
        assertThat(trace(0).get("y").toString()).isEqualTo("[3,4]");
    }

    @Test
    void oneTokenFeedsEveryTraceThatNamesIt() {
        plot("{\"data\":[{\"stream\":{\"token\":\"shared\",\"maxpoints\":5}},{\"stream\":{\"token\":\"other\"}},"
                + "{\"stream\":{\"token\":\"shared\",\"maxpoints\":2}}]}");
        send("shared", "{\"x\":1,\"y\":1}");
        send("shared", "{\"x\":2,\"y\":2}");
        send("shared", "{\"x\":3,\"y\":3}");

        assertThat(trace(0).get("y").toString()).isEqualTo("[1,2,3]");
        assertThat(trace(1).has("y")).isFalse();
        assertThat(trace(2).get("y").toString()).isEqualTo("[2,3]");
    }

    @Test
    void oneTokenFeedsTracesInSeveralPlots() {
        store.create("a", json("{\"data\":[{\"stream\":{\"token\":\"shared\"}}]}"));
        store.create("b", json("{\"data\":[{\"stream\":{\"token\":\"shared\"}}]}"));
        send("shared", "{\"x\":1,\"y\":1}");
        assertThat(store.snapshot("a").orElseThrow().traceCounts()).containsExactly(1);
        assertThat(store.snapshot("b").orElseThrow().traceCounts()).containsExactly(1);
    }

    @Test
    void snapshotStripsStreamButKeepsOtherAttributes() {
        plot("{\"data\":[{\"name\":\"temp\",\"mode\":\"lines\",\"stream\":{\"token\":\"t1\"}}]}");
        JsonNode trace = trace(0);
        assertThat(trace.has("stream")).isFalse();
        assertThat(trace.get("name").asText()).isEqualTo("temp");
        assertThat(store.plot("p").orElseThrow().definitionJson().path("data").get(0).path("stream").path("token").asText())
                .isEqualTo("t1");
    }

    @Test
    void figureDataSeedsTheWindow() {
        plot("{\"data\":[{\"x\":[1,2],\"y\":[3,4],\"stream\":{\"token\":\"t1\"}}]}");
        send("t1", "{\"x\":3,\"y\":5}");
        assertThat(trace(0).get("y").toString()).isEqualTo("[3,4,5]");
    }

    @Test
    void otherTraceAttributesInAWriteChangeTheTrace() {
        plot("{\"data\":[{\"stream\":{\"token\":\"t1\"},\"marker\":{\"symbol\":\"circle\"}}]}");
        send("t1", "{\"name\":\"renamed\",\"marker\":{\"symbol\":\"x\"}}");
        assertThat(trace(0).get("name").asText()).isEqualTo("renamed");
        assertThat(trace(0).path("marker").get("symbol").asText()).isEqualTo("x");
    }

    @Test
    void listenersHearOfEveryWrite() {
        plot("{\"data\":[{\"stream\":{\"token\":\"t1\"}}]}");
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.addListener(heard::add);
        send("t1", "{\"x\":1,\"y\":1}");
        assertThat(heard).containsExactly("p");
    }
}
