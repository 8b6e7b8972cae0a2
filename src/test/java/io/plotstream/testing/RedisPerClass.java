package io.plotstream.testing;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.plotstream.server.log.redis.RedisLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * For tests of the Redis engine: one real redis-server per test class (skipped with a message where
 * none is installed), emptied before each test, a plain connection to look at its keys, and every
 * {@link RedisLog} a test {@link #opened} closed after it. Test classes run one after another, so the
 * class-wide fields belong to the class running.
 */
public abstract class RedisPerClass {

    @TempDir
    protected static Path redisDir;

    protected static RedisServerProcess redis;
    private static RedisClient inspector;
    private static StatefulRedisConnection<String, String> inspection;

    private final List<RedisLog> opened = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start(redisDir);
        inspector = RedisClient.create(redis.uri());
        inspection = inspector.connect();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (inspection != null) {
            inspection.close();
            inspector.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void emptyRedis() {
        keys().flushall();
    }

    @AfterEach
    void closeOpened() {
        opened.forEach(RedisLog::close); // closes their tails too
    }

    /** Redis's keys, read and written directly (not through the engine). */
    protected static RedisCommands<String, String> keys() {
        return inspection.sync();
    }

    /** Closes {@code log} after the test. */
    protected RedisLog opened(RedisLog log) {
        opened.add(log);
        return log;
    }
}
