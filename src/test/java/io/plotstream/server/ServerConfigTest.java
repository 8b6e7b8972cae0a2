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
                .hasMessage("command line: --port eighty: expected a whole number");
        assertThatThrownBy(() -> ServerConfig.fromArgs(new String[]{"--port", "70000"}, Map.of()))
                .hasMessage("command line: --port 70000: must be 0..65535");
    }

    @Test
    void boundsAreCheckedForEveryKeyNamingTheFlagAndWhereItCameFrom(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("server.properties");
        Files.writeString(file, "max-panels=0\n");
        assertThatThrownBy(() -> ServerConfig.fromArgs(new String[]{"--config", file.toString()}, Map.of()))
                .hasMessage("config file " + file + ": --max-panels 0: must be 1..1000");
        assertThatThrownBy(() -> ServerConfig.fromArgs(new String[]{"--header-timeout", "10ms"}, Map.of()))
                .hasMessage("command line: --header-timeout 10ms: must be 100ms..1h");
        assertThatThrownBy(() -> ServerConfig.fromArgs(new String[]{"--max-connections", "0"}, Map.of()))
                .hasMessage("command line: --max-connections 0: must be 1..1000000");
        // a program's builder gets the same checks, without a source
        assertThatThrownBy(() -> ServerConfig.builder().maxDashboards(-1).build())
                .hasMessage("--max-dashboards -1: must be 0..100000");
        assertThatThrownBy(() -> ServerConfig.builder().historyBytesPerTrace(2 << 20).historyBytesTotal(1 << 20).build())
                .hasMessage("--history-bytes-per-trace 2MiB: must not exceed --history-bytes-total 1MiB");
    }

    @Test
    void newKeysHaveTheirDefaults() {
        ServerConfig config = ServerConfig.defaults();
        assertThat(config.maxDashboards).isEqualTo(100);
        assertThat(config.maxPanels).isEqualTo(24);
        assertThat(config.staleAfter).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.historyBytesPerTrace).isEqualTo(1L << 20);
        assertThat(config.historyBytesTotal).isEqualTo(256L << 20);
        assertThat(config.maxConnections).isEqualTo(3000);
        assertThat(config.headerTimeout).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.dashboardsDir).isEqualTo(Path.of("config", "dashboards"));
        assertThat(config.viewerQueueFrames).as("one default, the table's").isEqualTo(64);
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void sizesDurationsAndPathsParse() {
        ServerConfig config = ServerConfig.fromArgs(new String[]{"--history-bytes-per-trace", "512KiB",
                "--history-bytes-total", "1g", "--max-line-bytes=128k", "--stale-after", "2m", "--header-timeout", "1.5s",
                "--dashboards-dir", "/tmp/dash"}, Map.of());
        assertThat(config.historyBytesPerTrace).isEqualTo(512L * 1024);
        assertThat(config.historyBytesTotal).isEqualTo(1L << 30);
        assertThat(config.maxLineBytes).isEqualTo(128 * 1024);
        assertThat(config.staleAfter).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.headerTimeout).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.dashboardsDir).isEqualTo(Path.of("/tmp/dash"));
        assertThat(config.get(ServerConfig.STALE_AFTER)).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> ServerConfig.fromArgs(new String[]{"--history-bytes-total", "lots"}, Map.of()))
                .hasMessageContaining("--history-bytes-total lots: expected a size such as 65536, 64KiB or 1MiB");
        assertThatThrownBy(() -> ServerConfig.fromArgs(new String[]{"--stale-after", "-5s"}, Map.of()))
                .hasMessageContaining("--stale-after -5s: expected a duration");
    }

    @Test
    void toStringShowsEveryKeyButNoSecret() {
        ServerConfig config = ServerConfig.builder().adminKey("adm-123").viewKey("v-456")
                .tls(null, "pw-789", "PKCS12").build();
        String text = config.toString();
        ServerConfig.TABLE.forEach(key -> assertThat(text).contains(key.name() + "="));
        assertThat(text).contains("admin-key=set", "view-key=set", "tls-keystore-password=set", "tls-keystore=unset",
                "stale-after=60s", "history-bytes-total=256MiB", "port=8090");
        assertThat(text).doesNotContain("adm-123", "v-456", "pw-789");
    }

    @Test
    void blankSecretsMeanUnset() {
        ServerConfig config = ServerConfig.fromArgs(new String[0], Map.of("PLOTSERVER_ADMIN_KEY", " "));
        assertThat(config.adminKey).isNull();
    }

    @Test
    void helpIsGeneratedFromTheTable() {
        String help = ServerConfig.help().replaceAll("\\s+", " "); // docs wrap at 110 columns
        assertThat(help).contains("--max-panels <n>").contains("panels per dashboard at most [default 24;");
        assertThat(help).contains("--open ").doesNotContain("--open <");
        assertThat(help).contains("--admin-key <text>").contains("env PLOTSERVER_ADMIN_KEY");
        assertThat(help).contains("--header-timeout <duration>").contains("default 10s; 100ms..1h");
        assertThat(help).contains("Dashboards:").contains("Network:");
        assertThat(PlotServerMain.usage()).startsWith("Usage: java -jar plot-server.jar").contains(ServerConfig.help());
        ServerConfig.help().lines().forEach(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(110));
    }

    @Test
    void suspiciousCombinationsAreWarnedAbout() {
        ServerConfig config = ServerConfig.builder().maxConnections(100).build();
        assertThat(config.warnings()).singleElement().asString().contains("max-connections 100");
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
