package io.plotstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipelineOptionsTest {

    @Test
    void defaultsStartEverythingOnPort8090WithTheDemoConnector() {
        PipelineOptions options = PipelineOptions.parse();
        assertThat(options.bootstrapServers()).isNull();
        assertThat(options.producer()).isTrue();
        assertThat(options.port()).isEqualTo(8090);
        assertThat(options.connectorFile()).isEqualTo(PipelineOptions.DEFAULT_CONNECTOR_FILE);
        assertThat(options.help()).isFalse();
    }

    @Test
    void readsEveryOptionInBothSpellings() {
        PipelineOptions options = PipelineOptions.parse("--bootstrap-servers", "broker:9092", "--no-producer",
                "--port=9000");
        assertThat(options.bootstrapServers()).isEqualTo("broker:9092");
        assertThat(options.producer()).isFalse();
        assertThat(options.port()).isEqualTo(9000);
    }

    @Test
    void helpNeedsNoConnectorFile() {
        assertThat(PipelineOptions.parse("--help", "--connector", "no/such/file.json").help()).isTrue();
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndBadPortsByName() {
        assertThatThrownBy(() -> PipelineOptions.parse("--colour")).hasMessageContaining("'--colour'");
        assertThatThrownBy(() -> PipelineOptions.parse("--port")).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> PipelineOptions.parse("--port", "http")).hasMessageContaining("--port expects a number");
        assertThatThrownBy(() -> PipelineOptions.parse("--port", "70000")).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> PipelineOptions.parse("--connector", "no/such/file.json"))
                .hasMessageContaining("no/such/file.json");
    }
}
