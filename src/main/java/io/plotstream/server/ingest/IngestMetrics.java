package io.plotstream.server.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the ingest side (LongAdders: written from every ingest thread without contention). */
public final class IngestMetrics {

    /** The label used for streams the client dropped without a clean close (no response possible). */
    public static final String ABORTED = "aborted";

    private final LongAdder lines = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder heartbeats = new LongAdder();
    private final LongAdder streamsOpened = new LongAdder();
    private final Map<String, LongAdder> streamEnds = new ConcurrentHashMap<>();
    private final LongAdder ackStreams = new LongAdder();
    private final LongAdder appendFailures = new LongAdder();
    private final LatencyHistogram durableLatency = new LatencyHistogram();

    void ackStreamOpened() {
        ackStreams.increment();
    }

    /** A chunk's lines became durable {@code nanos} after the chunk arrived (what an ack waits for). */
    void durable(long nanos) {
        durableLatency.record(nanos);
    }

    void appendFailed() {
        appendFailures.increment();
    }

    /** Streams that asked for acknowledgements. */
    public long ackStreams() {
        return ackStreams.sum();
    }

    /** Streams whose log append failed (each then ended with 503). */
    public long appendFailures() {
        return appendFailures.sum();
    }

    /** From a chunk's arrival to its lines being durable (acknowledged right then in ack mode). */
    public LatencyHistogram durableLatency() {
        return durableLatency;
    }

    void line() {
        lines.increment();
    }

    void bytes(long count) {
        bytes.add(count);
    }

    void heartbeat() {
        heartbeats.increment();
    }

    void streamOpened() {
        streamsOpened.increment();
    }

    void streamEnded(String status) {
        streamEnds.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    /** Lines that carried a write (heartbeats not included). */
    public long lines() {
        return lines.sum();
    }

    public long bytes() {
        return bytes.sum();
    }

    public long heartbeats() {
        return heartbeats.sum();
    }

    public long streamsOpened() {
        return streamsOpened.sum();
    }

    /** Stream ends by status code (or {@link #ABORTED}), in status order. */
    public Map<String, Long> streamEnds() {
        Map<String, Long> out = new TreeMap<>();
        streamEnds.forEach((status, count) -> out.put(status, count.sum()));
        return out;
    }
}
