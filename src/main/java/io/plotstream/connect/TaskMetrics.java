package io.plotstream.connect;

import io.plotstream.protocol.ClientReaction;
import io.plotstream.protocol.StreamStatus;
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
    private static final int[] RECONNECT_STATUSES = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(-1),
            java.util.Arrays.stream(StreamStatus.values()).filter(s -> s.reaction() != ClientReaction.STOP)
                    .mapToInt(StreamStatus::code)).toArray();

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
        // The task's own points, counted from its own delivery callbacks.
        gauge("points-enqueued-total", "Points this task handed to streams", counters.pointsEnqueued::get);
        gauge("points-delivered-total", "Points of this task confirmed delivered", counters.pointsDelivered::get);
        gauge("points-failed-total", "Points of this task a stream refused for good", counters.pointsFailed::get);
        gauge("records-skipped-total", "Records (or series of a record) skipped by configuration",
                counters.recordsSkipped::get);
        gauge("records-failed-total", "Records reported as bad (DLQ)", counters.recordsFailed::get);
        gauge("queue-depth", "Points of this task handed to streams and not yet confirmed", counters::pointsInFlight);
        gauge("records-waiting", "Records held back because the task's budget (plotly.queue.max.bytes) is full; "
                + "consumption is paused while this is above 0", counters.recordsWaiting::get);
        gauge("oldest-undelivered-age-ms", "Age of the oldest record whose points are not all delivered",
                oldestPendingMs);
        // The streams this task holds; a stream is shared by the worker's tasks that feed its token.
        gauge("open-streams", "Token streams this task holds", () -> (long) streams.get().size());
        gauge("connect-failures-total", "Connection attempts of the streams this task holds that failed before the "
                + "server answered (refused, timed out, TLS): a server that is down shows here",
                () -> streams.get().stream().mapToLong(StreamStats::connectFailures).sum());
        for (int status : RECONNECT_STATUSES) {
            LinkedHashMap<String, String> tags = new LinkedHashMap<>();
            tags.put("status", status < 0 ? "none" : Integer.toString(status));
            MetricName name = metrics.metricName("reconnects-total",
                    "Reconnects of the streams this task holds, by the status that ended the stream", tags);
            register(name, (config, now) -> streams.get().stream()
                    .mapToLong(s -> s.reconnectsByStatus().getOrDefault(status, 0L)).sum());
        }
    }

    private void gauge(String name, String description, Supplier<Long> value) {
        register(metrics.metricName(name, description, new LinkedHashMap<>()), (config, now) -> value.get());
    }

    /**
     * Adds a gauge. When a rebalance restarts a task whose old instance has not finished stopping,
     * the runtime gives the new instance the same tags, and the old one still owns the name in the
     * worker's registry: the new instance then runs without that gauge (logged) rather than failing.
     */
    private void register(MetricName name, Gauge<Long> gauge) {
        try {
            metrics.addMetric(name, gauge);
            registered.add(name);
        } catch (IllegalArgumentException alreadyThere) {
            log.warn("Task metric {} is still registered by an earlier instance of this task (a restart while it "
                    + "was stopping); this instance does not publish it", name.name());
        }
    }

    @Override
    public void close() {
        for (MetricName name : registered) {
            try {
                metrics.removeMetric(name);
            } catch (IllegalArgumentException alreadyGone) {
                log.debug("Task metric {} was already removed", name.name());
            }
        }
        registered.clear();
    }
}
