package io.plotstream.bench;

import io.plotstream.testing.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A harness's scratch directory under the system's temp directory, deleted with all it holds on
 * close, and the redis-server the Redis-engine harnesses run against in it ({@code dir/redis}, AOF
 * {@code appendfsync everysec} as docker/cluster runs it), stopped on close before the delete.
 */
final class Scratch implements AutoCloseable {
    final Path dir;
    private final RedisServerProcess redis;

    private Scratch(Path dir, RedisServerProcess redis) {
        this.dir = dir;
        this.redis = redis;
    }

    /** A fresh directory named {@code prefix…} with a redis-server running in it. */
    static Scratch withRedis(String prefix) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(prefix);
        try {
            return new Scratch(dir, RedisServerProcess.start(dir.resolve("redis"), List.of("--appendfsync", "everysec")));
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    RedisServerProcess redis() {
        return redis;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            redis.close();
        } finally {
            deleteTree(dir);
        }
    }

    /** Deletes {@code dir} and everything below it, deepest first. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
