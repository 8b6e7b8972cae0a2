package io.plotstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A server process the tests start on a loopback port (redis-server today; haproxy and plot-server
 * JVMs next): its output goes to a file, it can be killed hard ({@code kill -9}), frozen
 * ({@code SIGSTOP}) and thawed, and every wait is on a condition with a deadline.
 */
public final class LocalProcess implements AutoCloseable {
    private static final long DEADLINE_NANOS = 20_000_000_000L;

    private final String name;
    private final List<String> command;
    private final Path output;
    private Process process;

    private LocalProcess(String name, List<String> command, Path output) {
        this.name = name;
        this.command = List.copyOf(command);
        this.output = output;
    }

    /** Starts {@code command}, its stdout and stderr appended to {@code output}. */
    public static LocalProcess start(String name, List<String> command, Path output) throws IOException {
        LocalProcess started = new LocalProcess(name, command, output);
        started.launch();
        return started;
    }

    private void launch() throws IOException {
        Files.createDirectories(output.toAbsolutePath().getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
    }

    /** Starts the same command again (after {@link #kill}): same port, same files. */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running; kill it first");
        }
        launch();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, then waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGSTOP: the process keeps its sockets open but answers nothing. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze}. */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("kill -" + signal + " " + pid() + " (" + name + ") exited with " + exit);
        }
    }

    /** Waits until {@code ready} holds; fails naming the process and its output file if it died or took 20 s. */
    public void awaitReady(String what, BooleanSupplier ready) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before " + what
                        + "; see " + output);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 20 s for " + name + ": " + what + "; see " + output);
            }
            Thread.sleep(10);
        }
    }

    /** A loopback port free now (the OS picks it; a race with another process is possible but unlikely). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether something accepts TCP connections on the loopback port. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
