package io.plotstream.connect;

import io.plotstream.offset.OffsetTracker;
import io.plotstream.offset.PendingRecord;
import io.plotstream.point.BadRecordException;
import io.plotstream.point.MappingResult;
import io.plotstream.point.Point;
import io.plotstream.point.PointMapper;
import io.plotstream.point.SeriesPoint;
import io.plotstream.route.TokenRouter;
import io.plotstream.stream.Delivery;
import io.plotstream.stream.StreamException;
import io.plotstream.stream.StreamRegistry;
import io.plotstream.stream.TokenStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps each record to points, routes them to tokens and hands them to the worker's token streams;
 * commits only what the streams confirmed delivered.
 *
 * <p>Backpressure: when a token's queue stays full for {@code plotly.queue.block.ms}, the records
 * not yet enqueued wait in a backlog (at most one poll's worth) and the task pauses its partitions;
 * later {@code put} calls drain the backlog first and resume consumption once it is empty. A
 * server that is down therefore stalls consumption without failing the task or growing the heap.
 */
public class PlotlyStreamSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(PlotlyStreamSinkTask.class);

    private PlotlyStreamSinkConfig config;
    private PointMapper mapper;
    private TokenRouter router;
    private TaskStreams streams;
    private BadRecords badRecords;
    private final TaskCounters counters = new TaskCounters();
    private AutoCloseable metrics;
    private final OffsetTracker tracker = new OffsetTracker();
    private final ArrayDeque<Routed> backlog = new ArrayDeque<>();
    private boolean paused;
    private long queueBlockMs;
    private long commitWaitMs;

    /** A record's routed points, and how many of them are already enqueued. */
    private static final class Routed {
        final TopicPartition partition;
        final PendingRecord pending;
        final List<String> tokens;
        final List<Point> points;
        int next;

        Routed(TopicPartition partition, PendingRecord pending, List<String> tokens, List<Point> points) {
            this.partition = partition;
            this.pending = pending;
            this.tokens = tokens;
            this.points = points;
        }
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new PlotlyStreamSinkConfig(props);
        mapper = new PointMapper(config.series(), config.mappingOptions());
        router = new TokenRouter(config.routingRules());
        streams = new TaskStreams(StreamRegistry.shared(), config.streamSettings());
        badRecords = new BadRecords(errantRecordReporter(), config.toleratesErrors());
        queueBlockMs = config.queueBlock().toMillis();
        // Two ack delays cover points flushed just before the commit; capped so a stalled server
        // never holds the task thread long.
        commitWaitMs = Math.min(2_000, 2 * config.streamSettings().ackDelay().toMillis() + 50);
        metrics = TaskMetrics.publish(context, counters, streams::stats, tracker::oldestPendingAgeMs);
        log.info("Plotly stream sink task started: {} series, streaming to {}", config.series().size(),
                config.streamSettings().serverUri());
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // runtime older than Kafka 2.6: bad records fail the task
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        throwIfStreamFailed();
        try {
            drainBacklog();
            for (SinkRecord record : records) {
                Routed routed = route(record);
                if (routed == null) {
                    continue;
                }
                if (!backlog.isEmpty() || !enqueue(routed, queueBlockMs)) {
                    backlog.addLast(routed); // keep per-token order behind what already waits
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while handing points to the stream", e);
        }
        updatePause();
    }

    /** Maps and routes one record and starts tracking it; null when it produced nothing to send. */
    private Routed route(SinkRecord record) {
        TopicPartition tp = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
        long offset = record.originalKafkaOffset();
        if (tracker.isTracked(tp, offset)) {
            return null; // delivered again by the runtime; its points are already on their way
        }
        try {
            MappingResult result = mapper.map(record);
            counters.recordsSkipped.addAndGet(result.skipReasons().size());
            if (!result.skipReasons().isEmpty() && log.isDebugEnabled()) {
                log.debug("Skipped: {}", result.skipReasons());
            }
            List<String> tokens = new ArrayList<>(result.points().size());
            List<Point> points = new ArrayList<>(result.points().size());
            for (SeriesPoint seriesPoint : result.points()) {
                Optional<String> token = router.route(record, seriesPoint.series());
                if (token.isPresent()) {
                    tokens.add(token.get());
                    points.add(seriesPoint.point());
                } else if (config.failOnUnroutable()) {
                    throw new BadRecordException(Records.describe(record) + ": no stream token for series '"
                            + seriesPoint.series() + "': no routing rule matched");
                } else {
                    counters.recordsSkipped.incrementAndGet();
                }
            }
            return new Routed(tp, tracker.track(tp, offset, points.size()), tokens, points);
        } catch (BadRecordException e) {
            badRecords.handle(record, e.getMessage(), e);
            counters.recordsFailed.incrementAndGet();
            tracker.track(tp, offset, 0);
            return null;
        }
    }

    /** Enqueues the record's remaining points in order; false when a queue stayed full for {@code waitMs}. */
    private boolean enqueue(Routed routed, long waitMs) throws InterruptedException {
        while (routed.next < routed.points.size()) {
            TokenStream stream = streams.streamFor(routed.tokens.get(routed.next), routed.partition);
            if (!stream.offer(routed.points.get(routed.next), deliveryOf(routed.pending), waitMs, TimeUnit.MILLISECONDS)) {
                return false;
            }
            routed.next++;
            counters.pointsEnqueued.incrementAndGet();
        }
        return true;
    }

    private static Delivery deliveryOf(PendingRecord pending) {
        return new Delivery() {
            @Override
            public void delivered() {
                pending.pointDelivered();
            }

            @Override
            public void failed(StreamException cause) {
                // The stream keeps the failure; put() fails the task with it. The record stays
                // undelivered, so its offset is never committed.
            }
        };
    }

    private void drainBacklog() throws InterruptedException {
        while (!backlog.isEmpty()) {
            if (!enqueue(backlog.peekFirst(), queueBlockMs)) {
                return;
            }
            backlog.pollFirst();
        }
    }

    private void updatePause() {
        if (!backlog.isEmpty() && !paused) {
            paused = true;
            context.pause(context.assignment().toArray(new TopicPartition[0]));
            log.info("Stream queues are full ({} records waiting): pausing consumption until they drain", backlog.size());
        } else if (backlog.isEmpty() && paused) {
            paused = false;
            context.resume(context.assignment().toArray(new TopicPartition[0]));
            log.info("Stream queues drained: resuming consumption");
        }
    }

    private void awaitInFlight(long maxWaitMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMs);
        try {
            while (tracker.pending() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void throwIfStreamFailed() {
        Optional<StreamException> failure = streams.failure();
        if (failure.isPresent()) {
            throw new ConnectException("The plot server ended a stream for good: " + failure.get().getMessage(),
                    failure.get());
        }
    }

    /**
     * Also called right before partitions are revoked or the task stops: waiting a moment for the
     * points in flight (they are confirmed within about one ack delay on a healthy stream) lets
     * that last commit cover them, so the task that takes the partitions over re-sends less.
     * The wait is bounded and ends as soon as nothing is pending.
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        awaitInFlight(commitWaitMs);
        Map<TopicPartition, OffsetAndMetadata> committable = tracker.committable();
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committable.entrySet()) {
            if (currentOffsets.containsKey(entry.getKey())) {
                result.put(entry.getKey(), entry.getValue());
            }
        }
        return result;
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (paused) {
            context.pause(partitions.toArray(new TopicPartition[0])); // join the pause until the backlog drains
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        tracker.forget(partitions);
        backlog.removeIf(routed -> partitions.contains(routed.partition));
        streams.release(partitions);
    }

    @Override
    public void stop() {
        if (streams != null) {
            streams.releaseAll();
        }
        if (metrics != null) {
            try {
                metrics.close();
            } catch (Exception e) {
                log.debug("Removing task metrics failed", e);
            }
        }
        backlog.clear();
    }
}
