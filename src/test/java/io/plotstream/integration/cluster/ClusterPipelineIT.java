package io.plotstream.integration.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.integration.support.ConnectClusterHarness;
import io.plotstream.integration.support.SequenceWorkload;
import io.plotstream.integration.web.HeadlessChromium;
import io.plotstream.testing.PlotServerNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;

/**
 * The whole pipeline on a cluster: a real Connect worker runs the connector with
 * {@code plotly.stream.url} pointing at HAProxy, two plot-server JVMs on one Redis behind it, and
 * headless Chromium with the plot page open on each node (not through the balancer: one tab per
 * node). Every record reaches every node, and the two pages, fed by different nodes, draw the same
 * window point for point while the records stream in.
 */
class ClusterPipelineIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOPIC = "seq";
    private static final String CONNECTOR = "plotly-cluster";
    private static final int PER_KEY = 300;
    /**
     * The window the page holds for its first trace, as it arrived through the node's socket: the
     * panel's own store, not plotly's copy ({@code gd.data}), which the canvas layer refreshes only
     * lazily and not at all while the tab is hidden (the other tab is in front), so it can lag for as
     * long as a test waits.
     */
    private static final String WINDOW = "var p = window.Plotstream && Plotstream.page && Plotstream.page.panel;"
            + " var s = p && p.stores && p.stores[0];"
            + " if (!s) return null; var t = s.trace(null); return JSON.stringify([t.x, t.y]);";

    @TempDir
    Path work;
    private HeadlessChromium chromium;
    private ClusterNodes cluster;
    private ConnectClusterHarness connect;
    private java.util.concurrent.CompletableFuture<ConnectClusterHarness> connecting;

    @AfterEach
    void stop() throws Exception {
        try {
            if (connect == null && connecting != null) {
                connect = connecting.exceptionally(failed -> null).get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
            if (connect != null) {
                connect.close();
            }
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void connectorThroughTheBalancerAndBrowsersOnTwoNodesShowTheSameWindows() throws Exception {
        long began = System.nanoTime();
        chromium = HeadlessChromium.startOrSkip(); // skips before anything heavy starts
        cluster = ClusterNodes.start(work, 2, List.of());
        String balancer = cluster.haproxy.url();
        for (String key : SequenceWorkload.KEYS) {
            cluster.definePlot(balancer, SequenceWorkload.plotId(key), "{\"data\":[{\"type\":\"scatter\",\"stream\":{\"token\":\""
                    + SequenceWorkload.token(key) + "\",\"maxpoints\":10000}}]}");
        }
        PlotServerNodes.Node node1 = cluster.nodes.node(1);
        PlotServerNodes.Node node2 = cluster.nodes.node(2);
        String plot = SequenceWorkload.plotId(SequenceWorkload.KEYS[0]);
        for (PlotServerNodes.Node node : cluster.nodes.nodes()) {
            node.await("plot " + plot + " defined", WAIT, () -> cluster.trace(node.url(), plot).isPresent());
        }

        // Kafka and the worker start while the pages open (not while the nodes start: on a loaded
        // machine that starves the nodes' tails)
        connecting = java.util.concurrent.CompletableFuture.supplyAsync(() -> ConnectClusterHarness.start("cluster-pipeline", 1));
        WebDriver browser = chromium.driver();
        browser.get(node1.url() + "/plots/" + plot);
        String tab1 = browser.getWindowHandle();
        chromium.await(WAIT, b -> chromium.js(WINDOW) != null);
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(node2.url() + "/plots/" + plot);
        String tab2 = browser.getWindowHandle();
        chromium.await(WAIT, b -> chromium.js(WINDOW) != null);

        long pagesOpen = System.nanoTime();
        SequenceWorkload workload = new SequenceWorkload();
        connect = connecting.join();
        connect.createTopic(TOPIC, 2);
        connect.deploy(CONNECTOR, ConnectClusterHarness.json(workload.connectorConfig(TOPIC, 2, balancer)));
        connect.awaitRunning(CONNECTOR, 2);
        long connectorRunning = System.nanoTime();
        workload.produce(PER_KEY / 2, (key, value) -> connect.produce(TOPIC, key, value));
        connect.flush();
        browser.switchTo().window(tab1);
        chromium.await(WAIT, b -> pointsHeld() >= PER_KEY / 2); // the first half arrived live
        workload.produce(PER_KEY / 2, (key, value) -> connect.produce(TOPIC, key, value)); // the second half while both pages are live
        connect.flush();

        for (String key : SequenceWorkload.KEYS) {
            for (PlotServerNodes.Node node : cluster.nodes.nodes()) {
                awaitEverySequenceNumber(node, SequenceWorkload.plotId(key), workload.producedPerKey());
            }
        }
        node2.await("node2's window equal to node1's", WAIT,
                () -> cluster.yValues(node1.url(), plot).equals(cluster.yValues(node2.url(), plot)));
        int points = cluster.yValues(node1.url(), plot).size();

        List<String> held = new ArrayList<>();
        for (String tab : List.of(tab1, tab2)) {
            browser.switchTo().window(tab);
            chromium.await(WAIT, b -> pointsHeld() == points);
            held.add(String.valueOf(chromium.js(WINDOW)));
        }
        assertThat(held.get(1)).as("the page on node2 holds the window the page on node1 holds").isEqualTo(held.get(0));
        System.out.printf("ClusterPipelineIT: %d records per key through HAProxy, %d points drawn alike on both nodes;"
                        + " cluster and pages %.1f s, Connect %.1f s, records to pages %.1f s%n", workload.producedPerKey(), points,
                (pagesOpen - began) / 1e9, (connectorRunning - pagesOpen) / 1e9, (System.nanoTime() - connectorRunning) / 1e9);
    }

    private long pointsHeld() {
        Object n = chromium.js("var p = window.Plotstream && Plotstream.page && Plotstream.page.panel;"
                + " return p && p.stores && p.stores[0] ? p.stores[0].length : -1;");
        return ((Number) n).longValue();
    }

    private void awaitEverySequenceNumber(PlotServerNodes.Node node, String plotId, long produced) throws InterruptedException {
        List<Long> missing = new ArrayList<>();
        node.await("every sequence number on " + plotId, WAIT, () -> {
            Set<Long> plotted = new HashSet<>();
            cluster.yValues(node.url(), plotId).forEach(y -> plotted.add(y.longValue()));
            missing.clear();
            for (long seq = 0; seq < produced; seq++) {
                if (!plotted.contains(seq)) {
                    missing.add(seq);
                }
            }
            return missing.isEmpty();
        });
    }
}
