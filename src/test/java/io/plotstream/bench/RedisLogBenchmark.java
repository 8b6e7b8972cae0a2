package io.plotstream.bench;

import io.plotstream.server.log.LogHealth;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.redis.RedisLog;
import io.plotstream.server.log.redis.RedisLogOptions;
import io.plotstream.testing.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The Redis engine ({@link RedisLog}) against a local redis-server started for the trial (AOF under
 * {@code target/}, on the real disk), with {@code appendfsync} {@code always} or {@code everysec}:
 * acknowledged appends of 200-byte records per second. The same shapes as
 * {@link OperationLogBenchmark}: {@code durableN} = N threads each waiting for every append,
 * {@code pipelined1} = one thread with up to 256 appends in flight. Each thread checkpoints its plot
 * every 1,000 appends (trimming its stream), as a running server does.
 *
 * <p>Run: {@code mvn -B -o -q -Pbench test-compile exec:exec -Dbench.args="RedisLogBenchmark -f1 -wi 1 -i 2 -w 3s -r 4s"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisLogBenchmark {
    private static final int RECORD_BYTES = 200;
    private static final int IN_FLIGHT = 256;

    @Param({"always", "everysec"})
    public String appendfsync;

    private Path dir;
    private RedisServerProcess redis;
    private RedisLog log;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path target = Path.of("target");
        Files.createDirectories(target);
        dir = Files.createTempDirectory(target, "redis-bench");
        redis = RedisServerProcess.start(dir, List.of("--appendfsync", appendfsync));
        log = RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of()));
        log.recover(plot -> OperationLog.NONE, (plot, position, record) -> { });
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        LogHealth health = log.health();
        log.close();
        redis.close();
        System.out.printf("%n[redis log, appendfsync %s] %d appends, %d failures, redis used_memory %d bytes%n",
                appendfsync, health.appends(), health.failures(), health.bytesUsed());
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (IOException e) {
            System.out.println("could not delete " + dir + ": " + e);
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
