package io.plotstream.demo;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the demo's records: three waves keyed {@code wave-1..3} to one topic and three sensors
 * keyed {@code sensor-1..3} to another, each about ten records a second. The key is what routes a
 * record to its own token (and plot trace).
 */
final class DemoProducer implements AutoCloseable {

    static final String WAVES_TOPIC = "demo-waves";
    static final String SENSORS_TOPIC = "demo-sensors";
    static final long PERIOD_MS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(DemoProducer.class);

    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService ticker;
    private final DemoReadings readings = new DemoReadings(System.nanoTime());
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> lastError = new AtomicReference<>();

    DemoProducer(String bootstrapServers) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "plotly-demo-producer",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // bounded: a stalled broker blocks send() for at most this long instead of growing memory
                ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * 1024 * 1024,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "demo-producer");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        ticker.scheduleAtFixedRate(this::tick, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    /** Records acknowledged by Kafka so far. */
    long sent() {
        return sent.get();
    }

    private void tick() {
        try {
            readings.step();
            for (int k = 1; k <= DemoReadings.WAVES; k++) {
                send(WAVES_TOPIC, DemoReadings.waveKey(k), readings.wave(k));
            }
            for (int s = 0; s < DemoReadings.SENSORS; s++) {
                send(SENSORS_TOPIC, DemoReadings.sensorKey(s), readings.sensor(s));
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: log and keep ticking
            LOG.warn("Demo producer could not send: {}", e.toString());
        }
    }

    private void send(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error == null) {
                sent.incrementAndGet();
            } else if (lastError.getAndSet(error) == null) {
                LOG.warn("Demo producer: a send failed ({}); further failures are counted silently", error.toString());
            }
        });
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
