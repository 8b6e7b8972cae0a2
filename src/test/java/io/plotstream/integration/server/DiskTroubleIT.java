package io.plotstream.integration.server;

import io.plotstream.protocol.AckChannel;
import io.plotstream.server.log.FaultyChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Disk trouble is loud: when the operation log cannot write, no line is acknowledged, streams end
 * with 503 (after the last good ack in ack mode), /healthz and /metrics say so; and the server heals
 * by itself once the disk does. The failing disk is injected through the engine's channel seam, under
 * the real server.
 */
class DiskTroubleIT {

    private static final String TOKEN = "tok1234567";
    private static final String FIGURE = "{\"id\":\"p\",\"data\":[{\"stream\":{\"token\":\"" + TOKEN + "\",\"maxpoints\":1000}}]}";

    @TempDir
    Path dataDir;
    final FaultyChannel.Faults disk = new FaultyChannel.Faults();
    RunningServer server;

    @AfterEach
    void stop() {
        disk.failDisk(false);
        if (server != null) {
            server.close();
        }
    }

    private static String line(int i) {
        return "{\"x\":" + i + ",\"y\":" + i + "}\n";
    }

    @Test
    void aFailingDiskEndsStreamsWith503AcknowledgesNothingMoreAndHealsByItself() throws Exception {
        server = new RunningServer(dataDir, b -> b, disk.factory());
        server.createPlot(FIGURE);

        try (AckStreamClient client = new AckStreamClient(server.port(), TOKEN)) {
            client.awaitHead(5000);
            for (int i = 1; i <= 5; i++) {
                client.send(line(i));
            }
            assertThat(client.awaitAcked(5, 5000)).isTrue();

            disk.failDisk(true);
            for (int i = 6; i <= 8 && client.trySend(line(i)); i++) {
                Thread.sleep(20); // separate chunks, like a paced writer; the stream must end on its own
            }
            AckChannel.Line end = client.awaitEnd(20_000);
            assertThat(end).as("the end line").isNotNull();
            assertThat(end.endCode()).isEqualTo(503);
            assertThat(end.endText()).contains("operation log unavailable");
            assertThat(client.acked()).as("nothing after the disk failed is acknowledged").isEqualTo(5);
        }

        assertThat(server.send("GET", "/healthz", null).statusCode()).isEqualTo(503);
        assertThat(server.send("GET", "/healthz", null).body()).contains("unhealthy").contains("No space left");
        String metrics = server.send("GET", "/metrics", null).body();
        assertThat(metrics).contains("plotserver_log_writable 0");
        assertThat(metrics).containsPattern("plotserver_log_append_failures_total [1-9]");
        assertThat(metrics).containsPattern("plotserver_stream_append_failures_total [1-9]");

        try (RawStream plain = server.openStream()) { // a client without the extension gets a plain 503
            RawStream.Reply reply = plain.begin(TOKEN).line("{\"x\":9,\"y\":9}").reply(20_000);
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.body()).contains("operation log unavailable");
        }

        disk.failDisk(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.send("GET", "/healthz", null).statusCode() == 200);
        assertThat(server.send("GET", "/metrics", null).body()).contains("plotserver_log_writable 1");
        try (AckStreamClient client = new AckStreamClient(server.port(), TOKEN)) {
            client.awaitHead(5000);
            client.send(line(10)).send(line(11));
            assertThat(client.awaitAcked(2, 10_000)).as("acknowledged again once the disk healed").isTrue();
        }
    }

    @Test
    void metricsShowTheLogAndTheAckLatency() throws Exception {
        server = new RunningServer(dataDir, b -> b, disk.factory());
        server.createPlot(FIGURE);
        try (AckStreamClient client = new AckStreamClient(server.port(), TOKEN)) {
            client.awaitHead(5000);
            client.send(line(1));
            assertThat(client.awaitAcked(1, 5000)).isTrue();
        }
        String metrics = server.send("GET", "/metrics", null).body();
        assertThat(metrics).contains("plotserver_log_writable 1");
        assertThat(metrics).containsPattern("plotserver_log_appends_total [1-9]");
        assertThat(metrics).containsPattern("plotserver_log_commits_total [1-9]");
        assertThat(metrics).containsPattern("plotserver_log_bytes [1-9]");
        assertThat(metrics).contains("plotserver_log_bytes_limit 1073741824");
        assertThat(metrics).contains("plotserver_ack_streams_total 1");
        assertThat(metrics).containsPattern("plotserver_ack_latency_seconds_count [1-9]");
        assertThat(server.send("GET", "/healthz", null).body()).contains("\"log\":\"writable\"");
    }
}
