package io.plotstream.bench;

import io.plotstream.server.log.LogHealth;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.redis.RedisLog;
import io.plotstream.server.log.redis.RedisLogOptions;
import io.plotstream.testing.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Redis engine ({@link RedisLog}) against a local redis-server started for the trial (AOF under
 * {@code target/}, on the real disk), with {@code appendfsync} {@code always} or {@code everysec}:
 * acknowledged appends of 200-byte records per second, in the same shapes as
 * {@link OperationLogBenchmark} (both from {@link LogAppendBenchmark}): {@code durableN} = N threads
 * each waiting for every append, {@code pipelined1} = one thread with up to 256 appends in flight.
 * Each thread checkpoints its plot every 1,000 appends (trimming its stream), as a running server does.
 *
 * <p>Run: {@code mvn -B -o -q -Pbench test-compile exec:exec -Dbench.args="RedisLogBenchmark -f1 -wi 1 -i 2 -w 3s -r 4s"}
 */
public class RedisLogBenchmark extends LogAppendBenchmark {
    @Param({"always", "everysec"})
    public String appendfsync;

    private Path dir;
    private RedisServerProcess redis;

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
        try {
            Scratch.deleteTree(dir);
        } catch (IOException e) {
            System.out.println("could not delete " + dir + ": " + e);
        }
    }
}
