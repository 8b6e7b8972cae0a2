package io.plotstream.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest {

    @Test
    void defaultsJustWorkOnOneMachine() {
        ServerConfig config = ServerConfig.defaults();
        assertThat(config.port).isEqualTo(8090);
        assertThat(config.bind).isEqualTo("127.0.0.1");
        assertThat(config.openMode).isFalse();
        assertThat(config.idleTimeout).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxPoints).isEqualTo(10_000);
        assertThat(config.maxStreamsPerToken).isEqualTo(4);
        assertThat(config.adminKey).isNull();
    }

    @Test
    void commandLineReadsValuesFlagsAndEquals() {
        ServerConfig config = ServerConfig.fromArgs(
                new String[]{"--port", "9000", "--open", "--idle-timeout=500ms", "--bind", "0.0.0.0"}, Map.of());
        assertThat(config.port).isEqualTo(9000);
        assertThat(config.openMode).isTrue();
        assertThat(config.idleTimeout).isEqualTo(Duration.ofMillis(500));
        assertThat(config.bind).isEqualTo("0.0.0.0");
    }

    @Test
    void commandLineOverridesTheConfigFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "port=7000\nmax-line-bytes=1024\nopen=true\n");
        ServerConfig config = ServerConfig.fromArgs(new String[]{"--config", file.toString(), "--port", "7001"}, Map.of());
        assertThat(config.port).isEqualTo(7001);
        assertThat(config.maxLineBytes).isEqualTo(1024);
        assertThat(config.openMode).isTrue();
    }

    @Test
    void jsonConfigFileWorksToo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("server.json");
        Files.writeString(file, "{\"port\": 7002, \"snapshot-interval\": \"2s\"}");
        ServerConfig config = ServerConfig.fromArgs(new String[]{"--config", file.toString()}, Map.of());
        assertThat(config.port).isEqualTo(7002);
        assertThat(config.snapshotInterval).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void secretsComeFromTheEnvironment() {
        ServerConfig config = ServerConfig.fromArgs(new String[0], Map.of("PLOTSERVER_ADMIN_KEY", "k-8f3q", "PLOTSERVER_VIEW_KEY", "v"));
        assertThat(config.adminKey).isEqualTo("k-8f3q");
        assertThat(config.viewKey).isEqualTo("v");
        assertThat(config.toString()).doesNotContain("k-8f3q").contains("admin-key=set");
    }

    @Test
    void unknownKeyIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> ServerConfig.fromArgs(new String[]{"--prot", "1"}, Map.of()))
                .hasMessageContaining("prot")
                .hasMessageContaining("known keys")
                .hasMessageContaining("port");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> ServerConfig.fromArgs(new String[]{"--port", "eighty"}, Map.of()))
                .hasMessageContaining("port=eighty").hasMessageContaining("whole number");
        assertThatThrownBy(() -> ServerConfig.fromArgs(new String[]{"--port", "70000"}, Map.of()))
                .hasMessageContaining("0..65535");
    }

    @Test
    void secretValuesAreNotEchoedInErrors() {
        assertThatThrownBy(() -> ServerConfig.fromArgs(new String[]{"--view-key", "s3cret", "--max-plots", "0"}, Map.of()))
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void usageListsEveryKey() {
        String usage = PlotServerMain.usage();
        ServerConfig.KEYS.keySet().forEach(key -> assertThat(usage).contains("--" + key));
    }
}
