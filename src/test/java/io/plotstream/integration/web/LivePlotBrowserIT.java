package io.plotstream.integration.web;

import io.plotstream.server.web.ViewerOptions;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in a real browser: headless Chromium renders them with plotly.js, and the assertions
 * read the graph div's data as plotly.js holds it. One browser and one server for the whole class
 * keep it quick.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LivePlotBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String XSS_IMG = "<img src=x onerror=window.__xss=1>";
    private static final String XSS_SCRIPT = "<script>window.__xss=2</script>";
    // Tags plotly.js itself would interpret (it shows unknown tags as they are, but renders these).
    private static final String PLOTLY_MARKUP = XSS_IMG + " <b>bold</b><br><a href=\"javascript:window.__xss=3\">link</a>";

    private HeadlessChromium chromium;
    private ViewerTestServer server;
    private WebDriver browser;

    @BeforeAll
    void startServer() throws Exception {
        server = new ViewerTestServer(ViewerOptions.defaults().withScatterglThreshold(1000));
    }

    /** Started by the first test (not in @BeforeAll) so that without Chromium each test reports itself skipped. */
    @BeforeEach
    void browserWithCleanConsole() {
        if (chromium == null) {
            chromium = HeadlessChromium.startOrSkip();
            browser = chromium.driver();
        }
        chromium.consoleProblems();
    }

    @AfterAll
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void backToOneWindow() {
        if (browser == null) {
            return;
        }
        List<String> handles = new ArrayList<>(browser.getWindowHandles());
        for (String handle : handles.subList(1, handles.size())) {
            browser.switchTo().window(handle).close();
        }
        browser.switchTo().window(handles.get(0));
    }

    private long points(int trace) {
        Object n = chromium.js("var g = document.getElementById('graph');"
                + "return g && g.data && g.data[arguments[0]] ? g.data[arguments[0]].y.length : -1;", trace);
        return ((Number) n).longValue();
    }

    private void awaitPoints(int trace, long expected) {
        chromium.await(WAIT, b -> points(trace) == expected);
    }

    private double lastY(int trace) {
        return ((Number) chromium.js("var y = document.getElementById('graph').data[arguments[0]].y;"
                + "return y[y.length - 1];", trace)).doubleValue();
    }

    private long counter(String name) {
        return ((Number) chromium.js("return window.plotstream ? window.plotstream[arguments[0]] : -1;", name)).longValue();
    }

    @Test
    void plotPageDrawsTheWindowThenAppliesPushedExtends() {
        server.plots.create("sensors", "Sensor readings", 500, "north", "south");
        for (int i = 0; i < 40; i++) {
            server.plots.append("sensors", 0, i, Math.sin(i / 6.0) * 10 + 20);
            server.plots.append("sensors", 1, i, Math.cos(i / 8.0) * 6 + 15);
        }

        browser.get(server.url("/plots/sensors"));
        awaitPoints(0, 40);
        assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("Sensor readings");

        for (int i = 40; i < 120; i++) {
            server.plots.append("sensors", 0, i, Math.sin(i / 6.0) * 10 + 20);
            server.plots.append("sensors", 1, i, Math.cos(i / 8.0) * 6 + 15);
        }
        awaitPoints(0, 120);
        awaitPoints(1, 120);

        assertThat(lastY(0)).isEqualTo(Math.sin(119 / 6.0) * 10 + 20);
        assertThat(counter("snapshots")).isEqualTo(1);
        assertThat(counter("extends")).isPositive();
        assertThat(browser.findElement(By.id("status")).getAttribute("data-state")).isEqualTo("live");
        assertThat(browser.findElement(By.id("csv")).getAttribute("href")).endsWith("/api/plots/sensors/data.csv");
        assertThat(browser.findElements(By.cssSelector("#graph .main-svg"))).isNotEmpty();
        Path shot = chromium.screenshot(Path.of("target", "screenshots", "plot-page.png"));
        assertThat(shot).exists();
        assertThat(chromium.consoleProblems()).as("console warnings and errors (CSP violations, script errors)").isEmpty();
    }

    @Test
    void userZoomSurvivesExtendsAndSnapshots() {
        server.plots.create("zoomable", "Zoomable", 500, "a");
        for (int i = 0; i < 100; i++) {
            server.plots.append("zoomable", 0, i, i % 10);
        }
        browser.get(server.url("/plots/zoomable"));
        awaitPoints(0, 100);

        // A real drag-zoom on the plot area, as a user would do it.
        WebElement plotArea = browser.findElement(By.cssSelector("#graph .nsewdrag"));
        new Actions(browser).moveToElement(plotArea, -200, 0).clickAndHold().moveByOffset(150, 0).release().perform();
        chromium.await(WAIT, b -> Boolean.FALSE.equals(chromium.js("return document.getElementById('graph').layout.xaxis.autorange;")));
        Object zoomed = chromium.js("return document.getElementById('graph').layout.xaxis.range.join(',');");

        for (int i = 100; i < 150; i++) {
            server.plots.append("zoomable", 0, i, i % 10);
        }
        awaitPoints(0, 150);
        server.plots.setTitle("zoomable", "Zoomable, retitled"); // a structure change: the page redraws from a snapshot
        chromium.await(WAIT, b -> counter("snapshots") == 2);

        assertThat(chromium.js("return document.getElementById('graph').layout.xaxis.range.join(',');")).isEqualTo(zoomed);
        assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("Zoomable, retitled");
    }

    @Test
    void pngExportWorksUnderTheContentSecurityPolicy() {
        server.plots.create("exported", "Exported", 500, "a");
        server.plots.append("exported", 0, 1, 1);
        browser.get(server.url("/plots/exported"));
        awaitPoints(0, 1);

        Object png = ((JavascriptExecutor) browser).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "Plotly.toImage(document.getElementById('graph'), {format: 'png', width: 400, height: 300})"
                        + ".then(done, function (e) { done('failed: ' + e); });");

        assertThat(png.toString()).startsWith("data:image/png;base64,");
        assertThat(chromium.consoleProblems()).noneMatch(m -> m.contains("Content Security Policy"));
    }

    @Test
    void maxpointsWindowIsKeptInTheBrowser() {
        server.plots.create("window", "Sliding window", 50, "a");
        server.plots.append("window", 0, 0, 0);
        browser.get(server.url("/plots/window"));
        awaitPoints(0, 1);

        for (int i = 1; i < 200; i++) {
            server.plots.append("window", 0, i, i);
        }
        chromium.await(WAIT, b -> lastY(0) == 199.0);

        assertThat(points(0)).isEqualTo(50);
        assertThat(((Number) chromium.js("return document.getElementById('graph').data[0].y[0];")).intValue())
                .isEqualTo(150);
    }

    @Test
    void largeLineWindowsArePaintedOnTheCanvasAndLargeMarkerWindowsRenderAsScattergl() {
        server.plots.create("big", "Big window", 5000, "a");
        for (int i = 0; i < 1500; i++) {
            server.plots.append("big", 0, i, i % 97);
        }
        browser.get(server.url("/plots/big"));
        awaitPoints(0, 1500);
        server.plots.append("big", 0, 1500, 1);
        awaitPoints(0, 1501);

        // a line (here lines+markers) is painted on the canvas layer; plotly keeps an SVG copy for hover
        chromium.await(WAIT, b -> Long.valueOf(1).equals(chromium.js("return Plotstream.page.panel.stats.canvasTraces;")));
        assertThat(chromium.js("return document.getElementById('graph').data[0].type;")).isEqualTo("scatter");
        assertThat(chromium.js("return !!document.querySelector('#graph canvas.ps-canvas');")).isEqualTo(true);

        // markers alone take plotly's path, in WebGL above the threshold
        server.plots.setMode("big", "markers");
        chromium.await(WAIT, b -> "scattergl".equals(chromium.js("return document.getElementById('graph').data[0].type;")));
        assertThat(chromium.js("return Plotstream.page.panel.stats.canvasTraces;")).isEqualTo(0L);
        assertThat(chromium.consoleProblems()).as("console problems").noneMatch(m -> m.contains("Content Security Policy"));
    }

    @Test
    void pausedPageBuffersAndAppliesWhatArrivedOnResume() {
        server.plots.create("pausable", "Pausable", 500, "a");
        server.plots.append("pausable", 0, 0, 0);
        browser.get(server.url("/plots/pausable"));
        awaitPoints(0, 1);

        browser.findElement(By.id("pause")).click();
        for (int i = 1; i <= 30; i++) {
            server.plots.append("pausable", 0, i, i);
        }
        chromium.await(WAIT, b -> counter("buffered") > 0);
        assertThat(points(0)).isEqualTo(1);
        assertThat(browser.findElement(By.id("status")).getAttribute("data-state")).isEqualTo("paused");

        browser.findElement(By.id("pause")).click();
        awaitPoints(0, 31);
        assertThat(lastY(0)).isEqualTo(30.0);
    }

    @Test
    void pageReconnectsAfterTheConnectionDropsAndCatchesUpFromASnapshot() throws Exception {
        server.plots.create("flaky", "Flaky network", 500, "a");
        server.plots.append("flaky", 0, 0, 0);
        browser.get(server.url("/plots/flaky"));
        awaitPoints(0, 1);

        server.stopAccepting();
        try {
            chromium.await(WAIT, b -> "reconnecting".equals(b.findElement(By.id("status")).getAttribute("data-state")));
            for (int i = 1; i <= 9; i++) {
                server.plots.append("flaky", 0, i, i); // missed while disconnected
            }
        } finally {
            server.resumeAccepting();
        }

        awaitPoints(0, 10);
        chromium.await(WAIT, b -> "live".equals(b.findElement(By.id("status")).getAttribute("data-state")));
        assertThat(counter("snapshots")).isEqualTo(2);
        assertThat(lastY(0)).isEqualTo(9.0);
    }

    @Test
    void eightPlotPagesOpenAtOnceAllStayLive() {
        int pages = 8;
        List<String> windows = new ArrayList<>();
        for (int p = 0; p < pages; p++) {
            server.plots.create("multi" + p, "Plot " + p, 500, "a");
            server.plots.append("multi" + p, 0, 0, p);
            if (p > 0) {
                browser.switchTo().newWindow(WindowType.WINDOW);
            }
            browser.get(server.url("/plots/multi" + p));
            awaitPoints(0, 1);
            windows.add(browser.getWindowHandle());
        }

        // Stream to every plot at once, in several rounds, while all eight pages are open.
        for (int round = 1; round <= 5; round++) {
            for (int p = 0; p < pages; p++) {
                for (int i = 0; i < 10; i++) {
                    server.plots.append("multi" + p, 0, round * 10 + i, p * 1000 + round * 10 + i);
                }
            }
        }

        for (int p = 0; p < pages; p++) {
            browser.switchTo().window(windows.get(p));
            awaitPoints(0, 51);
            assertThat(lastY(0)).isEqualTo(p * 1000 + 59);
            assertThat(counter("extends")).isPositive();
        }
        assertThat(server.viewers.stats().viewers()).isGreaterThanOrEqualTo(pages);
    }

    @Test
    void scriptPayloadsInTitlesNamesAndTextShowAsText() {
        server.plots.create("xss", PLOTLY_MARKUP, 500, XSS_SCRIPT + "<i>name</i>", "plain");
        server.plots.append("xss", 0, 1, 1, PLOTLY_MARKUP);
        server.plots.append("xss", 1, 1, 2, XSS_SCRIPT);

        browser.get(server.url("/plots/xss"));
        awaitPoints(0, 1);
        server.plots.append("xss", 0, 2, 3, PLOTLY_MARKUP);
        awaitPoints(0, 2);
        chromium.js("Plotly.Fx.hover(document.getElementById('graph'), [{curveNumber: 0, pointNumber: 1}]);");

        assertThat(chromium.js("return document.getElementById('title').textContent;")).isEqualTo(PLOTLY_MARKUP);
        assertThat(chromium.js("return document.querySelector('#graph .gtitle').textContent;")).isEqualTo(PLOTLY_MARKUP);
        assertThat(chromium.js("return document.querySelector('#graph .legendtext').textContent;"))
                .isEqualTo(XSS_SCRIPT + "<i>name</i>");
        chromium.await(WAIT, b -> chromium.js("var h = document.querySelector('#graph .hovertext');"
                + "return h ? h.textContent : '';").toString().contains(PLOTLY_MARKUP));
        assertThat(chromium.js("return document.querySelectorAll('#graph a, #graph b, #graph i').length;")).isEqualTo(0L);
        assertNoScriptRan();

        browser.get(server.url("/"));
        chromium.await(WAIT, b -> indexCell("xss", 1) != null);
        assertThat(chromium.js("return document.querySelector(\"tr[data-plot-id='xss'] a\").textContent;"))
                .isEqualTo(PLOTLY_MARKUP);
        assertNoScriptRan();
    }

    private void assertNoScriptRan() {
        assertThat(chromium.js("return typeof window.__xss;")).isEqualTo("undefined");
        assertThat(chromium.js("return document.querySelectorAll('img').length;")).isEqualTo(0L);
    }

    @Test
    void indexListsPlotsAndRefreshesItself() {
        server.plots.create("indexed", "Indexed plot", 500, "a");
        browser.get(server.url("/"));
        chromium.await(WAIT, b -> "0".equals(indexCell("indexed", 3)));

        server.plots.append("indexed", 0, 1, 1);
        server.plots.append("indexed", 0, 2, 2);

        chromium.await(WAIT, b -> "2".equals(indexCell("indexed", 3)));
        assertThat(indexCell("indexed", 1)).isEqualTo("Indexed plot");
        assertThat(indexCell("indexed", 2)).isEqualTo("1");
        assertThat(chromium.js("return document.querySelector(\"tr[data-plot-id='indexed'] a\").getAttribute('href');"))
                .isEqualTo("/plots/indexed");
    }

    /** Read in one script: the table is rebuilt every refresh, so element handles go stale. */
    private String indexCell(String plotId, int column) {
        Object text = chromium.js("var c = document.querySelector(\"tr[data-plot-id='\" + arguments[0] + \"'] td:nth-child(\" + arguments[1] + \")\");"
                + "return c ? c.textContent : null;", plotId, column);
        return text == null ? null : text.toString();
    }

    @Test
    void embedViewStaysLiveInsideAnIframeOfAnotherOrigin() throws Exception {
        server.plots.create("embedded", "Embedded", 500, "a");
        server.plots.append("embedded", 0, 0, 5);
        // "localhost" and another port: a different origin from the viewer at 127.0.0.1.
        String embedUrl = "http://localhost:" + server.port() + "/embed/embedded";
        try (HostPage host = new HostPage("<!doctype html><title>someone's blog</title><h1>My blog</h1>"
                + "<iframe id=\"live\" width=\"640\" height=\"400\" src=\"" + embedUrl + "\"></iframe>")) {
            browser.get(host.url());
            browser.switchTo().frame("live");
            awaitPoints(0, 1);
            for (int i = 1; i <= 20; i++) {
                server.plots.append("embedded", 0, i, i);
            }
            awaitPoints(0, 21);

            assertThat(browser.findElements(By.id("pause"))).isEmpty();
            assertThat(counter("extends")).isPositive();
            browser.switchTo().defaultContent();
        }
    }

    @Test
    void viewKeyInTheUrlUnlocksThePageItsSocketAndThenTheIndex() throws Exception {
        try (ViewerTestServer guarded = new ViewerTestServer(ViewerOptions.defaults().withViewKey("let-me-see"))) {
            guarded.plots.create("secret", "Secret plot", 500, "a");
            guarded.plots.append("secret", 0, 1, 1);

            browser.get(guarded.url("/plots/secret"));
            assertThat(browser.findElement(By.tagName("body")).getText()).contains("view key");

            browser.get(guarded.url("/plots/secret?key=let-me-see"));
            awaitPoints(0, 1);
            guarded.plots.append("secret", 0, 2, 2);
            awaitPoints(0, 2);

            browser.get(guarded.url("/")); // no key in the URL: the HttpOnly cookie carries it
            chromium.await(WAIT, b -> "Secret plot".equals(indexCell("secret", 1)));
            assertThat(chromium.js("return document.cookie;")).isEqualTo("");
        }
    }

    /** A page on its own origin (another loopback server) that frames the embed view. */
    private static final class HostPage implements AutoCloseable {
        private final Server server = new Server();
        private final ServerConnector connector = new ServerConnector(server);

        HostPage(String html) throws Exception {
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    response.getHeaders().put("Content-Type", "text/html; charset=utf-8");
                    response.write(true, ByteBuffer.wrap(body), callback);
                    return true;
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + connector.getLocalPort() + "/";
        }

        @Override
        public void close() {
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("host page server did not stop", e);
            }
        }
    }

    static {
        try {
            Files.createDirectories(Path.of("target", "screenshots"));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
