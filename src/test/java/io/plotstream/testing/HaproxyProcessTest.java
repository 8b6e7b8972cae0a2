package io.plotstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.plotstream.server.ServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load balancer's settings (docker/cluster/haproxy.cfg) are the ones a live stream and a viewer
 * WebSocket need, the tests run exactly those settings, and a real HAProxy behaves as the README
 * says with them: chunks are forwarded as they come (no buffering) and a node whose /healthz fails
 * leaves the rotation. The nodes here are tiny JDK HTTP servers, so this needs no plot server build.
 */
class HaproxyProcessTest {
    private static final Pattern TIMEOUT = Pattern.compile("^\\s*timeout (\\S+) (\\d+)(ms|s|m|h)\\s*$", Pattern.MULTILINE);

    @TempDir
    Path dir;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    @Test
    void deployedConfigHasWhatAStreamAndAWebSocketNeed() throws IOException {
        String config = Files.readString(HaproxyProcess.DEPLOYED_CONFIG);
        List<String> lines = settings(config);
        assertThat(lines).contains("mode http", "balance leastconn", "option redispatch", "option httpchk GET /healthz",
                "http-check expect status 200", "timeout tunnel 1h", "timeout http-request 10s");
        assertThat(lines).anyMatch(l -> l.matches("retries [1-9]"));
        assertThat(lines).anyMatch(l -> l.startsWith("default-server ") && l.contains("inter 1s fall 2 rise 2"));
        assertThat(lines).as("keep-alive, whole-body streaming, coupled timeouts")
                .noneMatch(l -> l.matches("option (http-server-close|httpclose|forceclose|http-buffer-request|independent-streams)"));

        Duration idle = ServerConfig.IDLE_TIMEOUT.defaultValue();
        assertThat(timeout(config, "client")).as("a writer may be quiet up to the server's idle timeout").isGreaterThan(idle);
        assertThat(timeout(config, "server")).as("the server may send nothing for as long").isGreaterThan(idle);
        assertThat(timeout(config, "http-request")).as("headers only, like --header-timeout")
                .isEqualTo(ServerConfig.HEADER_TIMEOUT.defaultValue());
    }

    @Test
    void loopbackConfigChangesOnlyTheAddresses() throws IOException {
        String deployed = Files.readString(HaproxyProcess.DEPLOYED_CONFIG);
        String loopback = HaproxyProcess.loopbackConfig(deployed, 18080, 18081, Map.of("node1", 19001));

        assertThat(settings(loopback)).contains("bind 127.0.0.1:18080", "server node1 127.0.0.1:19001 check")
                .noneMatch(l -> l.contains("resolvers") || l.contains("node2") || l.equals("bind :8080"));
        List<String> deployedSettings = settings(deployed).stream().filter(HaproxyProcessTest::notAnAddress)
                .map(l -> l.replaceAll("\\s+resolvers\\s+\\S+", "")).collect(Collectors.toList());
        List<String> loopbackSettings = settings(loopback.substring(0, loopback.indexOf("listen stats")))
                .stream().filter(HaproxyProcessTest::notAnAddress).collect(Collectors.toList());
        assertThat(loopbackSettings).isEqualTo(deployedSettings);
    }

    @Test
    void forwardsEachChunkOfAStreamAsItComes() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        Node node = node(received);
        HaproxyProcess haproxy = haproxy(List.of(node.port()));

        try (Socket writer = new Socket(InetAddress.getLoopbackAddress(), haproxy.port())) {
            OutputStream out = writer.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: t\r\n\r\n"
                    + "b\r\n{\"y\":1.0}\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(received.poll(10, TimeUnit.SECONDS)).as("the first line reached the node, the request still open")
                    .isEqualTo("{\"y\":1.0}");
            out.write("b\r\n{\"y\":2.0}\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"y\":2.0}");
        }
    }

    @Test
    void nodeFailingItsHealthCheckLeavesTheRotationAndComesBack() throws Exception {
        Node first = node(new LinkedBlockingQueue<>());
        Node second = node(new LinkedBlockingQueue<>());
        HaproxyProcess haproxy = haproxy(List.of(first.port(), second.port()));
        haproxy.awaitServerStatus("node1", "UP");
        haproxy.awaitServerStatus("node2", "UP");

        second.health = 503;
        haproxy.awaitServerStatus("node2", "DOWN");
        for (int i = 0; i < 10; i++) {
            assertThat(get(haproxy, "/who")).as("request %d after node2 went down", i).isEqualTo("node on " + first.port());
        }
        second.health = 200;
        haproxy.awaitServerStatus("node2", "UP");
        assertThat(haproxy.serverStatus()).containsEntry("node1", "UP");
    }

    @Test
    void aDrainedNodeGetsNoNewConnectionsUntilReady() throws Exception {
        Node first = node(new LinkedBlockingQueue<>());
        Node second = node(new LinkedBlockingQueue<>());
        HaproxyProcess haproxy = haproxy(List.of(first.port(), second.port()));
        haproxy.setServerState("node1", "drain");
        for (int i = 0; i < 6; i++) {
            assertThat(get(haproxy, "/who")).isEqualTo("node on " + second.port());
        }
        haproxy.setServerState("node1", "ready");
        haproxy.setServerState("node2", "drain");
        assertThat(get(haproxy, "/who")).isEqualTo("node on " + first.port());
    }

    @Test
    void aKilledBalancerRestartsOnTheSamePort() throws Exception {
        Node node = node(new LinkedBlockingQueue<>());
        HaproxyProcess haproxy = haproxy(List.of(node.port()));
        haproxy.kill();
        assertThat(LocalProcess.accepts(haproxy.port())).isFalse();
        haproxy.restart();
        haproxy.awaitServerStatus("node1", "UP");
        assertThat(get(haproxy, "/who")).isEqualTo("node on " + node.port());
    }

    private HaproxyProcess haproxy(List<Integer> ports) throws IOException, InterruptedException {
        HaproxyProcess haproxy = HaproxyProcess.start(dir.resolve("haproxy"), ports);
        started.add(haproxy);
        return haproxy;
    }

    private String get(HaproxyProcess haproxy, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(haproxy.url() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** A stand-in node: /healthz answers {@code health}, /who names the node, POST / hands each body line to {@code lines}. */
    private Node node(BlockingQueue<String> lines) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        Node node = new Node(server);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/healthz", exchange -> {
            exchange.sendResponseHeaders(node.health, -1);
            exchange.close();
        });
        server.createContext("/who", exchange -> {
            byte[] body = ("node on " + node.port()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/", exchange -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(exchange.getRequestBody(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        started.add(() -> server.stop(0));
        return node;
    }

    private static final class Node {
        private final HttpServer server;
        volatile int health = 200;

        Node(HttpServer server) {
            this.server = server;
        }

        int port() {
            return server.getAddress().getPort();
        }
    }

    /** The config's setting lines, trimmed, without comments and blank lines. */
    private static List<String> settings(String config) {
        return Arrays.stream(config.split("\n")).map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .collect(Collectors.toList());
    }

    private static boolean notAnAddress(String line) {
        return !line.startsWith("bind ") && !line.startsWith("server ") && !line.startsWith("resolvers ")
                && !line.startsWith("nameserver ") && !line.startsWith("hold ");
    }

    private static Duration timeout(String config, String which) {
        Matcher m = TIMEOUT.matcher(config);
        while (m.find()) {
            if (m.group(1).equals(which)) {
                long n = Long.parseLong(m.group(2));
                switch (m.group(3)) {
                    case "ms": return Duration.ofMillis(n);
                    case "s": return Duration.ofSeconds(n);
                    case "m": return Duration.ofMinutes(n);
                    default: return Duration.ofHours(n);
                }
            }
        }
        throw new AssertionError("docker/cluster/haproxy.cfg sets no timeout " + which);
    }
}
