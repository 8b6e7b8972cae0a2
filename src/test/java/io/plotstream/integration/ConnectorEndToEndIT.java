package io.plotstream.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.integration.support.ConnectClusterHarness;
import io.plotstream.integration.support.PlotServerFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector on a real cluster (KRaft broker + distributed worker in-process), deployed by its
 * JSON config over REST, streaming to the real plot server on loopback.
 */
class ConnectorEndToEndIT {

    @TempDir
    static Path dataDir;
    private static PlotServerFixture server;
    private static ConnectClusterHarness cluster;

    @BeforeAll
    static void start() throws Exception {
        server = PlotServerFixture.start(dataDir, false);
        cluster = ConnectClusterHarness.start("e2e", 1);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static ObjectNode connectorConfig(String topic, String converter, boolean schemas) {
        return ConnectClusterHarness.json("""
                {
                  "connector.class": "io.plotstream.connect.PlotlyStreamSinkConnector",
                  "tasks.max": "1",
                  "topics": "%s",
                  "key.converter": "org.apache.kafka.connect.storage.StringConverter",
                  "value.converter": "%s",
                  "value.converter.schemas.enable": "%s",
                  "plotly.stream.url": "%s",
                  "plotly.stream.ack.delay.ms": "50",
                  "plotly.heartbeat.interval.ms": "1000"
                }""".formatted(topic, converter, schemas, server.url()));
    }

    private static void awaitY(String plotId, List<Long> expected) {
        Awaitility.await(plotId + " holds " + expected.size() + " points").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(server.yValues(plotId)).containsExactlyElementsOf(expected));
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void schemalessJsonRecordsArePlottedInOrderWithTheirText() throws Exception {
        server.definePlot("schemaless", "schemaless1", 1000);
        cluster.createTopic("schemaless", 1);
        ObjectNode config = connectorConfig("schemaless", "org.apache.kafka.connect.json.JsonConverter", false);
        config.put("plotly.token", "schemaless1").put("plotly.x", "value.seq").put("plotly.y", "value.seq")
                .put("plotly.text", "value.label");
        cluster.deploy("schemaless", config);
        for (int i = 0; i < 200; i++) {
            cluster.produce("schemaless", "k", "{\"seq\": " + i + ", \"label\": \"point " + i + "\"}");
        }
        cluster.flush();
        awaitY("schemaless", range(0, 200));
        assertThat(server.trace("schemaless").path("text").get(7).asText()).isEqualTo("point 7");
        Awaitility.await("offsets committed").atMost(Duration.ofSeconds(30))
                .until(() -> cluster.committedOffsetSum("schemaless") == 200);
    }

    @Test
    void jsonWithSchemasIsPlotted() throws Exception {
        server.definePlot("with-schema", "withschema1", 1000);
        cluster.createTopic("with-schema", 1);
        ObjectNode config = connectorConfig("with-schema", "org.apache.kafka.connect.json.JsonConverter", true);
        config.put("plotly.token", "withschema1").put("plotly.y", "value.reading.value");
        cluster.deploy("with-schema", config);
        String schema = """
                {"type":"struct","fields":[{"field":"reading","type":"struct","fields":[
                  {"field":"value","type":"double"}]}]}""";
        for (int i = 0; i < 50; i++) {
            cluster.produce("with-schema", null, "{\"schema\":" + schema + ",\"payload\":{\"reading\":{\"value\":" + i + ".0}}}");
        }
        cluster.flush();
        awaitY("with-schema", range(0, 50));
        JsonNode x = server.trace("with-schema").path("x").get(0);
        assertThat(x.asText()).as("x defaults to the record timestamp as a Plotly date")
                .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6}");
    }

    @Test
    void rawJsonBytesThroughTheFastPathArePlotted() throws Exception {
        server.definePlot("raw-bytes", "rawbytes01", 1000);
        cluster.createTopic("raw-bytes", 1);
        ObjectNode config = connectorConfig("raw-bytes", "org.apache.kafka.connect.converters.ByteArrayConverter", false);
        config.put("plotly.token", "rawbytes01").put("plotly.y", "value/m/0");
        cluster.deploy("raw-bytes", config);
        for (int i = 0; i < 100; i++) {
            cluster.produce("raw-bytes", null, "{\"pad\": {\"deep\": [1, 2, {\"x\": null}]}, \"m\": [" + i + ", -1]}");
        }
        cluster.flush();
        awaitY("raw-bytes", range(0, 100));
    }

    @Test
    void eachSeriesOfARecordGoesToItsOwnPlot() throws Exception {
        server.definePlot("multi-temp", "multitemp1", 1000);
        server.definePlot("multi-hum", "multihum01", 1000);
        cluster.createTopic("multi", 1);
        ObjectNode config = connectorConfig("multi", "org.apache.kafka.connect.json.JsonConverter", false);
        config.put("plotly.series", "temp,hum").put("plotly.x", "value.ts")
                .put("plotly.series.temp.y", "value.temp").put("plotly.series.hum.y", "value.hum")
                .put("plotly.tokens.by.series", "temp=multitemp1,hum=multihum01");
        cluster.deploy("multi", config);
        for (int i = 0; i < 30; i++) {
            cluster.produce("multi", null, "{\"ts\": " + i + ", \"temp\": " + (100 + i) + ", \"hum\": " + (200 + i) + "}");
        }
        cluster.flush();
        awaitY("multi-temp", range(100, 130));
        awaitY("multi-hum", range(200, 230));
    }

    @Test
    void recordsAreRoutedByKeyToTheirOwnPlots() throws Exception {
        server.definePlot("sensor-a", "sensoraaa1", 1000);
        server.definePlot("sensor-b", "sensorbbb1", 1000);
        cluster.createTopic("sensors", 3);
        ObjectNode config = connectorConfig("sensors", "org.apache.kafka.connect.json.JsonConverter", false);
        config.put("plotly.tokens.by.key", "a=sensoraaa1,b=sensorbbb1").put("plotly.y", "value.n");
        cluster.deploy("sensors", config);
        for (int i = 0; i < 40; i++) {
            cluster.produce("sensors", i % 2 == 0 ? "a" : "b", "{\"n\": " + i + "}");
        }
        cluster.flush();
        awaitY("sensor-a", LongStream.range(0, 40).filter(i -> i % 2 == 0).boxed().toList());
        awaitY("sensor-b", LongStream.range(0, 40).filter(i -> i % 2 == 1).boxed().toList());
    }

    @Test
    void badRecordsGoToTheDeadLetterQueueWithTheirReasonAndGoodOnesArePlotted() throws Exception {
        server.definePlot("with-bad", "withbad001", 1000);
        cluster.createTopic("with-bad", 1);
        cluster.createTopic("with-bad-dlq", 1);
        ObjectNode config = connectorConfig("with-bad", "org.apache.kafka.connect.json.JsonConverter", false);
        config.put("plotly.token", "withbad001").put("plotly.y", "value.temp")
                .put("errors.tolerance", "all")
                .put("errors.deadletterqueue.topic.name", "with-bad-dlq")
                .put("errors.deadletterqueue.topic.replication.factor", "1")
                .put("errors.deadletterqueue.context.headers.enable", "true");
        cluster.deploy("with-bad", config);
        String[] values = {
            "{\"temp\": 1}",
            "{\"humidity\": 50}",          // offset 1: y missing
            "{\"temp\": 2}",
            "{\"temp\": {\"c\": 3}}",      // offset 3: y is an object
            "{\"temp\": 3}",
            "{\"temp\": \"NaN\"}",         // offset 5: NaN cannot be sent
            "{\"temp\": 4}",
            "{\"temp\": \"abc\"}",         // offset 7: y must be a number (plotly.y.type defaults to number)
            "{\"temp\": 5}",
        };
        for (String value : values) {
            cluster.produce("with-bad", null, value);
        }
        cluster.flush();
        awaitY("with-bad", List.of(1L, 2L, 3L, 4L, 5L));

        List<ConsumerRecord<byte[], byte[]>> dead = cluster.consume("with-bad-dlq", 4, Duration.ofSeconds(30));
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly(values[1], values[3], values[5], values[7]);
        assertThat(reason(dead.get(0))).contains("with-bad-0@1").contains("value.temp");
        assertThat(reason(dead.get(1))).contains("with-bad-0@3").contains("value.temp");
        assertThat(reason(dead.get(2))).contains("with-bad-0@5").contains("NaN");
        assertThat(reason(dead.get(3))).contains("with-bad-0@7").contains("value.temp")
                .contains("the text \"abc\"").contains("y must be a number");
        assertThat(cluster.taskStates("with-bad")).allSatisfy(t -> assertThat(t.state()).isEqualTo("RUNNING"));
    }

    private static String reason(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader("__connect.errors.exception.message");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void withoutErrorToleranceABadRecordFailsTheTaskNamingWhereItWas() throws Exception {
        server.definePlot("strict", "strict0001", 1000);
        cluster.createTopic("strict", 1);
        ObjectNode config = connectorConfig("strict", "org.apache.kafka.connect.json.JsonConverter", false);
        config.put("plotly.token", "strict0001").put("plotly.y", "value.temp");
        cluster.deploy("strict", config);
        cluster.produce("strict", null, "{\"temp\": 1}");
        cluster.produce("strict", null, "{\"pressure\": 1}");
        cluster.flush();
        Awaitility.await("task failed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.taskStates("strict").stream().anyMatch(t -> "FAILED".equals(t.state())));
        assertThat(cluster.taskStates("strict").get(0).trace()).contains("strict-0@1").contains("value.temp");
        awaitY("strict", List.of(1L));
    }

    @Test
    void anUnknownTokenFailsTheTaskWithTheServersReasonAndAMaskedToken() throws Exception {
        cluster.createTopic("unknown-token", 1);
        ObjectNode config = connectorConfig("unknown-token", "org.apache.kafka.connect.json.JsonConverter", false);
        config.put("plotly.token", "nosuchtoken42").put("plotly.y", "value.n");
        cluster.deploy("unknown-token", config);
        cluster.produce("unknown-token", null, "{\"n\": 1}");
        cluster.produce("unknown-token", null, "{\"n\": 2}");
        cluster.flush();
        Awaitility.await("task failed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.taskStates("unknown-token").stream().anyMatch(t -> "FAILED".equals(t.state())));
        String trace = cluster.taskStates("unknown-token").get(0).trace();
        assertThat(trace).contains("404").doesNotContain("nosuchtoken42");
        assertThat(cluster.committedOffsetSum("unknown-token")).isZero();
    }
}
