package io.plotstream.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.integration.support.PlotServerFixture;
import io.plotstream.integration.support.SequenceWorkload;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * "Nothing lost" against a real Kafka broker in a container, for users with Docker: the broker
 * is the official {@code apache/kafka} KRaft image; the Connect workers are real distributed
 * workers started in this JVM ({@link WorkerHandle}, Kafka's own test kit) against it; the plot
 * server is the real one on loopback. The connector is deployed the way a user deploys it — its
 * JSON config PUT to a worker's REST API — and sequence-numbered records produced to the broker
 * must all reach their plots while a second worker joins and leaves the group.
 *
 * <p>Only the broker is in a container: the workers and the plot server both live in the host
 * JVM on 127.0.0.1, so no container-to-host networking is involved. Without a Docker engine the
 * whole class is skipped ({@code disabledWithoutDocker}). The image can be overridden with
 * {@code -Dkafka.image=apache/kafka:<version>}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerNothingLostIT {
    private static final String KAFKA_IMAGE = System.getProperty("kafka.image", "apache/kafka:4.1.0");
    private static final String TOPIC = "seq";
    private static final String CONNECTOR = "seq";
    private static final int TASKS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One broker for the class; each test gets its own Connect group and internal topics. */
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(KAFKA_IMAGE);

    @TempDir
    Path dataDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<WorkerHandle> workers = new ArrayList<>();
    private final SequenceWorkload workload = new SequenceWorkload();
    private String clusterId;
    private PlotServerFixture server;
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void start() throws Exception {
        // A worker that fails to start calls Exit.exit(3), which would kill the test JVM: make it throw instead.
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Connect worker asked to exit(" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Connect worker asked to halt(" + status + "): " + message);
        });
        clusterId = "container-it-" + UUID.randomUUID().toString().substring(0, 8);
        server = PlotServerFixture.start(dataDir, false);
        workload.definePlots(server);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic(), SequenceWorkload.KEYS.length, (short) 1))).all().get();
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void stop() {
        try {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            for (WorkerHandle worker : workers) {
                worker.stop();
            }
            workers.clear();
            if (server != null) {
                server.close();
            }
        } finally {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
        }
    }

    private static String bootstrapServers() {
        return KAFKA.getBootstrapServers();
    }

    private String topic() {
        return TOPIC + "-" + clusterId;
    }



    @Test
    void everySequenceNumberProducedToARealBrokerReachesItsPlotWhileAWorkerJoinsAndLeaves() throws Exception {
        WorkerHandle first = startWorker("worker-0");
        deploy(first, workload.connectorConfig(topic(), TASKS, server.url()));
        awaitTasksRunningOn(first, Set.of(first));
        produce(200);

        WorkerHandle second = startWorker("worker-1");
        produce(200);
        awaitTasksRunningOn(first, Set.of(first, second)); // the rebalance moved a task to the newcomer
        produce(200);

        stopWorker(second);
        produce(200);
        awaitTasksRunningOn(first, Set.of(first)); // its task came back after the scheduled delay
        produce(200);

        long duplicates = workload.awaitNothingLost(server, Duration.ofSeconds(120));
        System.out.printf("[%s] broker %s: %d records per key plotted, %d duplicates (at-least-once)%n",
                getClass().getSimpleName(), KAFKA_IMAGE, workload.producedPerKey(), duplicates);
        Awaitility.await("offsets committed for every record").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> committedOffsetSum(first) == workload.producedTotal());
    }

    /**
     * Starts a distributed worker in this JVM against the container's broker and waits until its
     * REST API reports it healthy (joined the group, internal topics read).
     */
    private WorkerHandle startWorker(String name) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers());
        props.put("group.id", clusterId);
        props.put("config.storage.topic", clusterId + "-configs");
        props.put("offset.storage.topic", clusterId + "-offsets");
        props.put("status.storage.topic", clusterId + "-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        // Port 0: each worker binds a free loopback port; WorkerHandle.url() reports the real one.
        props.put("listeners", "HTTP://127.0.0.1:0");
        // The connector is on the test classpath, not in a plugin.path directory.
        props.put("plugin.discovery", "hybrid_warn");
        // Commit often so the committed offsets catch up with what was produced quickly.
        props.put("offset.flush.interval.ms", "500");
        // A departed worker's tasks wait this long for it to come back before being reassigned (default 5 min).
        props.put("scheduled.rebalance.max.delay.ms", "3000");
        // startConnect swaps the thread's context class loader for Connect's delegating loader: restore ours.
        ClassLoader ours = Thread.currentThread().getContextClassLoader();
        WorkerHandle worker;
        try {
            worker = WorkerHandle.start(name, props);
        } finally {
            Thread.currentThread().setContextClassLoader(ours);
        }
        workers.add(worker);
        Awaitility.await(name + " healthy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .until(() -> get(worker, "health").statusCode() == 200);
        return worker;
    }

    private void stopWorker(WorkerHandle worker) {
        workers.remove(worker);
        worker.stop();
    }

    /** PUT /connectors/{name}/config: creates the connector, or reconfigures it. */
    private void deploy(WorkerHandle worker, String config) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint(worker, "connectors/" + CONNECTOR + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(config)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("PUT connector config: %s", response.body()).isBetween(200, 299);
    }

    /**
     * Waits until the connector and all its tasks report RUNNING, and the tasks are spread over
     * exactly the {@code expected} workers (a rebalance has finished), as {@code asker} sees it.
     */
    private void awaitTasksRunningOn(WorkerHandle asker, Set<WorkerHandle> expected) {
        Set<String> expectedIds = new HashSet<>();
        expected.forEach(w -> expectedIds.add(workerId(w)));
        Awaitility.await(TASKS + " tasks running on " + expectedIds).atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                    HttpResponse<String> response = get(asker, "connectors/" + CONNECTOR + "/status");
                    if (response.statusCode() != 200) {
                        return false;
                    }
                    JsonNode status = JSON.readTree(response.body());
                    JsonNode tasks = status.path("tasks");
                    boolean tasksRunning = tasks.size() == TASKS;
                    Set<String> taskWorkers = new HashSet<>();
                    for (JsonNode task : tasks) {
                        tasksRunning &= "RUNNING".equals(task.path("state").asText());
                        taskWorkers.add(task.path("worker_id").asText());
                    }
                    return "RUNNING".equals(status.path("connector").path("state").asText()) && tasksRunning
                            && taskWorkers.equals(expectedIds);
                });
    }

    /** The id a worker reports in statuses: its advertised REST host and port. */
    private static String workerId(WorkerHandle worker) {
        return worker.url().getHost() + ":" + worker.url().getPort();
    }

    private void produce(int perKey) {
        workload.produce(perKey, (key, value) -> producer.send(new ProducerRecord<>(topic(), key, value)));
        producer.flush();
    }

    /** GET /connectors/{name}/offsets of a sink connector, summed over its partitions. */
    private long committedOffsetSum(WorkerHandle worker) throws IOException, InterruptedException {
        HttpResponse<String> response = get(worker, "connectors/" + CONNECTOR + "/offsets");
        if (response.statusCode() != 200) {
            return -1;
        }
        long sum = 0;
        for (JsonNode entry : JSON.readTree(response.body()).path("offsets")) {
            sum += entry.path("offset").path("kafka_offset").asLong();
        }
        return sum;
    }

    private HttpResponse<String> get(WorkerHandle worker, String resource) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(endpoint(worker, resource)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A resource under the worker's REST root; the root URI may or may not end in '/'. */
    private static URI endpoint(WorkerHandle worker, String resource) {
        String root = worker.url().toString();
        return URI.create((root.endsWith("/") ? root : root + "/") + resource);
    }
}
