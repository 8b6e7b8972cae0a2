package io.plotstream.integration.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.plotstream.testing.PlotServerNodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three plot-server JVMs on one Redis with HAProxy in front (docker/cluster/haproxy.cfg), all real
 * processes. Plotly's own clients' bytes write through the balancer and land on every node; then a
 * writer with acknowledgements and a viewer share a node, viewers on the two other nodes watch the
 * same plot, and that node is killed with {@code kill -9} mid-stream: writer and viewer reconnect
 * through HAProxy to a surviving node, the writer re-sends what was not acknowledged, nothing
 * acknowledged is missing, and no viewer is ever told two different points for one position (the
 * reconnected viewer's new snapshot agrees with everything it had), so all three end on the same window.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "failover01";
    private static final int POINTS = 1500;

    @TempDir
    static Path work;
    private ClusterNodes cluster;

    @BeforeAll
    void start() throws Exception {
        cluster = ClusterNodes.start(work, 3, List.of());
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close(); // and the writers and viewers the test tracked
        }
    }

    @Test
    @Order(1)
    void plotlyClientsBytesThroughTheBalancerReachEveryNode() throws Exception {
        cluster.definePlot(cluster.haproxy.url(), "fixture",
                "{\"data\":[{\"type\":\"scatter\",\"stream\":{\"token\":\"abc123\",\"maxpoints\":50}}]}");
        cluster.awaitPlotOnEveryNode("fixture", WAIT);

        // Plotly's MATLAB client (HttpURLConnection, 14-byte chunks, UTF-8 split across chunks), byte for byte
        assertThat(replay(fixture("matlab-14-byte-chunks.bin"))).startsWith("HTTP/1.1 200");
        for (PlotServerNodes.Node node : cluster.nodes.nodes()) {
            node.await("the MATLAB client's points", WAIT, () -> cluster.trace(node.url(), "fixture")
                    .map(t -> t.path("y").toString().equals("[2,3.5,4]")).orElse(false));
            JsonNode trace = cluster.trace(node.url(), "fixture").orElseThrow();
            assertThat(trace.path("x").toString()).as(node.id()).isEqualTo("[1,2,3]");
            assertThat(trace.path("text").toString()).as(node.id()).isEqualTo("[null,\"été\",null]");
        }
    }

    @Test
    @Order(2)
    void plotlyPythonClientsTwoHostHeadersPassWhenTheyAgree() throws Exception {
        cluster.definePlot(cluster.haproxy.url(), "python",
                "{\"data\":[{\"type\":\"scatter\",\"stream\":{\"token\":\"py1234\",\"maxpoints\":50}}]}");
        cluster.awaitPlotOnEveryNode("python", WAIT);
        String session = new String(fixture("plotly-python-session.bin"), StandardCharsets.ISO_8859_1)
                .replace("abc123", "py1234");
        // As captured (client on 127.0.0.1:18099, its own Host: stream.plot.ly) the two Host headers
        // differ, and HAProxy refuses that (RFC 9112 section 3.2): the README says so.
        assertThat(replay(session.getBytes(StandardCharsets.ISO_8859_1))).startsWith("HTTP/1.1 400");
        // Pointed at the balancer by its name on port 80, the client's two Host headers agree.
        String agreeing = session.replace("Host: 127.0.0.1:18099\r\n", "Host: stream.plot.ly\r\n");
        int close = agreeing.lastIndexOf("\r\n0\r\n\r\n"); // the stray CRLF, then the last chunk
        try (Socket socket = new Socket("127.0.0.1", cluster.haproxy.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(agreeing.substring(0, close).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            for (PlotServerNodes.Node node : cluster.nodes.nodes()) {
                node.await("the Python client's points", WAIT, () -> cluster.trace(node.url(), "python")
                        .map(t -> t.path("y").toString().equals("[2,3,-1.5]")).orElse(false));
                JsonNode trace = cluster.trace(node.url(), "python").orElseThrow();
                assertThat(trace.path("x").toString()).as(node.id())
                        .isEqualTo("[1,\"é\",\"2026-11-27 21:00:00.123456\"]");
                assertThat(trace.path("marker").path("color").toString()).isEqualTo("[null,null,\"red\"]");
            }
            // the stray CRLF before the last chunk is a chunked-framing error to HAProxy: the close gets 400
            out.write(agreeing.substring(close).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.setSoTimeout(10_000);
            byte[] head = socket.getInputStream().readNBytes(12);
            assertThat(new String(head, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 400");
        }
        assertThat(cluster.yValues(cluster.nodes.node(1).url(), "python")).as("the points stay").containsExactly(2.0, 3.0, -1.5);
    }

    @Test
    @Order(3)
    void killingTheNodeOfAWriterAndAViewerLosesNothingAcknowledgedAndLeavesNoGap() throws Exception {
        String haproxy = cluster.haproxy.url();
        cluster.definePlot(haproxy, "p", "{\"data\":[{\"type\":\"scatter\",\"stream\":{\"token\":\"" + TOKEN
                + "\",\"maxpoints\":10000}}]}");
        cluster.awaitPlotOnEveryNode("p", WAIT);
        PlotServerNodes.Node doomed = cluster.nodes.node(1);
        // steer the writer and the first viewer to node1, as an operator drains nodes
        cluster.haproxy.setServerState("node2", "drain");
        cluster.haproxy.setServerState("node3", "drain");
        NumberedWriter writer = cluster.track(new NumberedWriter(cluster.haproxy.port(), TOKEN, POINTS).start());
        assertThat(writer.awaitAcked(1, WAIT.toMillis())).as("the writer's first ack: %s", writer.events()).isTrue();
        PositionViewer onDoomed = cluster.track(PositionViewer.open(haproxy, "p", true));
        cluster.haproxy.setServerState("node2", "ready");
        cluster.haproxy.setServerState("node3", "ready");
        PositionViewer onNode2 = cluster.track(PositionViewer.open(cluster.nodes.node(2).url(), "p", false));
        PositionViewer onNode3 = cluster.track(PositionViewer.open(cluster.nodes.node(3).url(), "p", false));

        assertThat(writer.awaitAcked(POINTS / 3, WAIT.toMillis())).as("a third acknowledged: %s", writer.events()).isTrue();
        onDoomed.await("points through node1", WAIT, () -> onDoomed.count() >= POINTS / 4);
        long ackedAtKill = writer.ackedThrough();
        doomed.kill();

        assertThat(writer.awaitAllAcked(60_000)).as("every point acknowledged after the kill: %s", writer.events()).isTrue();
        assertThat(writer.streams()).as("the writer reconnected: %s", writer.events()).isGreaterThanOrEqualTo(2);

        List<Double> onNode2Api = awaitSettled(cluster.nodes.node(2));
        assertThat(cluster.yValues(cluster.nodes.node(3).url(), "p")).as("node3's window is node2's").isEqualTo(onNode2Api);
        Set<Long> plotted = new HashSet<>();
        onNode2Api.forEach(y -> plotted.add(y.longValue()));
        List<Long> missing = new ArrayList<>();
        for (long n = 1; n <= POINTS; n++) {
            if (!plotted.contains(n)) {
                missing.add(n);
            }
        }
        assertThat(missing).as("acknowledged points missing after kill -9 of node1").isEmpty();

        long finalCount = onNode2Api.size();
        for (PositionViewer viewer : List.of(onDoomed, onNode2, onNode3)) {
            viewer.await("the last position " + finalCount, WAIT, () -> viewer.count() == finalCount);
            assertThat(viewer.contradictions()).as("two different points for one position: %s", viewer.events()).isEmpty();
            assertThat(viewer.window()).as("the viewer's window is the plot's").isEqualTo(onNode2Api);
            Map<Long, Double> seen = viewer.seen();
            assertThat(seen.keySet()).as("every position from 1, no gap").hasSize((int) finalCount)
                    .first().isEqualTo(1L);
        }
        assertThat(onDoomed.connections()).as("the viewer on node1 reconnected: %s", onDoomed.events()).isGreaterThanOrEqualTo(2);
        System.out.printf("ClusterFailoverIT: node1 killed at %d acked; %d points acknowledged in %d streams, %d positions"
                        + " (%d re-sent duplicates), viewer events %s, writer events %s%n", ackedAtKill, writer.ackedThrough(),
                writer.streams(), finalCount, finalCount - plotted.size(), onDoomed.events(), writer.events());
    }

    /** Node's window once it stops changing (the writer is done; the tail may still be applying). */
    private List<Double> awaitSettled(PlotServerNodes.Node node) throws InterruptedException {
        List<List<Double>> last = new ArrayList<>(List.of(List.of()));
        node.await("a settled window with every point", WAIT, () -> {
            List<Double> now = cluster.yValues(node.url(), "p");
            boolean settled = now.size() >= POINTS && now.equals(last.get(0));
            last.set(0, now);
            return settled;
        });
        return last.get(0);
    }

    /** Byte-exact copies of /work/shared/fixtures (Plotly's clients on the wire), kept as test resources. */
    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ClusterFailoverIT.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /fixtures/" + name);
            }
            return in.readAllBytes();
        }
    }

    /** Writes a whole captured session to the balancer and returns what came back until it closed. */
    private String replay(byte[] session) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", cluster.haproxy.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(session);
            socket.getOutputStream().flush();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    reply.write(buffer, 0, n);
                    if (reply.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")
                            && !reply.toString(StandardCharsets.ISO_8859_1).contains("chunked")) {
                        break;
                    }
                    if (reply.toString(StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException timeout) {
                // whatever came is the answer
            }
            return reply.toString(StandardCharsets.UTF_8);
        }
    }
}
