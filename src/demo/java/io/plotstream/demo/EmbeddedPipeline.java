package io.plotstream.demo;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * The whole system in one JVM, for a newcomer to see it work: a real single-node Kafka broker in
 * KRaft mode (or an existing Kafka), a real distributed Kafka Connect worker running the Plotly
 * sink connector deployed from {@code config/demo-connector.json} over the worker's REST API, the
 * live plot server in open mode, and a demo producer. {@code mvn -Pdemo test-compile exec:java}.
 *
 * <p>{@link #start} returns a running pipeline; {@link #close} stops producer, connector, worker,
 * broker and, last, the plot server, so the connector's streams end cleanly on a live server.
 */
public final class EmbeddedPipeline implements AutoCloseable {

    static final Duration CONNECTOR_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STATUS_PERIOD = Duration.ofSeconds(5);
    private static final int DEMO_PARTITIONS = 3;

    private final PrintStream out;
    /** What to stop, most recently started first. */
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private PlotServerLauncher plotServer;
    private DemoConnectWorker worker;
    private DemoProducer producer;
    private String bootstrapServers;
    private ScheduledExecutorService status;
    private boolean closed;

    private EmbeddedPipeline(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        PipelineOptions options;
        try {
            options = PipelineOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("embedded pipeline: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(PipelineOptions.USAGE);
            return;
        }
        EmbeddedPipeline pipeline;
        try {
            pipeline = start(options, System.out);
        } catch (Exception e) {
            System.err.println("\nThe pipeline did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                System.out.println("\nStopping: producer, connector, Connect worker, Kafka, plot server...");
                pipeline.close();
                System.out.println("Stopped.");
                stopped.countDown();
            }
        };
        // The signal handler stops everything in order, then exits; the hook covers other ways out.
        StopSignals.install(() -> {
            stop.run();
            System.exit(0);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "embedded-pipeline-shutdown"));
        pipeline.printStatusEvery(STATUS_PERIOD);
        stopped.await();
    }

    /**
     * Starts every part, printing a progress line per step to {@code out}. On failure, stops what
     * had started and rethrows.
     */
    public static EmbeddedPipeline start(PipelineOptions options, PrintStream out) throws Exception {
        EmbeddedPipeline pipeline = new EmbeddedPipeline(out);
        try {
            pipeline.startAll(options);
            return pipeline;
        } catch (Exception e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll(PipelineOptions options) throws Exception {
        int steps = options.producer() ? 5 : 4;
        int step = 0;
        if (options.bootstrapServers() == null) {
            progress(++step, steps, "starting a Kafka broker (KRaft, single node)...");
            EmbeddedKafkaCluster kafka = new EmbeddedKafkaCluster(1, new Properties());
            running.push(kafka::stop);
            kafka.start();
            bootstrapServers = kafka.bootstrapServers();
        } else {
            progress(++step, steps, "using the Kafka at " + options.bootstrapServers());
            bootstrapServers = options.bootstrapServers();
        }
        createDemoTopics();

        progress(++step, steps, "starting the live plot server (open mode) on port " + options.port() + "...");
        plotServer = PlotServerLauncher.start(options.port());
        running.addLast(plotServer); // stopped last: the connector's streams end on a live server

        progress(++step, steps, "starting a Kafka Connect worker (distributed mode)...");
        worker = DemoConnectWorker.start(bootstrapServers);
        running.push(worker);

        progress(++step, steps, "deploying " + options.connectorFile() + " through " + worker.restUrl() + "connectors ...");
        String connector = worker.deploy(options.connectorFile(), plotServer.streamUrl());
        running.push(() -> worker.delete(connector));
        worker.awaitRunning(connector, CONNECTOR_START_TIMEOUT);

        if (options.producer()) {
            progress(++step, steps, "starting the demo producer (3 waves, 3 sensors, ~10 records/s each)...");
            producer = new DemoProducer(bootstrapServers);
            running.push(producer);
            producer.start();
        }
        out.println();
        out.println("  Live plots:       " + plotServer.browserUri());
        out.println("  Kafka:            " + bootstrapServers);
        out.println("  Connect REST API: " + worker.restUrl());
        out.println("  Ctrl-C stops everything.");
        out.println();
    }

    /** The demo topics get several partitions, so the connector's two tasks share the work. */
    private void createDemoTopics() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            for (String topic : List.of(DemoProducer.WAVES_TOPIC, DemoProducer.SENSORS_TOPIC)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(DEMO_PARTITIONS),
                            java.util.Optional.empty()))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private void progress(int step, int steps, String message) {
        out.printf("[%d/%d] %s%n", step, steps, message);
        out.flush();
    }

    /** Prints records produced and points held every {@code period}, until closed. */
    void printStatusEvery(Duration period) {
        status = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "embedded-pipeline-status");
            thread.setDaemon(true);
            return thread;
        });
        status.scheduleAtFixedRate(() -> out.printf("[status] %s records produced, %d points received by the plot server,"
                + " %d shown -> %s%n", producer == null ? "no demo" : String.valueOf(producer.sent()),
                plotServer.writesReceived(), plotServer.pointsHeld(), plotServer.browserUri()),
                period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public URI plotServerUri() {
        return plotServer.browserUri();
    }

    public int plotServerPort() {
        return plotServer.port();
    }

    public URI connectRestUrl() {
        return worker.restUrl();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Records the demo producer had acknowledged (0 without a producer). */
    public long recordsProduced() {
        return producer == null ? 0 : producer.sent();
    }

    /** Stops everything that started, newest first; each part is stopped even if another fails to. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (status != null) {
            status.shutdownNow();
        }
        while (!running.isEmpty()) {
            AutoCloseable part = running.pop();
            try {
                part.close();
            } catch (Exception e) {
                out.println("  (stopping a part failed: " + e + ")");
            }
        }
    }
}
