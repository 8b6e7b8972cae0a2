package io.plotstream.integration.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Many streams at once on loopback: every line arrives, in order per stream, and no stream ends badly. */
class IngestLoadIT {

    private static final int PLOTS = 10;
    private static final int TRACES_PER_PLOT = 5;
    private static final int STREAMS = PLOTS * TRACES_PER_PLOT;
    private static final int LINES = 2000;
    private static final int LINES_PER_CHUNK = 40;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void fiftyConcurrentStreamsOfTwoThousandLinesAllArrive() throws Exception {
        try (RunningServer server = new RunningServer(dataDir, b -> b.maxPoints(LINES))) {
            for (int p = 0; p < PLOTS; p++) {
                StringBuilder figure = new StringBuilder("{\"id\":\"load" + p + "\",\"data\":[");
                for (int t = 0; t < TRACES_PER_PLOT; t++) {
                    figure.append(t == 0 ? "" : ",").append("{\"stream\":{\"token\":\"").append(token(p, t))
                            .append("\",\"maxpoints\":").append(LINES).append("}}");
                }
                server.createPlot(figure.append("]}").toString());
            }
            ExecutorService clients = Executors.newFixedThreadPool(STREAMS);
            try {
                List<Future<Integer>> replies = new ArrayList<>();
                for (int p = 0; p < PLOTS; p++) {
                    for (int t = 0; t < TRACES_PER_PLOT; t++) {
                        String token = token(p, t);
                        replies.add(clients.submit(() -> stream(server, token)));
                    }
                }
                for (Future<Integer> reply : replies) {
                    assertThat(reply.get(90, TimeUnit.SECONDS)).isEqualTo(200);
                }
            } finally {
                clients.shutdownNow();
            }

            for (int p = 0; p < PLOTS; p++) {
                JsonNode plot = server.plot("load" + p);
                for (int t = 0; t < TRACES_PER_PLOT; t++) {
                    assertThat(plot.path("traceCounts").get(t).asLong()).isEqualTo(LINES);
                    JsonNode y = plot.path("figure").path("data").get(t).path("y");
                    assertThat(y).hasSize(LINES);
                    for (int i = 0; i < LINES; i++) {
                        assertThat(y.get(i).asInt()).as("plot %d trace %d point %d", p, t, i).isEqualTo(i);
                    }
                }
            }
            assertThat(server.server.ingestMetrics().lines()).isEqualTo((long) STREAMS * LINES);
            assertThat(server.server.ingestMetrics().streamEnds()).isEqualTo(Map.of("200", (long) STREAMS));
        }
    }

    private static String token(int plot, int trace) {
        return "load" + plot + "t" + trace + "x";
    }

    private static int stream(RunningServer server, String token) {
        try (RawStream stream = server.openStream()) {
            stream.begin(token);
            StringBuilder chunk = new StringBuilder();
            for (int i = 0; i < LINES; i++) {
                chunk.append("{\"x\":").append(i).append(",\"y\":").append(i).append("}\n");
                if ((i + 1) % LINES_PER_CHUNK == 0) {
                    stream.chunk(chunk.toString());
                    chunk.setLength(0);
                }
            }
            if (chunk.length() > 0) {
                stream.chunk(chunk.toString());
            }
            return stream.finish().reply(60_000).status();
        }
    }
}
