package io.plotstream.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {
    private final StreamSettings.Builder valid = StreamSettings.builder(URI.create("http://127.0.0.1:9000"));

    @Test
    void defaultsAreValidAndHeartbeatWellInsideTheIdleLimit() {
        StreamSettings s = valid.build();
        assertThat(s.heartbeatInterval()).isLessThan(Duration.ofSeconds(30));
        assertThat(s.port()).isEqualTo(9000);
        assertThat(s.toBuilder().build()).isEqualTo(s);
    }

    @Test
    void defaultPortsFollowTheScheme() {
        assertThat(StreamSettings.builder(URI.create("http://stream.example")).build().port()).isEqualTo(80);
        assertThat(StreamSettings.builder(URI.create("https://stream.example")).build().port()).isEqualTo(443);
    }

    @Test
    void refusesBadValuesNamingTheField() {
        assertThatThrownBy(() -> StreamSettings.builder(URI.create("ws://x")).build()).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> valid.bufferBytes(0).build()).hasMessageContaining("bufferBytes");
        assertThatThrownBy(() -> valid.backoffJitter(1.5).build()).hasMessageContaining("backoffJitter");
        assertThatThrownBy(() -> valid.backoffJitter(0).heartbeatInterval(Duration.ZERO).build())
                .hasMessageContaining("heartbeatInterval");
        assertThatThrownBy(() -> StreamSettings.builder(URI.create("http://x")).maxWritesPerSecond(-1).build())
                .hasMessageContaining("maxWritesPerSecond");
        assertThatThrownBy(() -> StreamSettings.builder(URI.create("http://x")).windowPoints(10_001).build())
                .hasMessageContaining("windowPoints");
        assertThatThrownBy(() -> StreamSettings.builder(URI.create("http://x")).backoffInitial(Duration.ofSeconds(60))
                .backoffMax(Duration.ofSeconds(1)).build()).hasMessageContaining("backoffMax");
    }

    @Test
    void tokensAreMaskedForLogs() {
        assertThat(io.plotstream.protocol.StreamToken.mask("3gqmwfx0y8")).isEqualTo("3g******y8");
        assertThat(io.plotstream.protocol.StreamToken.mask("short")).isEqualTo("*****");
    }
}
