package io.plotstream.integration.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers that never pause (their next bytes are always ready) must not starve the other streams
 * or the API: each stream gets its turn. Bounded: ten loopback streams for a few seconds.
 */
class IngestFairnessIT {
    private static final int STREAMS = 10;
    private static final long WRITE_MILLIS = 4_000;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void unpacedWritersAllGetTheirLinesInAndTheApiStillAnswers() throws Exception {
        try (RunningServer server = new RunningServer(dataDir, b -> b.maxStreams(100))) {
            StringBuilder figure = new StringBuilder("{\"id\":\"fair\",\"data\":[");
            for (int s = 0; s < STREAMS; s++) {
                figure.append(s == 0 ? "" : ",").append("{\"stream\":{\"token\":\"fair").append(s)
                        .append("tok\",\"maxpoints\":100}}");
            }
            server.createPlot(figure.append("]}").toString());

            ExecutorService writers = Executors.newFixedThreadPool(STREAMS);
            List<Future<Integer>> replies = new ArrayList<>();
            try {
                for (int s = 0; s < STREAMS; s++) {
                    String token = "fair" + s + "tok";
                    replies.add(writers.submit(() -> writeFlatOut(server, token)));
                }
                Thread.sleep(WRITE_MILLIS / 2);
                long asked = System.nanoTime();
                HttpResponse<String> health = server.send("GET", "/healthz", null);
                long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(answeredMs).as("healthz answered while every stream writes flat out (ms)").isLessThan(3_000);
                for (Future<Integer> reply : replies) {
                    assertThat(reply.get(60, TimeUnit.SECONDS)).isEqualTo(200);
                }
            } finally {
                writers.shutdownNow();
            }

            JsonNode counts = server.plot("fair").path("traceCounts");
            for (int s = 0; s < STREAMS; s++) {
                assertThat(counts.get(s).asLong()).as("lines from stream %d", s).isGreaterThan(0);
            }
        }
    }

    private static int writeFlatOut(RunningServer server, String token) {
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            chunk.append("{\"x\":").append(i).append(",\"y\":").append(i).append("}\n");
        }
        String text = chunk.toString();
        try (RawStream stream = server.openStream()) {
            stream.begin(token);
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_MILLIS);
            while (System.nanoTime() < end) {
                stream.chunk(text);
            }
            return stream.finish().reply(60_000).status();
        }
    }
}
