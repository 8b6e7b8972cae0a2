package io.plotstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plotstream.protocol.StreamToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The plot server's example config and the plot definitions in config/plots. */
class PlotServerExamplesTest {

    /** The token rule both ends check (the plot server refuses any other token with 404). */
    private static final Pattern TOKEN = StreamToken.FORMAT;

    static Stream<Path> figures() throws IOException {
        // config/plots: figures the examples stream to; config/demo-plots: the embedded pipeline's plots.
        return Stream.of("plots", "demo-plots").map(ConnectorExamples.CONFIG_DIR::resolve).flatMap(dir -> {
            try {
                return Files.list(dir).filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("figures")
    void everyTraceOfAPlotDefinitionIsStreamedWithAValidTokenAndWindow(Path figure) {
        JsonNode root = ConnectorExamples.readTree(figure);
        assertThat(root.get("data")).as("%s has a data array", figure).isNotNull();
        assertThat(root.get("data").isArray()).isTrue();
        for (JsonNode trace : root.get("data")) {
            JsonNode stream = trace.get("stream");
            assertThat(stream).as("%s: trace %s has a stream object", figure, trace.path("name")).isNotNull();
            assertThat(stream.get("token").asText()).matches(TOKEN);
            assertThat(stream.get("maxpoints").asInt()).isBetween(0, 10_000);
            assertThat(trace.has("x") || trace.has("y")).as("streamed traces start empty").isFalse();
        }
    }

    @Test
    void demoPlotsStreamEveryTokenTheDemoConnectorRoutesTo() {
        String demoTokens = ConnectorExamples.readJson(ConnectorExamples.CONFIG_DIR.resolve("demo-connector.json"))
                .orElseThrow().config().get("plotly.tokens.by.key");
        String figureTokens = Stream.of("demo-waves.json", "demo-sensors.json")
                .map(f -> ConnectorExamples.readTree(ConnectorExamples.CONFIG_DIR.resolve("demo-plots").resolve(f)))
                .flatMap(figure -> figure.get("data").findValues("token").stream())
                .map(JsonNode::asText).reduce("", (a, b) -> a + " " + b + " ");
        for (String entry : demoTokens.split(",")) {
            assertThat(figureTokens).contains(" " + entry.substring(entry.indexOf('=') + 1) + " ");
        }
    }

    @Test
    void plotServerExampleIsAcceptedByTheServerAndServesTheExampleFigures() {
        Path file = ConnectorExamples.CONFIG_DIR.resolve("plot-server.properties");
        assertThat(file).isRegularFile();
        Optional<Object> config = ServerDefaults.parse(file);
        assumeTrue(config.isPresent(), "the plot server is not on this classpath");
        assertThat(ServerDefaults.field(config.get(), "port")).isEqualTo(8090);
        assertThat(ServerDefaults.field(config.get(), "plotsDir")).isEqualTo(Path.of("config", "plots"));
        assertThat(ServerDefaults.field(config.get(), "openMode")).isEqualTo(false);
    }
}
