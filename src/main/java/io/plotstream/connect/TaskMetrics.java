package io.plotstream.connect;

import io.plotstream.stream.StreamStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the task's counters through {@code SinkTaskContext.pluginMetrics()} (Kafka 4.1+).
 * On an older runtime neither the method nor {@code PluginMetrics} exists: {@link #publish}
 * then returns a no-op and the counters are only kept, so the connector still loads there.
 */
final class TaskMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);
    /** Statuses a stream may reconnect after (-1: no response / I/O error). */
    private static final int[] RECONNECT_STATUSES = {-1, 200, 408, 423, 449, 500, 502, 503, 520};

    private final PluginMetrics metrics;
    private final List<MetricName> registered = new ArrayList<>();

    /** Registers the gauges, or returns a no-op on a runtime without plugin metrics. */
    static AutoCloseable publish(SinkTaskContext context, TaskCounters counters, Supplier<List<StreamStats>> streams,
                                 Supplier<Long> oldestPendingMs) {
        try {
            return new TaskMetrics(context.pluginMetrics(), counters, streams, oldestPendingMs);
        } catch (LinkageError | UnsupportedOperationException e) { // no such method or class before Kafka 4.1
            log.info("This Connect runtime does not offer plugin metrics; task metrics are not published");
            return () -> { };
        }
    }

    private TaskMetrics(PluginMetrics metrics, TaskCounters counters, Supplier<List<StreamStats>> streams,
                        Supplier<Long> oldestPendingMs) {
        this.metrics = metrics;
        gauge("points-enqueued-total", "Points handed to streams", counters.pointsEnqueued::get);
        gauge("points-delivered-total", "Points confirmed delivered by the streams this task holds",
                () -> streams.get().stream().mapToLong(StreamStats::pointsDelivered).sum());
        gauge("records-skipped-total", "Records (or series of a record) skipped by configuration",
                counters.recordsSkipped::get);
        gauge("records-failed-total", "Records reported as bad (DLQ)", counters.recordsFailed::get);
        gauge("open-streams", "Token streams this task holds", () -> (long) streams.get().size());
        gauge("queue-depth", "Points queued or awaiting confirmation in the streams this task holds",
                () -> streams.get().stream().mapToLong(StreamStats::queued).sum());
        gauge("oldest-undelivered-age-ms", "Age of the oldest record whose points are not all delivered",
                oldestPendingMs);
        for (int status : RECONNECT_STATUSES) {
            LinkedHashMap<String, String> tags = new LinkedHashMap<>();
            tags.put("status", status < 0 ? "none" : Integer.toString(status));
            MetricName name = metrics.metricName("reconnects-total", "Stream reconnects by the status that ended the stream", tags);
            metrics.addMetric(name, (Gauge<Long>) (config, now) -> streams.get().stream()
                    .mapToLong(s -> s.reconnectsByStatus().getOrDefault(status, 0L)).sum());
            registered.add(name);
        }
    }

    private void gauge(String name, String description, Supplier<Long> value) {
        MetricName metricName = metrics.metricName(name, description, new LinkedHashMap<>());
        metrics.addMetric(metricName, (Gauge<Long>) (config, now) -> value.get());
        registered.add(metricName);
    }

    @Override
    public void close() {
        registered.forEach(metrics::removeMetric);
        registered.clear();
    }
}
