package io.plotstream.integration.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Defaults that lose nothing, server side: {@code java -jar target/plot-server.jar} with every
 * setting at its default, a client streaming numbered points with the acknowledgement extension,
 * and {@code kill -9} at random moments (some before the first checkpoint, some after). After each
 * restart on the same data directory, every point ever acknowledged is on the plot.
 *
 * <p>That it can fail: {@code -DargLine=-Dkill.it.log=none} runs the same servers without the log
 * ({@code --log none}), and acknowledged points go missing at the first restart.
 */
class ServerKillRecoveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "killtoken01";
    private static final int KILLS = 9;
    private static final int MAX_LINES_PER_ROUND = 900; // all rounds together fit the window of 10,000

    @TempDir
    Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process server;
    private int port;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyAcknowledgedPointSurvivesKill9AtRandomMoments() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = Files.createDirectories(work.resolve("data"));
        launch(data);
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("/api/plots/p"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":[{\"stream\":{\"token\":\"" + TOKEN + "\",\"maxpoints\":10000}}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isLessThan(300);

        long seed = System.nanoTime();
        Random random = new Random(seed);
        long next = 1;            // the next point's number
        long ackedThrough = 0;    // every point up to this was acknowledged in some round
        List<String> rounds = new ArrayList<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            long start = next;
            long[] sent = {0};
            try (AckStreamClient client = new AckStreamClient(port, TOKEN)) {
                assertThat(client.awaitHead(10_000)).as("round " + kill + " seed " + seed).isEqualTo(200);
                Thread writer = new Thread(() -> {
                    for (int i = 0; i < MAX_LINES_PER_ROUND; i++) {
                        long n = start + i;
                        if (!client.trySend("{\"x\":" + n + ",\"y\":" + n + "}\n")) {
                            return;
                        }
                        sent[0] = i + 1;
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    }
                }, "numbered-points");
                writer.start();
                // the chaos: a random moment, sometimes past the 5 s checkpoint interval
                long delay = kill % 3 == 0 ? 5_000 + random.nextInt(2_000) : 150 + random.nextInt(1_500);
                Thread.sleep(delay);
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9: no hook, no last checkpoint
                writer.join(10_000);
                long acked = client.acked();
                assertThat(client.broken()).as("ack body of round " + kill).isNull();
                ackedThrough = Math.max(ackedThrough, start + acked - 1);
                next = start + Math.max(acked, 0);
                rounds.add("round " + kill + ": killed after " + delay + " ms, " + sent[0] + " sent, " + acked + " acked");
            }
            launch(data);
            Set<Long> onPlot = yValues();
            List<Long> missing = new ArrayList<>();
            for (long n = 1; n <= ackedThrough; n++) {
                if (!onPlot.contains(n)) {
                    missing.add(n);
                }
            }
            assertThat(missing).as("acknowledged points missing after restart %d (seed %d; %s)", kill, seed, rounds).isEmpty();
        }
        assertThat(ackedThrough).as("the rounds acknowledged points at all: %s", rounds).isGreaterThan(KILLS * 20L);
        System.out.println("ServerKillRecoveryIT (seed " + seed + "): " + ackedThrough + " points acknowledged, none lost; " + rounds);
    }

    private void launch(Path data) throws IOException, InterruptedException {
        Path jar = Path.of("target", "plot-server.jar").toAbsolutePath();
        assertThat(jar).as("run mvn package first").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        server = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--data-dir", data.toString(), "--plots-dir", work.resolve("no-plots").toString(), "--log", System.getProperty("kill.it.log", "segments"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("server.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server running; see %s", work.resolve("server.log")).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(uri("/healthz")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the server did not answer /healthz within 60 s; see " + work.resolve("server.log"));
    }

    private Set<Long> yValues() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/plots/p")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode y = JSON.readTree(response.body()).path("figure").path("data").path(0).path("y");
        Set<Long> out = new HashSet<>();
        y.forEach(v -> out.add(v.asLong()));
        return out;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
