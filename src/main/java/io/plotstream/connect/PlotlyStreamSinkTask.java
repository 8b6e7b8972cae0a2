package io.plotstream.connect;

import io.plotstream.offset.OffsetTracker;
import io.plotstream.offset.PendingRecord;
import io.plotstream.point.BadRecordException;
import io.plotstream.point.MappingResult;
import io.plotstream.point.Point;
import io.plotstream.point.PointMapper;
import io.plotstream.point.RecordCoordinates;
import io.plotstream.point.SeriesPoint;
import io.plotstream.route.TokenRouter;
import io.plotstream.stream.ByteBudget;
import io.plotstream.stream.StreamException;
import io.plotstream.stream.StreamRegistry;
import io.plotstream.stream.TokenStream;
import java.time.Duration;
import java.util.ArrayDeque;
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
 * <p>Hand-off: a {@code put()} hands each token all its points of the call as one batch with one
 * delivery callback ({@link Dispatch}), so tasks sharing a token meet once per batch, not per point.
 *
 * <p>Backpressure: every batch the task hands to any token is charged to the task's one
 * {@link ByteBudget} ({@code plotly.queue.max.bytes}) until it is confirmed, so the task's heap is
 * bounded however many tokens it feeds. When the budget stays full for {@code plotly.queue.block.ms},
 * the records not yet handed over wait in a backlog (at most one poll's worth) and the task pauses
 * its partitions. While paused it asks the runtime to call {@code put()} again within
 * {@value #PAUSED_PUT_INTERVAL_MS} ms ({@code context.timeout}): a paused consumer's poll would
 * otherwise block until the next offset commit, and the backlog would wait that long after the
 * server came back. Each of those calls drains the backlog first and resumes consumption once it is
 * empty. A server that is down therefore stalls consumption without failing the task or growing the heap.
 */
public class PlotlyStreamSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(PlotlyStreamSinkTask.class);
    /** While paused, how soon the runtime calls put() again (its poll waits at most this long). */
    static final long PAUSED_PUT_INTERVAL_MS = 100;
    /** Offsets are tracked and committed at the coordinates the runtime consumed the record at. */
    private static final RecordCoordinates COORDINATES = RecordCoordinates.RUNTIME;

    private PlotlyStreamSinkConfig config;
    private PointMapper mapper;
    private TokenRouter router;
    private TaskStreams streams;
    private BadRecords badRecords;
    private final TaskCounters counters = new TaskCounters();
    private AutoCloseable metrics;
    private final OffsetTracker tracker = new OffsetTracker();
    private final ArrayDeque<Dispatch.Routed> backlog = new ArrayDeque<>();
    private boolean paused;
    private TopicPartition lastPartition;
    private long queueBlockMs;
    /** What this task's points not yet confirmed may hold, over every token it feeds. */
    private ByteBudget budget;
    private Duration commitWait;

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
        budget = new ByteBudget(config.queueMaxBytes());
        // Two ack delays cover points flushed just before the commit; capped so a stalled server
        // never holds the task thread long.
        commitWait = Duration.ofMillis(Math.min(2_000, 2 * config.streamSettings().ackDelay().toMillis() + 50));
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
        RuntimeException badRecord = null;
        long arrivedNanos = tracker.now(); // one clock reading for the whole put: its records arrived together
        for (SinkRecord record : records) {
            Dispatch.Routed routed;
            try {
                routed = route(record, arrivedNanos);
            } catch (RuntimeException e) {
                badRecord = e; // a bad record that fails the task: the good ones before it still go out
                break;
            }
            if (routed != null) {
                backlog.addLast(routed); // behind what already waits, so each token keeps record order
            }
        }
        try {
            handOff();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while handing points to the stream", e);
        }
        tracker.publishOldest();
        updatePause();
        if (badRecord != null) {
            throw badRecord;
        }
    }

    /** Maps and routes one record and starts tracking it; null when it produced nothing to send. */
    private Dispatch.Routed route(SinkRecord record, long arrivedNanos) {
        TopicPartition tp = partitionOf(record);
        long offset = COORDINATES.offset(record);
        if (tracker.isTracked(tp, offset)) {
            return null; // delivered again by the runtime; its points are already on their way
        }
        try {
            MappingResult result = mapper.map(record);
            if (!result.skipReasons().isEmpty()) { // no atomic add of 0 per record
                counters.recordsSkipped.addAndGet(result.skipReasons().size());
                if (log.isDebugEnabled()) {
                    log.debug("Skipped: {}", result.skipReasons());
                }
            }
            List<SeriesPoint> mapped = result.points();
            String[] tokens = new String[mapped.size()];
            Point[] points = new Point[mapped.size()];
            int n = 0;
            for (int i = 0; i < mapped.size(); i++) { // indexed: no iterator per record
                SeriesPoint seriesPoint = mapped.get(i);
                Optional<String> token = router.route(record, seriesPoint.series());
                if (token.isPresent()) {
                    tokens[n] = token.get();
                    points[n++] = seriesPoint.point();
                } else if (config.failOnUnroutable()) {
                    throw new BadRecordException(Records.describe(record) + ": no stream token for series '"
                            + seriesPoint.series() + "': no routing rule matched");
                } else {
                    counters.recordsSkipped.incrementAndGet();
                }
            }
            if (n < tokens.length) {
                tokens = java.util.Arrays.copyOf(tokens, n);
                points = java.util.Arrays.copyOf(points, n);
            }
            PendingRecord pending = tracker.track(tp, offset, Dispatch.Routed.parts(tokens), arrivedNanos);
            return n == 0 ? null : new Dispatch.Routed(tp, pending, tokens, points);
        } catch (BadRecordException e) {
            badRecords.handle(record, e.getMessage(), e);
            counters.recordsFailed.incrementAndGet();
            tracker.track(tp, offset, 0, arrivedNanos);
            return null;
        }
    }

    /** The record's original partition; consecutive records mostly share one, so it is reused. */
    private TopicPartition partitionOf(SinkRecord record) {
        TopicPartition last = lastPartition;
        int partition = COORDINATES.partition(record);
        String topic = COORDINATES.topic(record);
        if (last == null || last.partition() != partition || !last.topic().equals(topic)) {
            last = new TopicPartition(topic, partition);
            lastPartition = last;
        }
        return last;
    }

    /**
     * Hands every token its waiting points as one batch. A token whose buffer stays full until the
     * shared deadline keeps its points in the backlog; the others go on.
     */
    private void handOff() throws InterruptedException {
        if (backlog.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(queueBlockMs);
        for (Dispatch.TokenBatch batch : Dispatch.byToken(backlog).values()) {
            TokenStream stream = streams.streamFor(batch.token, batch.partitions);
            long waitNanos = Math.max(0, deadline - System.nanoTime());
            if (stream.offer(batch.points, batch.delivery(counters), budget, waitNanos, TimeUnit.NANOSECONDS)) {
                batch.markSent();
                counters.pointsEnqueued.addAndGet(batch.points.size());
            }
        }
        backlog.removeIf(routed -> routed.unsent == 0);
    }

    private void updatePause() {
        if (!backlog.isEmpty() && !paused) {
            paused = true;
            context.pause(context.assignment().toArray(new TopicPartition[0]));
            log.info("The task's points not yet confirmed fill plotly.queue.max.bytes ({} records waiting): "
                    + "pausing consumption until its streams drain", backlog.size());
        } else if (backlog.isEmpty() && paused) {
            paused = false;
            context.resume(context.assignment().toArray(new TopicPartition[0]));
            log.info("Room in plotly.queue.max.bytes again: resuming consumption");
        }
        if (paused) {
            context.timeout(PAUSED_PUT_INTERVAL_MS); // the runtime resets it after each poll
        }
        counters.recordsWaiting.set(backlog.size());
    }

    private void awaitInFlight() {
        try {
            tracker.awaitDelivered(commitWait);
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
        awaitInFlight();
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
        counters.recordsWaiting.set(backlog.size());
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
