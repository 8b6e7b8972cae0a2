package io.plotstream.connect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * A sink task context that records what the task asks of the runtime (pauses, reports) and offers real
 * plugin metrics. Public for the benchmarks that drive a task without a worker ({@code TaskDrainCpu}).
 */
public class RecordingTaskContext implements SinkTaskContext {
    final Set<TopicPartition> assignment = new HashSet<>();
    /** The partitions the task paused and has not resumed. */
    public final Set<TopicPartition> paused = new HashSet<>();
    final List<String> reported = new ArrayList<>();
    final Metrics metrics;
    private final PluginMetricsImpl pluginMetrics;
    private final Map<String, String> configs;

    public RecordingTaskContext(Map<String, String> configs, TopicPartition... assigned) {
        this(new Metrics(), configs, assigned);
    }

    /** A context whose plugin metrics live in {@code metrics}, as every task's do in one worker. */
    RecordingTaskContext(Metrics metrics, Map<String, String> configs, TopicPartition... assigned) {
        this.metrics = metrics;
        this.pluginMetrics = new PluginMetricsImpl(metrics, Map.of("connector", "test"));
        this.configs = configs;
        assignment.addAll(List.of(assigned));
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
    }

    /** The last timeout the task asked for; -1 when it never asked. */
    volatile long timeoutMs = -1;

    @Override
    public void timeout(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    @Override
    public void pause(TopicPartition... partitions) {
        paused.addAll(List.of(partitions));
    }

    @Override
    public void resume(TopicPartition... partitions) {
        List.of(partitions).forEach(paused::remove);
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return new ErrantRecordReporter() {
            @Override
            public Future<Void> report(SinkRecord record, Throwable error) {
                reported.add(error.getMessage());
                return CompletableFuture.completedFuture(null);
            }
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }
}
