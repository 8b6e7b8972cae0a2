package io.plotstream.integration.web;

import io.plotstream.server.web.ViewerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Zoom into history and back to live, browser side: zooming or panning the x axis before the live
 * window's first point fetches {@code /api/plots/{id}/history} (here a stand-in answering what the
 * test chooses), draws it as a history trace per streamed trace, keeps the live edge streaming,
 * and "Back to live" drops it again. Fetches are debounced and a late answer to an older request
 * is ignored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlotHistoryBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private HeadlessChromium chromium;
    private PanelTestServer server;
    private WebDriver browser;

    @BeforeAll
    void startServer() throws Exception {
        server = new PanelTestServer(ViewerOptions.defaults());
    }

    @BeforeEach
    void browser() {
        if (chromium == null) {
            chromium = HeadlessChromium.startOrSkip();
            browser = chromium.driver();
        }
        server.historyRequests.clear();
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Object js(String script, Object... args) {
        return chromium.js(script, args);
    }

    private long traces() {
        return ((Number) js("var g = document.getElementById('graph'); return g.data ? g.data.length : -1;")).longValue();
    }

    private long points(int trace) {
        return ((Number) js("var g = document.getElementById('graph');"
                + "return g && g.data && g.data[arguments[0]] ? g.data[arguments[0]].y.length : -1;", trace)).longValue();
    }

    private static String historyJson(String plotId, int index, int from, int to, int step, int y) {
        String xs = IntStream.iterate(from, x -> x < to, x -> x + step).mapToObj(Integer::toString).collect(Collectors.joining(","));
        String ys = IntStream.iterate(from, x -> x < to, x -> x + step).mapToObj(x -> Integer.toString(y)).collect(Collectors.joining(","));
        return "{\"plot\":\"" + plotId + "\",\"from\":" + from + ",\"to\":" + to + ",\"traces\":[{\"index\":" + index
                + ",\"x\":[" + xs + "],\"y\":[" + ys + "],\"bucket\":\"" + step + "\"}]}";
    }

    private void zoom(Object from, Object to) {
        js("Plotly.relayout(document.getElementById('graph'), {'xaxis.range[0]': arguments[0], 'xaxis.range[1]': arguments[1]});", from, to);
    }

    @Test
    void zoomingPastTheLiveWindowDrawsHistoryWhileLiveExtendsFlowAndBackToLiveReturns() throws Exception {
        server.plots.create("past", "Past", 500, "temperature");
        for (int i = 100; i < 200; i++) {
            server.plots.append("past", 0, i, i % 7);
        }
        server.history = asked -> new PanelTestServer.Answer(0, historyJson("past", 0, 0, 100, 5, 42));
        browser.get(server.url("/plots/past"));
        chromium.await(WAIT, b -> points(0) == 100);
        String csvBase = browser.findElement(By.id("csv")).getAttribute("href");

        zoom(120, 160); // inside the live window: no history needed, but the view no longer follows the edge
        chromium.await(WAIT, b -> browser.findElement(By.cssSelector(".ps-back-live")).isDisplayed());
        assertThat(browser.findElement(By.id("csv")).getAttribute("href")).isEqualTo(csvBase + "?from=120&to=160");
        Thread.sleep(600); // longer than the fetch debounce
        assertThat(server.historyRequests).isEmpty();

        zoom(0, 150);
        chromium.await(WAIT, b -> traces() == 2);
        assertThat(server.historyRequests).hasSize(1);
        PanelTestServer.HistoryRequest asked = server.historyRequests.get(0);
        assertThat(asked.plotId()).isEqualTo("past");
        assertThat(asked.from()).isEqualTo("0");
        assertThat(asked.to()).isEqualTo("150");
        // four points (first, lowest, highest, last) per pixel column of the plot area
        long width = ((Number) js("return Math.round(document.getElementById('graph')._fullLayout._size.w);")).longValue();
        // (the plot area was measured before the history's tick labels moved its margins a little)
        assertThat(Long.parseLong(asked.points()) % 4).isZero();
        assertThat(Long.parseLong(asked.points()) / 4).isBetween(width * 9 / 10, width * 11 / 10);

        assertThat(js("return document.getElementById('graph').data[1].y.length;")).isEqualTo(20L);
        assertThat(js("return document.getElementById('graph').data[1].showlegend;")).isEqualTo(false);
        assertThat(js("var d = document.getElementById('graph').data; return d[1].legendgroup === d[0].legendgroup;")).isEqualTo(true);
        assertThat(js("var f = document.getElementById('graph')._fullData; return f[1].line.color === f[0].line.color;")).isEqualTo(true);
        assertThat(js("return document.querySelectorAll('#graph .legend .traces').length;")).isEqualTo(1L);
        assertThat(browser.findElement(By.id("csv")).getAttribute("href")).isEqualTo(csvBase + "?from=0&to=150");
        chromium.screenshot(java.nio.file.Path.of("target", "screenshots", "plot-history.png"));

        for (int i = 200; i < 210; i++) {
            server.plots.append("past", 0, i, i % 7); // live keeps flowing into the streamed trace
        }
        chromium.await(WAIT, b -> points(0) == 110);
        assertThat(js("return document.getElementById('graph').layout.xaxis.range.join(',');")).isEqualTo("0,150");
        assertThat(traces()).isEqualTo(2);

        browser.findElement(By.cssSelector(".ps-back-live")).click();
        chromium.await(WAIT, b -> traces() == 1);
        chromium.await(WAIT, b -> ((Number) js("return document.getElementById('graph')._fullLayout.xaxis.range[1];")).doubleValue() >= 209);
        // following the live edge again: the x range is the live window's, ending a little ahead of its newest point
        assertThat(js("return Plotstream.page.panel.following && Plotstream.page.panel.userRange === null;")).isEqualTo(true);
        assertThat(js("var r = document.getElementById('graph')._fullLayout.xaxis.range; return r[1] - 209 <= 0.1 * (209 - r[0]);"))
                .isEqualTo(true);
        assertThat(browser.findElement(By.cssSelector(".ps-back-live")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("csv")).getAttribute("href")).isEqualTo(csvBase);
        assertThat(chromium.consoleProblems()).isEmpty();
    }

    @Test
    void panningWithTheMouseIntoThePastFetchesHistory() {
        server.plots.create("panned", "Panned", 500, "a");
        for (int i = 100; i < 200; i++) {
            server.plots.append("panned", 0, i, i % 5);
        }
        server.history = asked -> new PanelTestServer.Answer(0, historyJson("panned", 0, 0, 100, 10, 3));
        browser.get(server.url("/plots/panned"));
        chromium.await(WAIT, b -> points(0) == 100);

        // The modebar's pan tool, then a drag to the right, as a user would look at what came before.
        browser.findElement(By.cssSelector("#graph .modebar-btn[data-val='pan']")).click();
        org.openqa.selenium.WebElement plotArea = browser.findElement(By.cssSelector("#graph .nsewdrag"));
        new org.openqa.selenium.interactions.Actions(browser).moveToElement(plotArea, -100, 0).clickAndHold()
                .moveByOffset(200, 0).moveByOffset(200, 0).release().perform();

        chromium.await(WAIT, b -> traces() == 2);
        assertThat(Double.parseDouble(server.historyRequests.get(0).from())).isLessThan(100);
        assertThat(browser.findElement(By.cssSelector(".ps-back-live")).isDisplayed()).isTrue();
        assertThat(chromium.consoleProblems()).isEmpty();
    }

    @Test
    void fetchesAreDebouncedAndALateAnswerToAnOlderRequestIsIgnored() throws Exception {
        server.plots.create("racy", "Racy", 500, "a");
        for (int i = 100; i < 150; i++) {
            server.plots.append("racy", 0, i, 1);
        }
        server.history = asked -> "120".equals(asked.to())
                ? new PanelTestServer.Answer(2000, historyJson("racy", 0, 0, 100, 10, -1)) // slow, and soon moot
                : new PanelTestServer.Answer(0, historyJson("racy", 0, 0, 100, 10, -2));
        browser.get(server.url("/plots/racy"));
        chromium.await(WAIT, b -> points(0) == 50);

        zoom(0, 120);
        chromium.await(WAIT, b -> server.historyRequests.size() == 1);
        js("var g = document.getElementById('graph');"
                + "Plotly.relayout(g, {'xaxis.range[0]': 0, 'xaxis.range[1]': 124});"
                + "Plotly.relayout(g, {'xaxis.range[0]': 0, 'xaxis.range[1]': 127});"
                + "Plotly.relayout(g, {'xaxis.range[0]': 0, 'xaxis.range[1]': 130});");
        chromium.await(WAIT, b -> traces() == 2);
        assertThat(js("return document.getElementById('graph').data[1].y[0];")).isEqualTo(-2L);

        Thread.sleep(2500); // the slow answer to the first request has come and gone
        assertThat(server.historyRequests).hasSize(2);
        assertThat(server.historyRequests.get(1).to()).isEqualTo("130");
        assertThat(js("return document.getElementById('graph').data[1].y[0];")).isEqualTo(-2L);
    }

    @Test
    void dateAxesAskForPlotlyDateStrings() {
        server.plots.create("dated", "Dated", 500, "a");
        for (int i = 0; i < 30; i++) {
            server.plots.append("dated", 0, String.format("2026-12-01 10:00:%02d", i), i);
        }
        server.history = asked -> new PanelTestServer.Answer(0, "{\"plot\":\"dated\",\"traces\":[{\"index\":0,"
                + "\"x\":[\"2026-12-01 09:58:00\",\"2026-12-01 09:59:00\"],\"y\":[5,6],\"bucket\":\"1m\"}]}");
        browser.get(server.url("/plots/dated"));
        chromium.await(WAIT, b -> points(0) == 30);

        zoom("2026-12-01 09:57:30", "2026-12-01 10:00:15.5");
        chromium.await(WAIT, b -> traces() == 2);
        PanelTestServer.HistoryRequest asked = server.historyRequests.get(0);
        assertThat(asked.from()).isEqualTo("2026-12-01 09:57:30.000");
        assertThat(asked.to()).isEqualTo("2026-12-01 10:00:15.500");
        assertThat(js("return document.getElementById('graph').data[1].x.join(',');"))
                .isEqualTo("2026-12-01 09:58:00,2026-12-01 09:59:00");

        js("Plotly.relayout(document.getElementById('graph'), {'xaxis.autorange': true});"); // a double click
        chromium.await(WAIT, b -> traces() == 1);
        assertThat(browser.findElement(By.cssSelector(".ps-back-live")).isDisplayed()).isFalse();
    }
}
