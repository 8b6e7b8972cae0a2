package io.plotstream.server.log.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.OperationLogContract;
import io.plotstream.testing.RedisServerProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
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

    @Override
    protected int maxRecordBytes() {
        return RedisLog.MAX_RECORD_BYTES;
    }

    /** Redis positions mean the same on every node: a plot's are 1, 2, 3, … */
    @Override
    protected void assertPositionsOfOnePlot(List<Long> positions, int appends) {
        assertThat(positions).containsExactlyElementsOf(
                LongStream.rangeClosed(1, appends).boxed().collect(Collectors.toList()));
    }
}
