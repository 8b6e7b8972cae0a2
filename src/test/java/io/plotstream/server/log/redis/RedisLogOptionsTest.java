package io.plotstream.server.log.redis;

import static io.plotstream.server.log.Recorded.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.Recorded;
import io.plotstream.testing.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's URI and password: what is accepted, what is refused with which words, and the password never shown. */
class RedisLogOptionsTest {
    private static final String SECRET = "correct-horse-battery";

    @TempDir
    Path redisDir;

    @Test
    void redisAndRedissUrisAreAcceptedAndNameTheirEndpoint() {
        assertThat(RedisLogOptions.of("redis://10.0.0.5:6380", Map.of()).endpoint()).isEqualTo("10.0.0.5:6380");
        assertThat(RedisLogOptions.of("rediss://cache.example.com", Map.of()).endpoint())
                .isEqualTo("cache.example.com:6379");
        assertThat(RedisLogOptions.of("redis://localhost:6379/2", Map.of()).password()).isNull();
    }

    @Test
    void otherSchemesAndUrisWithoutHostAreRefusedNamingWhatToWrite() {
        assertThatThrownBy(() -> RedisLogOptions.of("http://localhost:6379", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis:// or rediss://")
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> RedisLogOptions.of("redis:///0", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no host");
        assertThatThrownBy(() -> RedisLogOptions.of("redis://:%zz@x", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a URI");
    }

    @Test
    void aPasswordInTheUriIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> RedisLogOptions.of("redis://user:" + SECRET + "@localhost:6379", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(RedisLogOptions.PASSWORD_VARIABLE)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void thePasswordComesFromTheEnvironmentAndIsNeverPrinted() {
        RedisLogOptions options = RedisLogOptions.of("redis://localhost:6379",
                Map.of(RedisLogOptions.PASSWORD_VARIABLE, SECRET));
        assertThat(new String(options.password())).isEqualTo(SECRET);
        assertThat(options.toString()).doesNotContain(SECRET).contains("password=set");
        assertThat(RedisLogOptions.of("redis://localhost:6379", Map.of(RedisLogOptions.PASSWORD_VARIABLE, "")).password())
                .isNull();
    }

    @Test
    void aProtectedRedisOpensWithThePasswordFromTheEnvironmentAndRefusesWithoutIt() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start(redisDir, List.of("--requirepass", SECRET))) {
            assertThatThrownBy(() -> RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of())))
                    .isInstanceOf(IOException.class).hasMessageContaining("redis unreachable at 127.0.0.1:" + redis.port())
                    .hasMessageContaining("NOAUTH");
            try (RedisLog log = RedisLog.open(RedisLogOptions.of(redis.uri(),
                    Map.of(RedisLogOptions.PASSWORD_VARIABLE, SECRET)))) {
                log.recover(plot -> OperationLog.NONE, new Recorded());
                assertThat(log.append("p1", bytes("x")).get(5, TimeUnit.SECONDS)).isEqualTo(1);
            }
        }
    }
}
