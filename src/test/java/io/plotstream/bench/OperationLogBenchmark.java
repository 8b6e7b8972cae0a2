package io.plotstream.bench;

import io.plotstream.server.log.LogHealth;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.SegmentLog;
import io.plotstream.server.log.SegmentLogOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The embedded operation log ({@link SegmentLog}) on the real disk (under {@code target/}, not
 * {@code /tmp}, which may be a tmpfs where a force costs nothing): durable appends of 200-byte
 * records per second. {@code durableN}: N threads, each appending one record and waiting for it to be
 * forced before the next (the worst case: one plot's ingest waiting on every line). {@code pipelined1}:
 * one thread keeping up to 256 appends in flight, as an ingest thread that acknowledges
 * asynchronously does. {@code rawWriteAndForce1}: the same bytes written and forced on a plain
 * channel, one force per record: the floor that {@code durable1} cannot beat. Each thread checkpoints its plot every 1,000 appends, so segments are deleted
 * as in a running server. The trial's appends per commit (the group-commit batch) is printed at the
 * end of each benchmark.
 *
 * <p>Run: {@code mvn -B -o -q -Pbench test-compile exec:exec -Dbench.args="OperationLog -f1 -wi 2 -i 3 -w 3s -r 5s"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OperationLogBenchmark {
    private static final int RECORD_BYTES = 200;
    private static final int IN_FLIGHT = 256;

    private Path dataDir;
    private SegmentLog log;
    private FileChannel raw;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path target = Path.of("target");
        Files.createDirectories(target);
        dataDir = Files.createTempDirectory(target, "oplog-bench");
        log = SegmentLog.open(dataDir, SegmentLogOptions.defaults());
        log.recover(plot -> OperationLog.NONE, (plot, position, record) -> { });
        raw = FileChannel.open(dataDir.resolve("raw"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        LogHealth health = log.health();
        log.close();
        raw.close();
        System.out.printf("%n[operation log] %d appends in %d commits: %.1f appends per force, %d failures, "
                + "%d bytes on disk at the end%n", health.appends(), health.commits(),
                health.appends() / (double) Math.max(1, health.commits()), health.failures(), health.bytesUsed());
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** One appending thread: its own plot and its pipeline of futures. */
    @State(Scope.Thread)
    public static class Writer {
        private static final AtomicInteger THREADS = new AtomicInteger();
        final byte[] record = new byte[RECORD_BYTES];
        @SuppressWarnings("unchecked")
        final CompletableFuture<Long>[] inFlight = new CompletableFuture[IN_FLIGHT];
        String plot;
        long appended;

        @Setup(Level.Trial)
        public void name() {
            plot = "plot-" + THREADS.getAndIncrement();
        }

        @TearDown(Level.Trial)
        public void drain() {
            for (CompletableFuture<Long> f : inFlight) {
                if (f != null) {
                    f.join();
                }
            }
        }
    }

    private long durable(Writer w) {
        long position = log.append(w.plot, w.record).join();
        if (++w.appended % 1000 == 0) {
            log.checkpointed(w.plot, position);
        }
        return position;
    }

    @Benchmark
    @Threads(1)
    public long durable1(Writer w) {
        return durable(w);
    }

    @Benchmark
    @Threads(4)
    public long durable4(Writer w) {
        return durable(w);
    }

    @Benchmark
    @Threads(16)
    public long durable16(Writer w) {
        return durable(w);
    }

    /** The floor under durable1: the same bytes written and forced by hand, no engine. */
    @Benchmark
    @Threads(1)
    public long rawWriteAndForce1(Writer w) throws IOException {
        if (raw.position() > 64L << 20) {
            raw.truncate(0);
        }
        raw.write(ByteBuffer.wrap(w.record, 0, RECORD_BYTES));
        raw.force(false);
        return raw.position();
    }

    @Benchmark
    @Threads(1)
    public long pipelined1(Writer w) {
        int slot = (int) (w.appended++ % IN_FLIGHT);
        CompletableFuture<Long> oldest = w.inFlight[slot];
        long position = oldest == null ? OperationLog.NONE : oldest.join();
        w.inFlight[slot] = log.append(w.plot, w.record);
        if (w.appended % 1000 == 0 && position != OperationLog.NONE) {
            log.checkpointed(w.plot, position);
        }
        return position;
    }
}
