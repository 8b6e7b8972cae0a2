package io.plotstream.integration.web;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.plotstream.server.PlotServer;
import io.plotstream.server.ServerConfig;
import io.plotstream.server.plot.PointColumn;
import io.plotstream.server.plot.StreamWrite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plot page against the whole plot server (definitions over its REST API, points written
 * into its store as the stream ingest does): thresholds from a definition drawn as shapes in both
 * themes, a time window whose aged points leave the graph, and zoom into the server's real history.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlotServerBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @TempDir
    static Path dataDir;
    private PlotServer server;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startServer() throws Exception {
        server = new PlotServer(ServerConfig.builder().port(0).bind("127.0.0.1").dataDir(dataDir).build());
        server.start();
    }

    @BeforeEach
    void browser() {
        if (chromium == null) {
            chromium = HeadlessChromium.startOrSkip();
            browser = chromium.driver();
        }
        chromium.prefersColorScheme("light");
        // Same origin: forget what earlier tests remembered. A style sheet declares no icon, so
        // Chromium also fetches /favicon.ico, on its own time: a 404 there used to reach the console
        // after the drain below and fail the next test's console check (see the favicon test).
        browser.get(url("/assets/app/style.css"));
        js("localStorage.clear();");
        chromium.consoleProblems();
    }

    @Test
    void aDocumentThatDeclaresNoIconGetsTheServersIconNotANotFound() throws Exception {
        HttpResponse<byte[]> icon = http.send(HttpRequest.newBuilder(URI.create(url("/favicon.ico"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> declared = http.send(HttpRequest.newBuilder(URI.create(url("/assets/app/favicon.svg"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("content-type")).hasValue("image/svg+xml");
        assertThat(icon.body()).as("the icon the pages declare").isEqualTo(declared.body()).isNotEmpty();
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getPort() + path;
    }

    private void define(String id, String figure) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/api/plots/" + id)))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(figure)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    }

    /** One point on every trace the token feeds, as one line of a stream would. */
    private void write(String token, double x, double y) {
        StreamWrite write = new StreamWrite();
        write.column(PointColumn.X, JSON.numberNode(x));
        write.column(PointColumn.Y, JSON.numberNode(y));
        server.store().write(server.store().bindings(token), write);
    }

    private Object js(String script, Object... args) {
        return chromium.js(script, args);
    }

    private long points(int trace) {
        return ((Number) js("var g = document.getElementById('graph');"
                + "return g && g.data && g.data[arguments[0]] ? g.data[arguments[0]].y.length : -1;", trace)).longValue();
    }

    @Test
    void thresholdsFromTheDefinitionAreDrawnAsShapesReadableInBothThemes() throws Exception {
        define("limits", "{\"data\": [{\"type\": \"scatter\", \"x\": [0, 1, 2, 3], \"y\": [30, 55, 95, 50],"
                + " \"stream\": {\"token\": \"limitstok1\", \"maxpoints\": 100}}],"
                + " \"layout\": {\"title\": {\"text\": \"Boiler\"}},"
                + " \"thresholds\": [{\"y\": 90, \"label\": \"critical <b>hot</b>\", \"color\": \"#d62728\"},"
                + "                {\"y0\": 40, \"y1\": 60, \"label\": \"normal\"}]}");
        browser.get(url("/plots/limits"));
        chromium.await(WAIT, b -> points(0) == 4);

        assertThat(js("return document.getElementById('graph').layout.shapes.length;")).isEqualTo(2L);
        assertThat(js("var s = document.getElementById('graph').layout.shapes; return s[0].type + ':' + s[0].y0 + ',' + s[1].type + ':' + s[1].y0 + '-' + s[1].y1;"))
                .isEqualTo("line:90,rect:40-60");
        assertThat(js("return document.querySelectorAll('#graph .shapelayer path').length;")).isEqualTo(2L);
        assertThat(js("return Array.prototype.map.call(document.querySelectorAll('#graph .annotation-text'), function (t) { return t.textContent; }).join('|');"))
                .isEqualTo("critical <b>hot</b>|normal");
        assertThat(js("return document.querySelectorAll('#graph .annotation b').length;")).isEqualTo(0L);
        String lightLine = String.valueOf(js("return document.querySelector('#graph .shapelayer path').style.stroke;"));

        browser.findElement(By.id("theme")).click();
        chromium.await(WAIT, b -> "#111418".equals(js("return document.getElementById('graph')._fullLayout.paper_bgcolor;")));
        assertThat(js("return document.querySelectorAll('#graph .shapelayer path').length;")).isEqualTo(2L);
        assertThat(js("return document.querySelector('#graph .shapelayer path').style.stroke;")).isEqualTo(lightLine);
        chromium.screenshot(Path.of("target", "screenshots", "thresholds-dark.png"));

        // A line the definition leaves without a colour gets the theme's, not plotly's dark grey.
        define("bare", "{\"data\": [{\"x\": [0, 1], \"y\": [1, 2], \"stream\": {\"token\": \"baretok12\", \"maxpoints\": 10}}],"
                + " \"layout\": {\"shapes\": [{\"type\": \"line\", \"xref\": \"paper\", \"x0\": 0, \"x1\": 1, \"y0\": 1.5, \"y1\": 1.5}]}}");
        browser.get(url("/plots/bare"));
        chromium.await(WAIT, b -> points(0) == 2);
        assertThat(js("return document.getElementById('graph')._fullLayout.shapes[0].line.color;")).isEqualTo("#c0c8d2");
    }

    @Test
    void pointsOlderThanTheTimeWindowLeaveTheGraph() throws Exception {
        define("recent", "{\"data\": [{\"type\": \"scatter\", \"x\": [], \"y\": [],"
                + " \"stream\": {\"token\": \"recenttok1\", \"maxpoints\": 1000, \"maxage\": \"2s\"}}]}");
        for (int i = 0; i < 5; i++) {
            write("recenttok1", i, i);
        }
        browser.get(url("/plots/recent"));
        chromium.await(WAIT, b -> points(0) == 5);

        chromium.await(WAIT, b -> points(0) == 0); // aged out (measured on arrival time): the server's extend says so
        write("recenttok1", 5, 5);
        write("recenttok1", 6, 6);
        chromium.await(WAIT, b -> points(0) == 2);
        assertThat(js("return document.getElementById('graph').data[0].x.join(',');")).isEqualTo("5,6");
    }

    @Test
    void zoomingOutFetchesTheServersHistoryBeyondTheWindow() throws Exception {
        define("longrun", "{\"data\": [{\"type\": \"scatter\", \"x\": [], \"y\": [],"
                + " \"stream\": {\"token\": \"longruntok\", \"maxpoints\": 20}}]}");
        for (int i = 0; i < 100; i++) {
            write("longruntok", i, i % 10);
        }
        browser.get(url("/plots/longrun"));
        chromium.await(WAIT, b -> points(0) == 20);
        assertThat(js("return document.getElementById('graph').data[0].x[0];")).isEqualTo(80L);

        js("Plotly.relayout(document.getElementById('graph'), {'xaxis.range[0]': 0, 'xaxis.range[1]': 99});");
        chromium.await(WAIT, b -> ((Number) js("return document.getElementById('graph').data.length;")).intValue() == 2);
        assertThat(((Number) js("return document.getElementById('graph').data[1].x[0];")).doubleValue()).isLessThan(10);
        assertThat(((Number) js("return document.getElementById('graph').data[1].x.length;")).intValue()).isGreaterThan(5);
        assertThat(browser.findElement(By.id("csv")).getAttribute("href")).endsWith("/api/plots/longrun/data.csv?from=0&to=99");

        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(browser.findElement(By.id("csv")).getAttribute("href"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().lines().count()).as("the shown range, history included").isGreaterThan(21);

        browser.findElement(By.cssSelector(".ps-back-live")).click();
        chromium.await(WAIT, b -> ((Number) js("return document.getElementById('graph').data.length;")).intValue() == 1);
        assertThat(chromium.consoleProblems()).isEmpty();
    }
}
