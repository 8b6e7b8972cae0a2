package io.plotstream.integration.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.plotstream.integration.support.PlotServerFixture;
import io.plotstream.point.Point;
import io.plotstream.stream.Delivery;
import io.plotstream.stream.StreamException;
import io.plotstream.stream.StreamLease;
import io.plotstream.stream.StreamRegistry;
import io.plotstream.stream.StreamSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server path in a real browser: points written over the streaming protocol by the
 * connector's own stream client reach the real plot server, and a plot page open in headless
 * Chromium shows them — first the window, then what streams in while it is open.
 */
class StreamedPlotBrowserIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "browsertok1";
    private static final String XSS = "<img src=x onerror=window.__xss=1><b>bold</b>";
    private static final Delivery IGNORE = new Delivery() {
        @Override
        public void delivered() {
        }

        @Override
        public void failed(StreamException cause) {
        }
    };

    @TempDir
    Path dataDir;
    private PlotServerFixture server;
    private StreamRegistry registry;
    private StreamLease lease;
    private HeadlessChromium chromium;

    @BeforeEach
    void start() throws Exception {
        chromium = HeadlessChromium.startOrSkip();
        server = PlotServerFixture.start(dataDir, false);
        server.definePlot("streamed", TOKEN, 50);
        registry = StreamRegistry.create();
        lease = registry.lease(StreamSettings.builder(URI.create(server.url()))
                .ackDelay(Duration.ofMillis(20)).linger(Duration.ZERO).build(), TOKEN);
    }

    @AfterEach
    void stop() {
        if (lease != null) {
            lease.close();
            registry.closeAll(Duration.ofSeconds(5));
        }
        if (server != null) {
            server.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    private void stream(int from, int to) throws InterruptedException {
        for (int i = from; i < to; i++) {
            Point point = new Point(i, i * 10, i == 3 ? XSS : "p" + i, i % 2 == 0 ? "red" : "blue", null);
            assertThat(lease.stream().offer(point, IGNORE, 5, TimeUnit.SECONDS)).isTrue();
        }
    }

    private long yCount() {
        Object n = chromium.js("var g = document.getElementById('graph');"
                + "return g && g.data && g.data[0] && g.data[0].y ? g.data[0].y.length : -1;");
        return ((Number) n).longValue();
    }

    private long lastY() {
        return ((Number) chromium.js("var y = document.getElementById('graph').data[0].y; return y[y.length - 1];"))
                .longValue();
    }

    @Test
    void aPlotPageShowsTheWindowThenWhatStreamsInAsTextNeverMarkup() throws Exception {
        stream(0, 20);
        chromium.await(WAIT, b -> {
            try {
                return server.yValues("streamed").size() == 20;
            } catch (Exception e) {
                return false;
            }
        });

        chromium.driver().get(server.url() + "/plots/streamed");
        chromium.await(WAIT, b -> yCount() == 20);
        assertThat(chromium.js("return document.getElementById('graph').data[0].text[3];"))
                .as("text reaches plotly.js entity-escaped, so plotly renders it as text")
                .isEqualTo("&lt;img src=x onerror=window.__xss=1&gt;&lt;b&gt;bold&lt;/b&gt;");

        stream(20, 80); // more than maxpoints: the window slides in the browser too
        chromium.await(WAIT, b -> lastY() == 790);
        assertThat(yCount()).isEqualTo(50);
        assertThat(chromium.js("return document.getElementById('graph').data[0].marker.color[49];")).isEqualTo("blue");
        assertThat(chromium.js("return typeof window.__xss;")).isEqualTo("undefined");
        assertThat(chromium.js("return document.querySelectorAll('#graph img, #graph b').length;")).isEqualTo(0L);
        chromium.screenshot(Path.of("target", "screenshots", "streamed-plot.png"));
        assertThat(chromium.consoleProblems()).isEmpty();
    }
}
