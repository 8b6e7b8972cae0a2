package io.plotstream.server.log.redis;

import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.OperationLogContract;
import io.plotstream.testing.RedisServerProcess;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The shared {@link OperationLog} contract on the Redis engine, a fresh redis-server per test. */
class RedisLogContractTest extends OperationLogContract {
    @TempDir
    Path redisDir;

    private RedisServerProcess redis;

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.start(redisDir);
    }

    @AfterEach
    void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected OperationLog openUnrecovered() throws Exception {
        return RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of()));
    }
}
