package io.plotstream.server.plot;

import org.junit.jupiter.api.Test;

import static io.plotstream.server.plot.PlotTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FiguresTest {

    private final Figures figures = new Figures(10_000, 3);

    @Test
    void streamWithoutTokenGetsAMintedOne() {
        PlotDefinition definition = figures.parse(json("{\"data\":[{\"stream\":{}}]}"));
        assertThat(definition.traces().get(0).token()).matches("[a-z0-9]{10}");
        assertThat(definition.traces().get(0).maxPoints()).isEqualTo(500);
    }

    @Test
    void maxpointsAboveTheCapIsRefusedNamingTheTrace() {
        assertThatThrownBy(() -> figures.parse(json("{\"data\":[{},{\"stream\":{\"token\":\"t\",\"maxpoints\":20000}}]}")))
                .isInstanceOf(InvalidFigureException.class)
                .hasMessageContaining("data[1].stream.maxpoints")
                .hasMessageContaining("0..10000");
    }

    @Test
    void fractionalMaxpointsIsRefused() {
        assertThatThrownBy(() -> figures.parse(json("{\"data\":[{\"stream\":{\"token\":\"t\",\"maxpoints\":1.5}}]}")))
                .hasMessageContaining("whole number");
    }

    @Test
    void tokenWithUnsafeCharactersIsRefused() {
        assertThatThrownBy(() -> figures.parse(json("{\"data\":[{\"stream\":{\"token\":\"a b\"}}]}")))
                .hasMessageContaining("data[0].stream.token");
    }

    @Test
    void tooManyTracesAreRefused() {
        assertThatThrownBy(() -> figures.parse(json("{\"data\":[{},{},{},{}]}")))
                .hasMessageContaining("4 traces exceed the limit of 3");
    }

    @Test
    void missingDataIsRefused() {
        assertThatThrownBy(() -> figures.parse(json("{\"layout\":{}}"))).hasMessageContaining("data");
    }

    @Test
    void openModeIdIsDerivedFromTheTokenWithoutRevealingIt() {
        String id = PlotIds.forOpenToken("secret-token");
        assertThat(id).matches("open-[0-9a-f]{12}").isEqualTo(PlotIds.forOpenToken("secret-token"));
        assertThat(PlotIds.isValid(id)).isTrue();
    }
}
