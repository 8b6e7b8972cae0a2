package io.plotstream.bench;

import io.plotstream.server.log.LogHealth;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.SegmentLog;
import io.plotstream.server.log.SegmentLogOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The embedded operation log ({@link SegmentLog}): durable appends of 200-byte records per second,
 * in the shapes of {@link LogAppendBenchmark} ({@code durable1/4/16}, {@code pipelined1}), plus
 * {@code rawWriteAndForce1}: the same bytes written and forced on a plain channel, one force per
 * record: the floor {@code durable1} cannot beat. The trial's appends per force (the group-commit
 * batch) is printed at its end. The log lives under {@code target/} (the real disk; {@code /tmp} may
 * be a tmpfs where a force costs nothing), or with {@code -p where=shm} on {@code /dev/shm} to
 * measure the engine's own ceiling.
 *
 * <p>Run: {@code mvn -B -o -q -Pbench test-compile exec:exec -Dbench.args="OperationLog -f1 -wi 2 -i 4 -w 3s -r 5s"}
 */
public class OperationLogBenchmark extends LogAppendBenchmark {
    /**
     * Where the log lives: {@code target} (the real disk) or {@code shm} ({@code /dev/shm}, a tmpfs
     * where a force costs nothing: the engine's own ceiling, CPU and hand-offs only).
     */
    @Param({"target"})
    public String where;

    private Path dataDir;
    private FileChannel raw;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path target = "shm".equals(where) ? Path.of("/dev/shm") : Path.of("target");
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
        Scratch.deleteTree(dataDir);
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
}
