package io.plotstream.integration.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Plots and their windows survive a restart on the same data directory. */
class PersistenceIT {

    @TempDir
    Path dataDir;

    @Test
    void plotsAndWindowsComeBackAfterARestart() {
        try (RunningServer first = new RunningServer(dataDir, b -> b)) {
            first.createPlot("{\"id\":\"kept\",\"data\":[{\"name\":\"a\",\"stream\":{\"token\":\"keeptok01\",\"maxpoints\":3}}],"
                    + "\"layout\":{\"title\":{\"text\":\"Kept\"}}}");
            try (RawStream stream = first.openStream()) {
                stream.begin("keeptok01");
                for (int i = 1; i <= 5; i++) {
                    stream.line("{\"x\":" + i + ",\"y\":" + i * 10 + ",\"text\":\"p" + i + "\"}");
                }
                stream.line("{\"layout\":{\"yaxis\":{\"title\":{\"text\":\"units\"}}}}");
                assertThat(stream.finish().reply(5000).status()).isEqualTo(200);
            }
        }
        try (RunningServer second = new RunningServer(dataDir, b -> b)) {
            JsonNode plot = second.plot("kept");
            JsonNode trace = plot.path("figure").path("data").get(0);
            assertThat(trace.get("x").toString()).isEqualTo("[3,4,5]");
            assertThat(trace.get("text").toString()).isEqualTo("[\"p3\",\"p4\",\"p5\"]");
            assertThat(plot.path("traceCounts").toString()).isEqualTo("[5]");
            assertThat(plot.path("figure").path("layout").path("yaxis").path("title").path("text").asText()).isEqualTo("units");
            // the token still feeds the restored plot
            try (RawStream stream = second.openStream()) {
                assertThat(stream.begin("keeptok01").line("{\"x\":6,\"y\":60}").finish().reply(5000).status()).isEqualTo(200);
            }
            assertThat(second.trace("kept", 0).get("x").toString()).isEqualTo("[4,5,6]");
        }
    }

    @Test
    void windowsAreSavedPeriodicallyWhileRunning() {
        try (RunningServer server = new RunningServer(dataDir, b -> b.snapshotInterval(Duration.ofMillis(200)))) {
            server.createPlot("{\"id\":\"live\",\"data\":[{\"stream\":{\"token\":\"livetok01\"}}]}");
            try (RawStream stream = server.openStream()) {
                stream.begin("livetok01").line("{\"x\":1,\"y\":42}");
                await().atMost(Duration.ofSeconds(5)).until(() -> {
                    Path windows = dataDir.resolve("windows").resolve("live.json");
                    return Files.exists(windows) && Files.readString(windows).contains("42");
                });
                stream.finish().reply(5000);
            }
        }
    }

    @Test
    void deletedPlotsStayDeleted() {
        try (RunningServer first = new RunningServer(dataDir, b -> b)) {
            first.createPlot("{\"id\":\"gone\",\"data\":[{\"stream\":{\"token\":\"gonetok01\"}}]}");
            assertThat(first.send("DELETE", "/api/plots/gone", null).statusCode()).isEqualTo(200);
        }
        try (RunningServer second = new RunningServer(dataDir, b -> b)) {
            assertThat(second.send("GET", "/api/plots/gone", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void figureFilesDefinePlotsAtStart() throws IOException {
        Path figures = Files.createDirectories(dataDir.resolve("figures"));
        Files.writeString(figures.resolve("from-file.json"),
                "{\"data\":[{\"type\":\"scatter\",\"stream\":{\"token\":\"filetok01\",\"maxpoints\":20}}],\"layout\":{\"title\":\"From a file\"}}");
        try (RunningServer server = new RunningServer(dataDir.resolve("data"), b -> b.plotsDir(figures))) {
            try (RawStream stream = server.openStream()) {
                assertThat(stream.begin("filetok01").line("{\"x\":1,\"y\":2}").finish().reply(5000).status()).isEqualTo(200);
            }
            assertThat(server.trace("from-file", 0).get("y").toString()).isEqualTo("[2]");
            assertThat(server.send("GET", "/api/plots", null).body()).contains("From a file");
        }
    }

    @Test
    void filesAreWrittenWhole() throws IOException {
        try (RunningServer server = new RunningServer(dataDir, b -> b)) {
            server.createPlot("{\"id\":\"atomic\",\"data\":[{\"stream\":{\"token\":\"atomtok01\"}}]}");
        }
        try (var files = Files.list(dataDir.resolve("plots"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("atomic.json");
        }
        JsonNode saved = RunningServer.json(Files.readString(dataDir.resolve("plots").resolve("atomic.json")));
        assertThat(saved.path("figure").path("data").get(0).path("stream").path("token").asText()).isEqualTo("atomtok01");
    }
}
