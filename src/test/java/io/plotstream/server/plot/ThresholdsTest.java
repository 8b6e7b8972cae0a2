package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.plotstream.server.plot.PlotTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Figure-level thresholds: validated, drawn as layout shapes and annotations, kept in the definition. */
class ThresholdsTest {

    private final PlotStore store = new PlotStore(new Figures(10_000, 100), 100);

    private static final String FIGURE = "{\"data\":[{\"stream\":{\"token\":\"a\"}}],"
            + "\"layout\":{\"shapes\":[{\"type\":\"circle\",\"x0\":0,\"x1\":1,\"y0\":0,\"y1\":1}]},"
            + "\"thresholds\":[{\"y\":90,\"label\":\"critical\",\"color\":\"#d62728\"},"
            + "{\"y0\":40,\"y1\":60,\"label\":\"normal\",\"color\":\"green\"},{\"x\":\"2026-12-01 10:00:00\",\"dash\":\"dot\"}]}";

    @Test
    void thresholdsBecomeShapesAfterTheFiguresOwnAndLabelsBecomeAnnotations() {
        store.create("p", json(FIGURE));
        JsonNode layout = store.snapshot("p").orElseThrow().figure().path("layout");
        JsonNode shapes = layout.path("shapes");
        assertThat(shapes).hasSize(4);
        assertThat(shapes.get(0).path("type").asText()).isEqualTo("circle");
        assertThat(shapes.get(1).toString()).isEqualTo("{\"type\":\"line\",\"yref\":\"y\",\"xref\":\"paper\",\"y0\":90,\"y1\":90,"
                + "\"x0\":0,\"x1\":1,\"line\":{\"color\":\"#d62728\",\"width\":2,\"dash\":\"dash\"}}");
        assertThat(shapes.get(2).path("type").asText()).isEqualTo("rect");
        assertThat(shapes.get(2).path("fillcolor").asText()).isEqualTo("green");
        assertThat(shapes.get(2).path("y0").asInt()).isEqualTo(40);
        assertThat(shapes.get(3).path("xref").asText()).isEqualTo("x");
        assertThat(shapes.get(3).path("x0").asText()).isEqualTo("2026-12-01 10:00:00");
        assertThat(shapes.get(3).path("yref").asText()).isEqualTo("paper");
        assertThat(shapes.get(3).path("line").path("dash").asText()).isEqualTo("dot");
        JsonNode annotations = layout.path("annotations");
        assertThat(annotations).hasSize(2);
        assertThat(annotations.get(0).path("text").asText()).isEqualTo("critical");
        assertThat(annotations.get(0).path("y").asInt()).isEqualTo(90);
        assertThat(annotations.get(1).path("text").asText()).isEqualTo("normal");
    }

    @Test
    void theDefinitionKeepsThemAsGivenAndTheLayoutStaysUndrawn() {
        store.create("p", json(FIGURE));
        Plot plot = store.plot("p").orElseThrow();
        JsonNode definition = plot.definitionJson();
        assertThat(definition.path("thresholds").toString()).isEqualTo(json(FIGURE).path("thresholds").toString());
        assertThat(definition.path("layout").path("shapes")).hasSize(1);
        assertThat(plot.thresholds()).hasSize(3);

        PlotStore restarted = new PlotStore(new Figures(10_000, 100), 100);
        restarted.restore("p", definition, null);
        assertThat(restarted.snapshot("p").orElseThrow().figure().path("layout").path("shapes")).hasSize(4);
        assertThat(restarted.plot("p").orElseThrow().thresholds().toString()).isEqualTo(definition.path("thresholds").toString());
    }

    @Test
    void redefiningReplacesThem() {
        store.create("p", json(FIGURE));
        store.put("p", json("{\"data\":[{\"stream\":{\"token\":\"a\"}}]}"));
        assertThat(store.snapshot("p").orElseThrow().figure().path("layout").has("shapes")).isFalse();
        assertThat(store.plot("p").orElseThrow().definitionJson().has("thresholds")).isFalse();
    }

    @Test
    void badThresholdsAreRefusedNamingTheEntry() {
        expectRefused("{\"thresholds\":{}}", "thresholds: expected an array");
        expectRefused("{\"thresholds\":[{\"y\":1},{\"label\":\"x\"}]}", "thresholds[1]: needs y, x, y0+y1 or x0+x1");
        expectRefused("{\"thresholds\":[{\"y0\":1}]}", "thresholds[0]: needs y, x, y0+y1 or x0+x1");
        expectRefused("{\"thresholds\":[{\"y\":1,\"x\":2}]}", "thresholds[0]: needs y, x, y0+y1 or x0+x1");
        expectRefused("{\"thresholds\":[{\"y\":1,\"colour\":\"red\"}]}", "thresholds[0].colour: unknown key");
        expectRefused("{\"thresholds\":[{\"y\":{\"a\":1}}]}", "thresholds[0].y: expected a number or a string");
        expectRefused("{\"thresholds\":[{\"y\":1,\"color\":\"red;x:url(evil)\"}]}", "thresholds[0].color: expected a colour");
        expectRefused("{\"thresholds\":[{\"y\":1,\"label\":5}]}", "thresholds[0].label: expected a string");
        expectRefused("{\"thresholds\":[{\"y\":1,\"dash\":\"wiggly\"}]}", "thresholds[0].dash: expected one of");
        assertThat(store.size()).isZero();
    }

    private void expectRefused(String extra, String message) {
        String figure = "{\"data\":[]," + extra.substring(1);
        assertThatThrownBy(() -> store.create("p", json(figure))).isInstanceOf(InvalidFigureException.class)
                .hasMessageStartingWith(message);
    }
}
