package io.plotstream.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's {@code haproxy} as a process on loopback ports, in front of plot-server nodes, running
 * the deployment's own configuration ({@code docker/cluster/haproxy.cfg}) with only the addresses
 * rewritten ({@link #loopbackConfig}): the settings the cluster tests exercise are the settings the
 * compose file ships. A stats page on its own port tells which servers HAProxy's health checks see
 * as UP. Kill it with {@link #kill}, start it again with {@link #restart} (same ports, same file).
 * Skips the calling test when haproxy is not installed, as the browser tests do without Chromium.
 */
public final class HaproxyProcess implements AutoCloseable {
    /** The deployment's configuration, relative to the repository root (where Maven runs the tests). */
    public static final Path DEPLOYED_CONFIG = Path.of("docker", "cluster", "haproxy.cfg");
    private static final Path[] CANDIDATES = {Path.of("/usr/sbin/haproxy"), Path.of("/usr/local/sbin/haproxy"),
            Path.of("/usr/bin/haproxy"), Path.of("/usr/local/bin/haproxy")};
    private static final long DEADLINE_NANOS = 20_000_000_000L;

    private final int port;
    private final int statsPort;
    private final Path config;
    private final Path admin;
    private final LocalProcess process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private HaproxyProcess(int port, int statsPort, Path config, Path admin, LocalProcess process) {
        this.port = port;
        this.statsPort = statsPort;
        this.config = config;
        this.admin = admin;
        this.process = process;
    }

    /** The haproxy binary, or skips the calling test with what to install. */
    public static Path binary() {
        for (Path candidate : CANDIDATES) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        assumeTrue(false, "cluster tests need HAProxy: install haproxy (apt-get install haproxy)");
        throw new AssertionError("unreachable");
    }

    /**
     * Starts HAProxy with its config and output in {@code dir}, balancing over the plot-server
     * nodes on the given loopback ports (named node1, node2, ... in order), and waits until it
     * accepts connections. The health checks then take up to {@code rise} intervals to bring each
     * node UP: see {@link #awaitServerStatus}.
     */
    public static HaproxyProcess start(Path dir, List<Integer> nodePorts) throws IOException, InterruptedException {
        Path binary = binary();
        Files.createDirectories(dir);
        int port = LocalProcess.freePort();
        int statsPort = LocalProcess.freePort();
        Map<String, Integer> servers = new LinkedHashMap<>();
        for (int i = 0; i < nodePorts.size(); i++) {
            servers.put("node" + (i + 1), nodePorts.get(i));
        }
        Path config = dir.resolve("haproxy.cfg");
        Path admin = dir.resolve("admin.sock");
        Files.writeString(config, loopbackConfig(Files.readString(DEPLOYED_CONFIG), port, statsPort, servers)
                .replaceFirst("(?m)^global\n", "global\n    stats socket " + admin + " level admin\n"));
        check(binary, config, dir);
        HaproxyProcess haproxy = new HaproxyProcess(port, statsPort, config, admin, LocalProcess.start(
                "haproxy on port " + port, List.of(binary.toString(), "-db", "-f", config.toString()),
                dir.resolve("haproxy.out")));
        haproxy.awaitListening();
        return haproxy;
    }

    /** {@code haproxy -c}: fails with HAProxy's own words when the configuration does not parse. */
    private static void check(Path binary, Path config, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve("haproxy-check.out");
        Process check = new ProcessBuilder(binary.toString(), "-c", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (check.waitFor() != 0) {
            throw new AssertionError("haproxy -c rejects " + config + ":\n" + Files.readString(out));
        }
    }

    /**
     * The deployed configuration with its addresses moved to loopback: the frontend's {@code bind}
     * to {@code 127.0.0.1:port}, the backend's {@code server} lines replaced by one per entry of
     * {@code servers}, the Docker DNS resolver dropped (there is none outside Docker), and a stats
     * listener added. Every other line is kept as it is. Fails when the file no longer has the
     * shape these rewrites expect (one bind, at least one server line, a resolvers section), so a
     * change there cannot silently leave the tests on different settings.
     */
    public static String loopbackConfig(String deployed, int port, int statsPort, Map<String, Integer> servers) {
        List<String> out = new ArrayList<>();
        int binds = 0;
        int serverLines = 0;
        boolean resolvers = false;
        boolean inResolvers = false;
        for (String line : deployed.split("\n", -1)) {
            String trimmed = line.trim();
            if (!line.startsWith(" ") && !line.startsWith("\t") && !trimmed.isEmpty() && !trimmed.startsWith("#")) {
                inResolvers = trimmed.startsWith("resolvers ");
                resolvers |= inResolvers;
            }
            if (inResolvers) {
                continue;
            }
            if (trimmed.startsWith("bind ")) {
                binds++;
                out.add(indent(line) + "bind 127.0.0.1:" + port);
            } else if (trimmed.startsWith("server ")) {
                if (serverLines++ == 0) {
                    servers.forEach((name, serverPort) ->
                            out.add(indent(line) + "server " + name + " 127.0.0.1:" + serverPort + " check"));
                }
            } else if (trimmed.startsWith("default-server ") && trimmed.contains(" resolvers ")) {
                out.add(line.replaceAll("\\s+resolvers\\s+\\S+", ""));
            } else {
                out.add(line);
            }
        }
        if (binds != 1 || serverLines == 0 || !resolvers) {
            throw new IllegalArgumentException(DEPLOYED_CONFIG + " no longer has the shape the tests rewrite: "
                    + binds + " bind lines (want 1), " + serverLines + " server lines (want >= 1), "
                    + (resolvers ? "a" : "no") + " resolvers section (want one)");
        }
        out.add("");
        out.add("# added for the tests: which servers the health checks see UP (GET /stats;csv)");
        out.add("listen stats");
        out.add("    bind 127.0.0.1:" + statsPort);
        out.add("    stats enable");
        out.add("    stats uri /stats");
        out.add("");
        return String.join("\n", out);
    }

    private static String indent(String line) {
        return line.substring(0, line.length() - line.stripLeading().length());
    }

    /**
     * Ready once both ports accept and the admin socket is in place: HAProxy binds the socket file
     * under a temporary name and renames it, not necessarily before the ports listen (a test's
     * first command once found no such file).
     */
    private void awaitListening() throws InterruptedException {
        process.awaitReady("accepting on ports " + port + " and " + statsPort + " and at " + admin,
                () -> LocalProcess.accepts(port) && LocalProcess.accepts(statsPort) && adminAccepts());
    }

    private boolean adminAccepts() {
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(admin))) {
            return channel.isConnected();
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The balancer's own address, where writers and browsers connect. */
    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path config() {
        return config;
    }

    /** Server name (node1, ...) to HAProxy's view of it: "UP", "DOWN", "UP 1/2", "DOWN 1/2", "no check". */
    public Map<String, String> serverStatus() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + statsPort + "/stats;csv")).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("HAProxy stats answered " + response.statusCode());
        }
        Map<String, String> status = new LinkedHashMap<>();
        String[] lines = response.body().split("\n");
        List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(",", -1));
        int proxy = header.indexOf("pxname");
        int server = header.indexOf("svname");
        int state = header.indexOf("status");
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split(",", -1);
            if (fields.length > state && "nodes".equals(fields[proxy])
                    && !fields[server].equals("FRONTEND") && !fields[server].equals("BACKEND")) {
                status.put(fields[server], fields[state]);
            }
        }
        return status;
    }

    /** Waits until HAProxy's health checks put {@code server} in {@code wanted} ("UP" or "DOWN"). */
    public void awaitServerStatus(String server, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = serverStatus().get(server);
                if (wanted.equals(last)) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            if (!process.isAlive()) {
                throw new AssertionError("haproxy exited while waiting for " + server + " " + wanted);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("waited 20 s for HAProxy to see " + server + " " + wanted + "; last: " + last);
    }

    /**
     * Sets a server's administrative state over HAProxy's runtime API: "drain" (no new connections,
     * open ones stay), "maint" (out, open ones cut), "ready" (back). A test uses it to steer new
     * connections to one node deterministically, as an operator steers traffic before maintenance.
     */
    public void setServerState(String server, String state) throws IOException {
        String answer = command("set server nodes/" + server + " state " + state);
        if (!answer.isBlank()) {
            throw new IOException("HAProxy refused 'set server nodes/" + server + " state " + state + "': " + answer);
        }
    }

    /** One command on the admin socket (global {@code stats socket ... level admin}); returns the answer. */
    private String command(String line) throws IOException {
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                java.net.UnixDomainSocketAddress.of(admin))) {
            channel.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4096);
            while (channel.read(buffer) > 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    /** kill -9: every connection through the balancer breaks at once. */
    public void kill() throws InterruptedException {
        process.kill();
    }

    /** Starts HAProxy again on the same ports and configuration. */
    public void restart() throws IOException, InterruptedException {
        process.restart();
        awaitListening();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
