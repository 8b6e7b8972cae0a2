package io.plotstream.integration.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.awaitility.Awaitility;

/**
 * A real Connect cluster in-process: KRaft broker(s) and distributed workers from Kafka's own
 * test kit, with the connector on the worker classpath. Connectors are deployed the way a user
 * deploys them: their JSON config PUT to the worker's REST API.
 */
public final class ConnectClusterHarness implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedConnectCluster connect;
    private KafkaProducer<byte[], byte[]> producer;

    private ConnectClusterHarness(EmbeddedConnectCluster connect) {
        this.connect = connect;
    }

    public static ConnectClusterHarness start(String name, int workers) {
        return start(name, workers, Map.of());
    }

    public static ConnectClusterHarness start(String name, int workers, Map<String, String> extraWorkerProps) {
        Map<String, String> workerProps = new HashMap<>();
        // Commit often so tests see committed offsets quickly.
        workerProps.put("offset.flush.interval.ms", "500");
        workerProps.put("plugin.discovery", "hybrid_warn");
        workerProps.putAll(extraWorkerProps);
        Properties brokerProps = new Properties();
        brokerProps.put("auto.create.topics.enable", "false");
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(workers)
                .numBrokers(1)
                .workerProps(workerProps)
                .brokerProps(brokerProps)
                .build();
        connect.start();
        return new ConnectClusterHarness(connect);
    }

    public EmbeddedConnectCluster connect() {
        return connect;
    }

    public void createTopic(String topic, int partitions) {
        connect.kafka().createTopic(topic, partitions);
    }

    /** Deploys a connector from its JSON config (a "config" object, or the flat map) over REST. */
    public void deploy(String name, ObjectNode config) {
        String url = connect.endpointForResource("connectors/" + name + "/config");
        try (Response response = connect.requestPut(url, config.toString())) {
            assertThat(response.getStatus()).as("PUT %s: %s", url, response.getEntity()).isLessThan(300);
        }
    }

    public void awaitRunning(String name, int tasks) {
        Awaitility.await("connector " + name + " running with " + tasks + " tasks")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    try {
                        ConnectorStateInfo info = connect.connectorStatus(name);
                        return info != null && "RUNNING".equals(info.connector().state())
                                && info.tasks().size() == tasks
                                && info.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
                    } catch (RuntimeException e) {
                        return false;
                    }
                });
    }

    /** Task states by id (e.g. "RUNNING", "FAILED"), and the trace of a failed one. */
    public List<ConnectorStateInfo.TaskState> taskStates(String name) {
        return connect.connectorStatus(name).tasks();
    }

    public void produce(String topic, String key, String value) {
        producer().send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public void flush() {
        producer().flush();
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>();
            props.put("linger.ms", 5);
            props.put("acks", "all");
            producer = connect.kafka().createProducer(props);
        }
        return producer;
    }

    /** Reads {@code count} records of a topic (e.g. the DLQ), failing after {@code timeout}. */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        connect.kafka().consume(count, timeout.toMillis(), topic).forEach(records::add);
        return records;
    }

    /** Committed offsets of a sink connector, summed over its partitions. */
    public long committedOffsetSum(String connectorName) {
        JsonNode offsets = JSON.valueToTree(connect.connectorOffsets(connectorName));
        long sum = 0;
        for (JsonNode entry : offsets.path("offsets")) {
            sum += entry.path("offset").path("kafka_offset").asLong();
        }
        return sum;
    }

    public static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        connect.stop();
    }
}
