package io.plotstream.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A cluster of plot servers as users run it: N {@code java -jar target/plot-server.jar} processes on
 * one shared engine ({@code --engine redis://...}), each with its own {@code --node-id}, loopback
 * port and data directory, so a test can {@code kill -9} one node and start it again where it was.
 * Every wait is on a condition with a deadline (a JVM start on a busy 2-core machine takes seconds),
 * and a failure names the node's output file.
 */
public final class PlotServerNodes implements AutoCloseable {
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final List<Node> nodes;

    private PlotServerNodes(List<Node> nodes) {
        this.nodes = nodes;
    }

    /**
     * Starts {@code count} nodes on {@code engine} (e.g. {@code redis://127.0.0.1:6379}) with their
     * files under {@code work/node<i>}, all JVMs at once, then waits until each answers /healthz 200.
     *
     * @param moreArguments further server arguments for every node (e.g. {@code --open})
     */
    public static PlotServerNodes start(Path work, String engine, int count, List<String> moreArguments)
            throws IOException, InterruptedException {
        Path jar = Path.of("target", "plot-server.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package first (the ITs run after it)");
        }
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                Node node = new Node("node" + i, jar, work.resolve("node" + i), engine, moreArguments);
                nodes.add(node);
                node.launch();
            }
            for (Node node : nodes) {
                node.awaitHealthy();
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            for (Node node : nodes) {
                node.close();
            }
            throw e;
        }
        return new PlotServerNodes(List.copyOf(nodes));
    }

    /** The node with 1-based number {@code number} (node1 is {@code node(1)}). */
    public Node node(int number) {
        return nodes.get(number - 1);
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<Integer> ports() {
        return nodes.stream().map(Node::port).toList();
    }

    /** The node listening on {@code port}, e.g. the one HAProxy sent a connection to. */
    public Node byPort(int port) {
        return nodes.stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node on port " + port));
    }

    @Override
    public void close() throws InterruptedException {
        for (Node node : nodes) {
            node.close();
        }
    }

    /** One plot-server JVM. */
    public static final class Node implements AutoCloseable {
        private final String id;
        private final int port;
        private final Path output;
        private final List<String> command;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        private LocalProcess process;

        private Node(String id, Path jar, Path dir, String engine, List<String> moreArguments) throws IOException {
            this.id = id;
            this.port = LocalProcess.freePort();
            this.output = dir.resolve("server.log");
            Path data = Files.createDirectories(dir.resolve("data"));
            Path plots = Files.createDirectories(dir.resolve("no-plots"));
            Path dashboards = Files.createDirectories(dir.resolve("no-dashboards"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> args = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(),
                    "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--data-dir", data.toString(), "--plots-dir", plots.toString(),
                    "--dashboards-dir", dashboards.toString(),
                    "--engine", engine, "--node-id", id));
            args.addAll(moreArguments);
            this.command = List.copyOf(args);
        }

        private void launch() throws IOException {
            if (process == null) {
                process = LocalProcess.start(id + " on port " + port, command, output);
            } else {
                process.restart();
            }
        }

        public String id() {
            return id;
        }

        public int port() {
            return port;
        }

        public String url() {
            return "http://127.0.0.1:" + port;
        }

        public Path output() {
            return output;
        }

        public boolean isAlive() {
            return process != null && process.isAlive();
        }

        /** The JVM's process id (e.g. for its CPU time in /proc). */
        public long pid() {
            return process.pid();
        }

        /** {@code kill -9}: no shutdown hook runs; its sockets break at once. */
        public void kill() throws InterruptedException {
            process.kill();
        }

        /** Starts the same JVM again (same port, data directory and node id) and waits until it is healthy. */
        public void restart() throws IOException, InterruptedException {
            launch();
            awaitHealthy();
        }

        /** GET /healthz: its status code, or -1 when nothing answers. */
        public int healthStatus() {
            return health().statusCode;
        }

        /** GET /healthz: its body (the reason when 503), or the connection error. */
        public String healthBody() {
            return health().body;
        }

        private Health health() {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/healthz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                return new Health(response.statusCode(), response.body());
            } catch (IOException e) {
                return new Health(-1, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Health(-1, "interrupted");
            }
        }

        private record Health(int statusCode, String body) {
        }

        /** Waits until /healthz answers 200 (started, engine reachable). */
        public void awaitHealthy() throws InterruptedException {
            await("/healthz 200", START_DEADLINE, () -> healthStatus() == 200);
        }

        /** Waits until /healthz answers {@code status} (e.g. 503 while Redis is away). */
        public void awaitHealthStatus(int status) throws InterruptedException {
            await("/healthz " + status, DEADLINE, () -> healthStatus() == status);
        }

        /** Waits on {@code condition} while the JVM lives; fails naming this node and its output. */
        public void await(String what, Duration deadline, BooleanSupplier condition) throws InterruptedException {
            long end = System.nanoTime() + deadline.toNanos();
            while (!condition.getAsBoolean()) {
                if (!isAlive()) {
                    throw new AssertionError(id + " exited before " + what + "; see " + output);
                }
                if (System.nanoTime() > end) {
                    throw new AssertionError("waited " + deadline.toSeconds() + " s for " + id + ": " + what
                            + " (last /healthz: " + healthStatus() + " " + healthBody() + "); see " + output);
                }
                Thread.sleep(20);
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null) {
                process.close();
            }
        }
    }
}
