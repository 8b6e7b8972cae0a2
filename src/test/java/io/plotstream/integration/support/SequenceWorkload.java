package io.plotstream.integration.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.awaitility.Awaitility;

/**
 * The "nothing lost" workload: records numbered per key (the number is the point's y), each key
 * routed by the connector to its own token and plot, and the check that every number reached
 * its plot. Duplicates are counted, not failed: delivery is at-least-once.
 */
public final class SequenceWorkload {
    public static final String[] KEYS = {"k0", "k1", "k2", "k3"};

    private final AtomicLong produced = new AtomicLong();

    public static String token(String key) {
        return "tok" + key + "seq01";
    }

    public static String plotId(String key) {
        return "plot-" + key;
    }

    /** One plot per key, large enough to hold every number of a test. */
    public void definePlots(PlotServerFixture server) throws Exception {
        for (String key : KEYS) {
            server.definePlot(plotId(key), token(key), 10_000);
        }
    }

    /** The connector's JSON config: key routing, sequence number as y, short timings for tests. */
    public String connectorConfig(String topic, int tasks, String streamUrl) {
        StringBuilder routes = new StringBuilder();
        for (String key : KEYS) {
            routes.append(routes.length() == 0 ? "" : ",").append(key).append('=').append(token(key));
        }
        return """
                {
                  "connector.class": "io.plotstream.connect.PlotlyStreamSinkConnector",
                  "tasks.max": "%d",
                  "topics": "%s",
                  "key.converter": "org.apache.kafka.connect.storage.StringConverter",
                  "value.converter": "org.apache.kafka.connect.json.JsonConverter",
                  "value.converter.schemas.enable": "false",
                  "plotly.stream.url": "%s",
                  "plotly.tokens.by.key": "%s",
                  "plotly.y": "value.seq",
                  "plotly.text": "value.key",
                  "plotly.stream.ack.delay.ms": "100",
                  "plotly.heartbeat.interval.ms": "500",
                  "plotly.reconnect.backoff.initial.ms": "100",
                  "plotly.reconnect.backoff.max.ms": "1000",
                  "plotly.stream.linger.ms": "2000"
                }""".formatted(tasks, topic, streamUrl, routes);
    }

    /** Hands {@code perKey} more numbered records per key to {@code send(key, json)}, continuing the sequence. */
    public void produce(int perKey, BiConsumer<String, String> send) {
        long start = produced.getAndAdd(perKey);
        for (long seq = start; seq < start + perKey; seq++) {
            for (String key : KEYS) {
                send.accept(key, "{\"seq\": " + seq + ", \"key\": \"" + key + "\"}");
            }
        }
    }

    /** Records produced so far, per key. */
    public long producedPerKey() {
        return produced.get();
    }

    /** Records produced so far, over all keys. */
    public long producedTotal() {
        return produced.get() * KEYS.length;
    }

    /** Waits until every number produced so far reached every key's plot; returns the duplicates seen. */
    public long awaitNothingLost(PlotServerFixture server, Duration atMost) {
        AtomicLong duplicates = new AtomicLong();
        Awaitility.await("every sequence number plotted").atMost(atMost)
                .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                    long dups = 0;
                    for (String key : KEYS) {
                        List<Long> ys = server.yValues(plotId(key));
                        Set<Long> distinct = new HashSet<>(ys);
                        dups += ys.size() - distinct.size();
                        List<Long> missing = new ArrayList<>();
                        for (long seq = 0; seq < produced.get(); seq++) {
                            if (!distinct.contains(seq)) {
                                missing.add(seq);
                            }
                        }
                        assertThat(missing).as("sequence numbers missing for %s", key).isEmpty();
                    }
                    duplicates.set(dups);
                });
        return duplicates.get();
    }
}
