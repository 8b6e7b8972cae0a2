package io.plotstream.bench;

import io.plotstream.server.log.OperationLog;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * The append shapes every operation-log engine is measured with, so the engines' numbers compare
 * like for like: {@code durableN} = N threads, each appending one 200-byte record and waiting for it
 * before the next (the worst case: one plot's ingest waiting on every line); {@code pipelined1} = one
 * thread keeping up to 256 appends in flight, as an ingest thread that acknowledges asynchronously
 * does. Each thread checkpoints its plot every 1,000 appends, so the engine deletes or trims as in a
 * running server. A subclass opens its engine into {@link #log} in its own trial set-up and closes it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public abstract class LogAppendBenchmark {
    static final int RECORD_BYTES = 200;
    static final int IN_FLIGHT = 256;

    /** The engine under measure, opened and recovered by the subclass's trial set-up. */
    protected OperationLog log;

    /** One appending thread: its own plot and its pipeline of futures. */
    @State(Scope.Thread)
    public static class Writer {
        private static final AtomicInteger THREADS = new AtomicInteger();
        final byte[] record = new byte[RECORD_BYTES];
        final ArrayDeque<CompletableFuture<Long>> inFlight = new ArrayDeque<>(IN_FLIGHT);
        String plot;
        long appended;

        @Setup(Level.Trial)
        public void name() {
            plot = "plot-" + THREADS.getAndIncrement();
        }

        @TearDown(Level.Trial)
        public void drain() {
            inFlight.forEach(CompletableFuture::join);
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

    @Benchmark
    @Threads(1)
    public long pipelined1(Writer w) {
        long position = w.inFlight.size() < IN_FLIGHT ? OperationLog.NONE : w.inFlight.poll().join();
        w.inFlight.add(log.append(w.plot, w.record));
        if (++w.appended % 1000 == 0 && position != OperationLog.NONE) {
            log.checkpointed(w.plot, position);
        }
        return position;
    }
}
