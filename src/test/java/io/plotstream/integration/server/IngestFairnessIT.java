package io.plotstream.integration.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plotstream.server.plot.Plot;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
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

    /**
     * Whatever a stream's handling waits for (here the plot's write lock, held by the test), the
     * server keeps reading other connections: request handling must never run on the selector
     * thread. It did: the root handler took the WebSocket upgrade handler's NON_BLOCKING
     * invocation type, so Jetty ran ingest inline on its one selector, and /healthz waited behind
     * a stream's whole read turn (8.8 s under load in IngestFairnessIT; here it would wait forever).
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void healthzAnswersWhileAStreamsHandlingIsBlocked() throws Exception {
        try (RunningServer server = new RunningServer(dataDir, b -> b)) {
            server.createPlot("{\"id\":\"held\",\"data\":[{\"stream\":{\"token\":\"heldtok\",\"maxpoints\":10}}]}");
            Plot plot = server.server.store().plot("held").orElseThrow();
            try (RawStream stream = server.openStream()) {
                synchronized (plot) { // the store applies a plot's writes under this lock
                    stream.begin("heldtok").chunk("{\"x\":1,\"y\":1}\n");
                    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> aThreadIsBlockedOn(plot));
                    HttpResponse<String> health = server.send("GET", "/healthz", null); // times out after 10 s
                    assertThat(health.statusCode()).isEqualTo(200);
                }
                assertThat(stream.finish().reply(30_000).status()).isEqualTo(200);
            }
            assertThat(server.plot("held").path("traceCounts").get(0).asLong()).isEqualTo(1);
        }
    }

    private static boolean aThreadIsBlockedOn(Object monitor) {
        ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(true, false);
        return Arrays.stream(threads).anyMatch(t -> t.getThreadState() == Thread.State.BLOCKED
                && t.getLockInfo() != null && t.getLockInfo().getIdentityHashCode() == System.identityHashCode(monitor));
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
