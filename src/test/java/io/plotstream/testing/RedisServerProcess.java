package io.plotstream.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real {@code redis-server} on a free loopback port, persisting to an append-only file in its own
 * directory with {@code appendfsync always} (an answered write is on disk), no RDB snapshots. Kill it
 * with {@link #kill} and {@link #restart} it on the same port and directory: it reloads the AOF.
 * Skips the calling test when Redis is not installed, as the browser tests do without Chromium.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final Path[] CANDIDATES = {Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server")};

    private final int port;
    private final Path dir;
    private final LocalProcess process;

    private RedisServerProcess(int port, Path dir, LocalProcess process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** Starts Redis with its files in {@code dir}, or skips the test when redis-server is missing. */
    public static RedisServerProcess start(Path dir) throws IOException, InterruptedException {
        return start(dir, List.of());
    }

    /** As {@link #start(Path)}, with more redis-server arguments (e.g. {@code --requirepass secret}). */
    public static RedisServerProcess start(Path dir, List<String> moreArguments) throws IOException, InterruptedException {
        Path binary = null;
        for (Path candidate : CANDIDATES) {
            if (Files.isExecutable(candidate)) {
                binary = candidate;
            }
        }
        assumeTrue(binary != null,
                "Redis engine tests need a redis-server: install Debian's redis-server (apt-get install redis-server)");
        Files.createDirectories(dir);
        int port = LocalProcess.freePort();
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString(),
                "--daemonize", "no", "--protected-mode", "yes"));
        command.addAll(moreArguments);
        RedisServerProcess redis = new RedisServerProcess(port, dir,
                LocalProcess.start("redis-server on port " + port, command, dir.resolve("redis.out")));
        redis.awaitReady();
        return redis;
    }

    private void awaitReady() throws InterruptedException {
        process.awaitReady("answering PING on port " + port, this::answersPing);
    }

    /** Whether Redis answers PING now (loaded its AOF and accepts commands, or asks for the password). */
    public boolean answersPing() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int n = in.readNBytes(reply, 0, 7);
            String answer = new String(reply, 0, n, StandardCharsets.US_ASCII);
            return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH"); // up, and wants a password
        } catch (IOException e) {
            return false;
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    /** kill -9: Redis gets no chance to flush anything more. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** Starts Redis again on the same port and directory and waits until it answers (AOF reloaded). */
    public void restart() throws IOException, InterruptedException {
        process.restart();
        awaitReady();
    }

    public void freeze() throws IOException, InterruptedException {
        process.freeze();
    }

    public void thaw() throws IOException, InterruptedException {
        process.thaw();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
