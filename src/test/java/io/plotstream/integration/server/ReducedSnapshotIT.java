package io.plotstream.integration.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.plot.PlotlyTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapshots cut to the panel's width (issue 16 item 5, docs/VIEWER-WIDTH.md) through the real server: a
 * 10,000-point trace streamed with the protocol, read by a real WebSocket client with and without
 * a width. Prints the measured byte ratios (docs/BENCHMARKS.md quotes them).
 */
class ReducedSnapshotIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int POINTS = 10_000;
    private static final long T0 = PlotlyTime.parseDate("2026-12-06 12:00:00");

    @TempDir
    Path dataDir;
    private RunningServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WebSocket> sockets = new ArrayList<>();

    @BeforeEach
    void startWithTwoFullWindows() {
        server = new RunningServer(dataDir, b -> b);
        server.createPlot("{\"id\":\"numbers\",\"data\":[{\"type\":\"scatter\",\"mode\":\"lines\","
                + "\"stream\":{\"token\":\"numtok0001\",\"maxpoints\":10000}}]}");
        server.createPlot("{\"id\":\"dates\",\"data\":[{\"type\":\"scatter\",\"mode\":\"lines\","
                + "\"stream\":{\"token\":\"datetok001\",\"maxpoints\":10000}}]}");
        // a temperature-like signal with two decimals (short y values: the least favourable case for
        // the ratio, since the index array costs the same per kept point whatever y is)
        Random random = new Random(16);
        stream("numtok0001", i -> Integer.toString(i), random);
        stream("datetok001", i -> "\"" + PlotlyTime.formatDate(T0 + i * 100L) + "\"", random);
        await().atMost(Duration.ofSeconds(30)).until(() -> server.trace("numbers", 0).path("x").size() == POINTS
                && server.trace("dates", 0).path("x").size() == POINTS);
    }

    @AfterEach
    void stop() {
        sockets.forEach(WebSocket::abort);
        if (server != null) {
            server.close();
        }
    }

    private void stream(String token, java.util.function.IntFunction<String> x, Random random) {
        try (RawStream stream = server.openStream()) {
            stream.begin(token);
            StringBuilder chunk = new StringBuilder();
            double level = 20;
            for (int i = 0; i < POINTS; i++) {
                level += random.nextGaussian() * 0.2;
                chunk.append("{\"x\":").append(x.apply(i)).append(",\"y\":")
                        .append(String.format(Locale.ROOT, "%.2f", level)).append("}\n");
                if (chunk.length() > 4000) {
                    stream.chunk(chunk.toString());
                    chunk.setLength(0);
                }
            }
            stream.chunk(chunk.toString());
            assertThat(stream.finish().reply(10_000).status()).isEqualTo(200);
        }
    }

    @Test
    void aFirstSnapshotOfTenThousandPointsAt400PxIsAtMostAQuarterOfTheWholeOne() throws Exception {
        for (String plot : List.of("numbers", "dates")) {
            String whole = first("/ws/plots/" + plot);
            String reduced = first("/ws/plots/" + plot + "?width=400");

            int wholeBytes = whole.getBytes(StandardCharsets.UTF_8).length;
            int reducedBytes = reduced.getBytes(StandardCharsets.UTF_8).length;
            double ratio = (double) reducedBytes / wholeBytes;
            System.out.printf(Locale.ROOT, "reduced snapshot, %s x, 10,000 points, 400 px: whole %d bytes, reduced %d bytes, ratio %.4f%n",
                    plot, wholeBytes, reducedBytes, ratio);

            JsonNode frame = MAPPER.readTree(reduced);
            JsonNode index = frame.at("/reduced/0/index");
            assertThat(frame.at("/reduced/0/width").asInt()).isEqualTo(416);
            assertThat(frame.at("/figure/data/0/x")).hasSize(index.size());
            assertThat(index.size()).isBetween(416, 4 * 416);
            assertThat(index.get(0).asInt()).isZero();
            assertThat(index.get(index.size() - 1).asInt()).isEqualTo(POINTS - 1);
            assertThat(ratio).as(plot + ": reduced / whole bytes").isLessThanOrEqualTo(0.25);
        }
    }

    @Test
    void withoutAWidthTheSnapshotIsTheWholeWindowInTodaysFormat() throws Exception {
        String frame = first("/ws/plots/numbers");
        JsonNode parsed = MAPPER.readTree(frame);

        List<String> keys = new ArrayList<>();
        parsed.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("type", "plot", "figure", "structureVersion", "traceCounts", "maxPoints", "ageMs");
        assertThat(MAPPER.writeValueAsString(parsed)).as("compact, as Jackson writes the frame").isEqualTo(frame);
        assertThat(parsed.at("/figure/data/0/x")).isEqualTo(server.trace("numbers", 0).path("x"));
        assertThat(parsed.at("/figure/data/0/y")).hasSize(POINTS);
        // an invalid width is no width: the same bytes but for the age, which depends on the tick
        for (String invalid : List.of("?width=0", "?width=8193", "?width=abc", "?width=400.5")) {
            assertThat(withoutAge(first("/ws/plots/numbers" + invalid))).as(invalid).isEqualTo(withoutAge(frame));
        }
    }

    @Test
    void aViewMessageAnswersWithASnapshotCutToThatWidthAndMalformedOnesAreIgnored() throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = open("/ws/live?plots=numbers,dates&width=800", frames);
        List<JsonNode> opening = List.of(next(frames), next(frames));
        assertThat(opening).allSatisfy(f -> assertThat(f.at("/reduced/0/width").asInt()).isEqualTo(800));

        socket.sendText("{\"view\":\"dates\",\"width\":0}", true).join();
        socket.sendText("{\"view\":\"dates\",\"width\":\"400\"}", true).join();
        socket.sendText("{\"view\":\"dates\",\"width\":400}", true).join();

        JsonNode again = next(frames);
        assertThat(again.get("plot").asText()).isEqualTo("dates");
        assertThat(again.at("/reduced/0/width").asInt()).isEqualTo(416);
        assertThat(again.at("/figure/data/0/x/0").asText()).isEqualTo("2026-12-06 12:00:00.000");
        assertThat(frames).isEmpty();
    }

    private static String withoutAge(String frame) {
        return frame.replaceFirst("\"ageMs\":-?\\d+", "\"ageMs\":_");
    }

    /** The first frame a fresh socket on {@code path} gets. */
    private String first(String path) throws Exception {
        BlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket socket = open(path, frames);
        String frame = frames.poll(20, TimeUnit.SECONDS);
        assertThat(frame).as("a snapshot on " + path + " within 20 s").isNotNull();
        socket.abort();
        sockets.remove(socket);
        return frame;
    }

    private WebSocket open(String path, BlockingQueue<String> frames) {
        WebSocket socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path), new Collecting(frames)).join();
        sockets.add(socket);
        return socket;
    }

    private static JsonNode next(BlockingQueue<String> frames) throws Exception {
        String frame = frames.poll(20, TimeUnit.SECONDS);
        assertThat(frame).as("a frame within 20 s").isNotNull();
        return MAPPER.readTree(frame);
    }

    /** Collects whole text messages. */
    private static final class Collecting implements WebSocket.Listener {
        private final BlockingQueue<String> frames;
        private final StringBuilder partial = new StringBuilder();

        Collecting(BlockingQueue<String> frames) {
            this.frames = frames;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
