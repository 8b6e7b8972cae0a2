package io.plotstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.connect.PlotlyStreamSinkConfig;
import io.plotstream.connect.PlotlyStreamSinkConnector;
import io.plotstream.connect.config.ConfigDefs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every connector example in {@code config/} is one a user can POST as is. */
class ConfigExamplesTest {

    /** Keys a series may set for itself: {@code plotly.series.NAME.(x|x.unit|y|y.type|text|marker.color|marker.size)}. */
    private static final Pattern SERIES_KEY =
            Pattern.compile("plotly\\.series\\.[A-Za-z0-9_-]+\\.(x|x\\.unit|y|y\\.type|text|marker\\.color|marker\\.size)");

    static Stream<ConnectorExamples> examples() {
        return ConnectorExamples.all().stream();
    }

    @Test
    void everyDocumentedScenarioHasAnExample() {
        List<String> files = examples().map(e -> e.file().getFileName().toString()).toList();
        assertThat(files).contains("topic-routing.json", "key-routing.json", "multi-series.json",
                "json-with-schemas.json", "json-schemaless.json", "raw-bytes.json", "dead-letter-queue.json",
                "demo-connector.json", "plotly-stream-sink.properties", "avro-connector.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void validatesWithoutErrors(ConnectorExamples example) {
        Set<String> ours = PlotlyStreamSinkConfig.configDef().names();
        List<String> errors = new ArrayList<>();
        for (ConfigValue value : new PlotlyStreamSinkConnector().validate(example.config()).configValues()) {
            // Connect's own keys (connector.class, topics, errors.*) are validated by the worker, not by us.
            if (ours.contains(value.name())) {
                value.errorMessages().forEach(message -> errors.add(value.name() + ": " + message));
            }
        }
        assertThat(errors).as("validation errors of %s", example.file()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void namesOnlyKeysTheConnectorKnows(ConnectorExamples example) {
        // A ConfigDef silently ignores unknown keys, so a typo (plotly.tokens.by.keys) would validate
        // and then do nothing: every plotly.* key must be ours or a per-series key.
        Set<String> ours = PlotlyStreamSinkConfig.configDef().names();
        List<String> unknown = example.config().keySet().stream()
                .filter(k -> k.startsWith("plotly."))
                .filter(k -> !ours.contains(k) && !SERIES_KEY.matcher(k).matches())
                .toList();
        assertThat(unknown).as("unknown plotly.* keys in %s", example.file()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void isACompleteSinkConnectorConfig(ConnectorExamples example) {
        Map<String, String> config = example.config();
        assertThat(example.name()).as("connector name in %s", example.file()).isNotBlank();
        assertThat(config.get("connector.class")).isEqualTo(ConnectorExamples.CONNECTOR_CLASS);
        assertThat(config.containsKey("topics") ^ config.containsKey("topics.regex"))
                .as("%s sets exactly one of topics / topics.regex", example.file()).isTrue();
        assertThat(config.get(ConfigDefs.STREAM_URL_CONFIG)).as("%s names its stream server", example.file())
                .isNotBlank();
    }

    @Test
    void deadLetterQueueExampleReportsBadRecordsWithContext() {
        Map<String, String> config = example("dead-letter-queue.json").config();
        assertThat(config).containsEntry("errors.tolerance", "all")
                .containsEntry("errors.deadletterqueue.context.headers.enable", "true")
                .containsKey("errors.deadletterqueue.topic.name");
    }

    @Test
    void jsonExamplesCoverBothSchemaModes() {
        assertThat(example("json-with-schemas.json").config()).containsEntry("value.converter.schemas.enable", "true");
        assertThat(example("json-schemaless.json").config()).containsEntry("value.converter.schemas.enable", "false");
        assertThat(example("raw-bytes.json").config())
                .containsEntry("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    }

    @Test
    void avroExampleReadsConfluentsWireFormatThroughApicuriosConverter() {
        Map<String, String> config = example("avro-connector.json").config();
        assertThat(config).containsEntry("value.converter", "io.apicurio.registry.utils.converter.AvroConverter")
                .containsEntry("value.converter.apicurio.registry.as-confluent", "true")
                .containsEntry("value.converter.apicurio.registry.headers.enabled", "false")
                .containsEntry("value.converter.apicurio.registry.use-id", "contentId")
                .containsEntry("errors.deadletterqueue.context.headers.enable", "true")
                .containsEntry(ConfigDefs.X_UNIT_CONFIG, "us");
        assertThat(config.get("value.converter.apicurio.registry.url")).endsWith("/apis/registry/v2");
    }

    @Test
    void multiSeriesExampleRoutesEachSeriesToItsOwnToken() {
        Map<String, String> config = example("multi-series.json").config();
        assertThat(config.get(ConfigDefs.SERIES_CONFIG)).isEqualTo("temp,hum");
        assertThat(config.get(ConfigDefs.TOKENS_BY_SERIES_CONFIG)).contains("temp=").contains("hum=");
    }

    @Test
    void plotDefinitionsStreamTheTokensTheExamplesWriteTo() {
        // The figures in config/plots are the plots the key-routing and multi-series examples feed:
        // a token that matches no trace would be answered 404 by the server.
        String tokensInFigures = Stream.of("sensors.json", "weather.json")
                .map(f -> ConnectorExamples.readTree(ConnectorExamples.CONFIG_DIR.resolve("plots").resolve(f)))
                .flatMap(figure -> figure.get("data").findValues("stream").stream())
                .map(stream -> stream.get("token").asText())
                .reduce("", (a, b) -> a + " " + b);
        for (String file : List.of("key-routing.json", "multi-series.json")) {
            Map<String, String> config = example(file).config();
            String map = config.getOrDefault(ConfigDefs.TOKENS_BY_KEY_CONFIG,
                    config.get(ConfigDefs.TOKENS_BY_SERIES_CONFIG));
            for (String entry : map.split(",")) {
                String token = entry.substring(entry.lastIndexOf('=') + 1).trim();
                assertThat(tokensInFigures).as("a figure in config/plots streams %s's tokens", file).contains(token);
            }
        }
    }

    private static ConnectorExamples example(String fileName) {
        return examples().filter(e -> e.file().equals(ConnectorExamples.CONFIG_DIR.resolve(fileName)))
                .findFirst().orElseThrow(() -> new AssertionError("no example " + Path.of("config", fileName)));
    }
}
