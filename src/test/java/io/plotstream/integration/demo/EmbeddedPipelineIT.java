package io.plotstream.integration.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.demo.EmbeddedPipeline;
import io.plotstream.demo.PipelineOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * README command one, run in-process: the embedded pipeline starts a broker, a Connect worker with
 * the connector, the plot server and the demo producer, and the demo plots fill with points.
 *
 * <p>Lives in src/demo (compiled as test sources) because it drives the demo's own classes.
 */
class EmbeddedPipelineIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private EmbeddedPipeline pipeline;

    /** A worker that fails to start calls Exit.exit(): make that a test failure, not the end of the test JVM. */
    @BeforeEach
    void maskExit() {
        Exit.Procedure fail = (code, message) -> {
            throw new IllegalStateException("Kafka asked the JVM to exit with " + code + ": " + message);
        };
        Exit.setExitProcedure(fail);
        Exit.setHaltProcedure(fail);
    }

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        Exit.resetExitProcedure();
        Exit.resetHaltProcedure();
    }

    @Test
    void demoRecordsReachEveryTraceOfTheDemoPlotsAndCloseStopsEverything() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PipelineOptions options = new PipelineOptions(null, true, 0, PipelineOptions.DEFAULT_CONNECTOR_FILE, false);
        pipeline = EmbeddedPipeline.start(options, new PrintStream(progress, true, StandardCharsets.UTF_8));
        int port = pipeline.plotServerPort();

        assertThat(progress.toString(StandardCharsets.UTF_8))
                .contains("[1/5] starting a Kafka broker (KRaft", "[5/5] starting the demo producer")
                .contains("Live plots:       http://localhost:" + port + "/");

        // Every key routes to its own token, and each token feeds one trace of a demo plot.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String plot : List.of("demo-waves", "demo-sensors")) {
                JsonNode counts = plot(port, plot).get("traceCounts");
                assertThat(counts).as("traces of %s", plot).hasSize(3);
                counts.forEach(count -> assertThat(count.asLong()).as("points in a trace of %s", plot).isPositive());
            }
        });
        assertThat(pipeline.recordsProduced()).isPositive();

        pipeline.close();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                .as("the plot server stopped").isInstanceOf(ConnectException.class);
        // The demo connector sets plotly.stream.linger.ms=0: streams close with their tasks.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("task-thread-plotly-demo") || name.equals("demo-producer")
                        || name.startsWith("plotly-stream-")));
    }

    @Test
    void usesAnExistingKafkaInsteadOfStartingOne() throws Exception {
        EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, new Properties());
        kafka.start();
        try {
            ByteArrayOutputStream progress = new ByteArrayOutputStream();
            PipelineOptions options = new PipelineOptions(kafka.bootstrapServers(), true, 0,
                    PipelineOptions.DEFAULT_CONNECTOR_FILE, false);
            pipeline = EmbeddedPipeline.start(options, new PrintStream(progress, true, StandardCharsets.UTF_8));
            assertThat(progress.toString(StandardCharsets.UTF_8))
                    .contains("[1/5] using the Kafka at " + kafka.bootstrapServers())
                    .doesNotContain("starting a Kafka broker");
            assertThat(pipeline.bootstrapServers()).isEqualTo(kafka.bootstrapServers());
            int port = pipeline.plotServerPort();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(plot(port, "demo-waves").get("traceCounts")).allSatisfy(c -> assertThat(c.asLong()).isPositive()));
            pipeline.close();
            assertThat(kafka.describeTopics("demo-waves").get("demo-waves"))
                    .as("the demo wrote to the given Kafka, which outlives the pipeline").isPresent();
        } finally {
            kafka.stop();
        }
    }

    private JsonNode plot(int port, String id) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/plots/" + id)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET /api/plots/%s: %s", id, response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }
}
