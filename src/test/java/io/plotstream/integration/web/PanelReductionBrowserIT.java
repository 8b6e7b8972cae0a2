package io.plotstream.integration.web;

import io.plotstream.server.web.ViewerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebDriver;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 16 in the browser: a panel hands plotly only what its pixels can show (per streamed line
 * trace the first, lowest, highest and last point of each pixel column, M4), exactly the raw points
 * when they fit, and every other trace type as it is; hover shows real points; a time range longer
 * than the live window draws the history for the rest, joined to the live edge. Panels here are fed
 * frames by the test (the Panel contract without a server) on a real page of {@link PanelTestServer},
 * whose history endpoint answers what the test chooses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PanelReductionBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final DateTimeFormatter PLOTLY_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private HeadlessChromium chromium;
    private PanelTestServer server;
    private WebDriver browser;

    @BeforeAll
    void startServer() throws Exception {
        server = new PanelTestServer(ViewerOptions.defaults());
    }

    @BeforeEach
    void freshPage() {
        if (chromium == null) {
            chromium = HeadlessChromium.startOrSkip();
            browser = chromium.driver();
        }
        server.historyRequests.clear();
        server.plots.create("host", "Host", 500, "a");
        server.plots.append("host", 0, 0, 0);
        browser.get(server.url("/plots/host"));
        chromium.await(WAIT, b -> Long.valueOf(1).equals(js("var g = document.getElementById('graph'); return g.data ? g.data[0].y.length : -1;")));
        js("localStorage.clear();"); // legend clicks are remembered per plot: every test starts with none
        js("var host = document.createElement('div'); host.style.cssText = 'width:600px;height:300px';"
                + "var gd = document.createElement('div'); gd.id = 'synthetic'; gd.style.cssText = 'width:600px;height:300px';"
                + "host.appendChild(gd); document.body.appendChild(host);"
                + "window.syn = new Plotstream.Panel(gd, { plotId: 'syn', scatterglThreshold: 1e9 });");
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

    private long drawn(int trace) {
        return ((Number) js("var g = document.getElementById('synthetic');"
                + "return g.data && g.data[arguments[0]] ? g.data[arguments[0]].y.length : -1;", trace)).longValue();
    }

    private long plotWidth() {
        return ((Number) js("return Math.round(document.getElementById('synthetic')._fullLayout._size.w);")).longValue();
    }

    /** A snapshot of one line trace of n points, x = 0..n-1, y = 0 but y[spikeAt] = spike, text "t<i>". */
    private void lineSnapshot(int n, int spikeAt, int spike) {
        js("var n = arguments[0], x = [], y = [], t = [];"
                + "for (var i = 0; i < n; i++) { x.push(i); y.push(i === arguments[1] ? arguments[2] : Math.sin(i / 50)); t.push('t' + i); }"
                + "syn.frame({type: 'snapshot', plot: 'syn', ageMs: 0, traceCounts: [n], maxPoints: [n],"
                + " figure: {data: [{type: 'scatter', mode: 'lines', x: x, y: y, text: t}], layout: {}}});", n, spikeAt, spike);
    }

    @Test
    void aLongWindowIsDrawnAsAtMostFourPointsPerPixelAndASpikeBetweenTwoPixelsIsStillDrawn() {
        lineSnapshot(10_000, 5_437, 1000);
        chromium.await(WAIT, b -> drawn(0) > 0);
        long width = plotWidth();
        assertThat(drawn(0)).isBetween(width, 4 * (width + 1));
        assertThat(js("return document.getElementById('synthetic').data[0].y.indexOf(1000) >= 0;")).isEqualTo(true);
        // autorange reaches the spike: it is on screen, not only in the data
        assertThat(((Number) js("return document.getElementById('synthetic')._fullLayout.yaxis.range[1];")).doubleValue()).isGreaterThan(1000);
        assertThat(js("return syn.stats.reduced;")).isEqualTo(1L);

        // a spike arriving by extend, between two pixels of the sliding window, is drawn too
        js("syn.frame({type: 'extend', plot: 'syn', update: {x: [[10000, 10001, 10002]], y: [[0, -777, 0]], text: [['a', 'b', 'c']]},"
                + " traceIndices: [0], maxPoints: [10000]});");
        chromium.await(WAIT, b -> Boolean.TRUE.equals(js("return document.getElementById('synthetic').data[0].y.indexOf(-777) >= 0;")));
        assertThat(js("var x = document.getElementById('synthetic').data[0].x; return x[0] + ':' + x[x.length - 1];")).isEqualTo("3:10002");
    }

    /**
     * The canvas's greatest alpha in the 3 x 3 CSS pixels around where plotly's axes put (x, y) of
     * the synthetic panel's trace 0 (its x and y axes' offsets and l2p), 0 when nothing is painted.
     */
    private long canvasAlphaAt(double x, double y) {
        return ((Number) js("var gd = document.getElementById('synthetic'), full = gd._fullLayout;"
                + "var px = full.xaxis._offset + full.xaxis.l2p(arguments[0]), py = full.yaxis._offset + full.yaxis.l2p(arguments[1]);"
                + "var c = gd.querySelector('canvas.ps-canvas'); if (!c) return -1;"
                + "var r = c.width / parseFloat(c.style.width), left = parseFloat(c.style.left), top = parseFloat(c.style.top);"
                + "var d = c.getContext('2d').getImageData(Math.round((px - left) * r) - 1, Math.round((py - top) * r) - 1, 3, 3).data;"
                + "var a = 0; for (var i = 3; i < d.length; i += 4) a = Math.max(a, d[i]); return a;", x, y)).longValue();
    }

    @Test
    void theCanvasPaintsTheLineWherePlotlysAxesSayAndASpikeBetweenTwoPixels() {
        // y = 0 everywhere but one point, so the line is flat where it is sampled
        js("var n = 10000, x = [], y = []; for (var i = 0; i < n; i++) { x.push(i); y.push(i === 5437 ? 1000 : 0); }"
                + "syn.frame({type: 'snapshot', plot: 'syn', ageMs: 0, traceCounts: [n], maxPoints: [n],"
                + " figure: {data: [{type: 'scatter', mode: 'lines', x: x, y: y, line: {color: 'rgb(200, 30, 40)'}}], layout: {}}});");
        chromium.await(WAIT, b -> drawn(0) > 0 && canvasAlphaAt(2000, 0) > 0);
        long width = plotWidth();
        assertThat(10_000 / width).as("many points per pixel column").isGreaterThan(10);
        // plotly's own line for the trace is hidden: the canvas paints it, in the trace's colour
        assertThat(js("return getComputedStyle(document.querySelector('#synthetic .scatterlayer g.trace')).display;"))
                .isEqualTo("none");
        assertThat(js("var gd = document.getElementById('synthetic'), full = gd._fullLayout;"
                + "var px = Math.round(full.xaxis._offset + full.xaxis.l2p(2000)), py = Math.round(full.yaxis._offset + full.yaxis.l2p(0));"
                + "var c = gd.querySelector('canvas.ps-canvas'), r = c.width / parseFloat(c.style.width);"
                + "var x = Math.round((px - parseFloat(c.style.left)) * r), y = Math.round((py - parseFloat(c.style.top)) * r);"
                + "var d = c.getContext('2d').getImageData(x, y, 1, 1).data; return d[0] > d[1] && d[0] > d[2];"))
                .as("the line's colour").isEqualTo(true);
        // nothing where plotly's axes put no point: half way up the plot, away from the spike
        assertThat(canvasAlphaAt(2000, 500)).isZero();
        // the spike (one point among the ~20 of its pixel column) reaches its height
        assertThat(canvasAlphaAt(5437, 900)).isGreaterThan(0);
        assertThat(canvasAlphaAt(5437, 990)).isGreaterThan(0);
        // a spike arriving by extend, between two pixels, is painted as soon as it arrived (no plotly layout needed)
        long layouts = ((Number) js("return syn.stats.layouts;")).longValue();
        js("syn.frame({type: 'extend', plot: 'syn', update: {x: [[10000, 10000.5, 10001]], y: [[0, -700, 0]]},"
                + " traceIndices: [0], maxPoints: [10000]});");
        chromium.await(WAIT, b -> canvasAlphaAt(10000.5, -600) > 0);
        assertThat(((Number) js("return document.getElementById('synthetic')._fullLayout.yaxis.range[0];")).doubleValue())
                .as("plotly's autorange grew to the new low").isLessThan(-700);
        assertThat(((Number) js("return syn.stats.layouts;")).longValue()).isGreaterThan(layouts);

        // a legend click hides the canvas line too
        js("Plotly.restyle(document.getElementById('synthetic'), {visible: 'legendonly'}, [0]);");
        chromium.await(WAIT, b -> canvasAlphaAt(2000, 0) == 0);
    }

    private double yRange(int end) {
        return ((Number) js("return document.getElementById('synthetic')._fullLayout.yaxis.range[arguments[0]];", end)).doubleValue();
    }

    private long reacts() {
        return ((Number) js("return syn.stats.layouts - syn.stats.rangeLayouts;")).longValue();
    }

    @Test
    void aHeldYAxisShowsWhatPlotlysOwnAutorangeWouldAndMovesWithoutAReact() {
        lineSnapshot(10_000, 5_437, 1000);
        chromium.await(WAIT, b -> drawn(0) > 0);
        // a new low: once plotly has laid the panel out, the y axis is ours (held)
        js("syn.frame({type: 'extend', plot: 'syn', update: {x: [[10000]], y: [[-3]]}, traceIndices: [0], maxPoints: [10000]});");
        chromium.await(WAIT, b -> Boolean.TRUE.equals(js("return syn.heldAxes.yaxis === true;")) && yRange(0) < -3);
        // the data settled: plotly's copy is refreshed; plotly's own autorange of that copy gives the same range
        chromium.await(WAIT, b -> Boolean.TRUE.equals(js("return syn.layoutDataVersion === syn.dataVersion;")));
        js("var gd = document.getElementById('synthetic'); window.plotlys = null;"
                + "var tmp = document.createElement('div'); tmp.style.cssText = 'width:600px;height:300px'; document.body.appendChild(tmp);"
                + "Plotly.newPlot(tmp, [{type: 'scatter', mode: 'lines', x: gd.data[0].x, y: gd.data[0].y}], {}).then(function () {"
                + " window.plotlys = tmp._fullLayout.yaxis.range.slice(); Plotly.purge(tmp); tmp.remove(); });");
        chromium.await(WAIT, b -> js("return window.plotlys;") != null);
        double low = ((Number) js("return window.plotlys[0];")).doubleValue();
        double high = ((Number) js("return window.plotlys[1];")).doubleValue();
        assertThat(yRange(0)).isCloseTo(low, within((high - low) * 1e-9));
        assertThat(yRange(1)).isCloseTo(high, within((high - low) * 1e-9));

        // a new extreme moves the held axis with a range-only relayout, not a react
        long reactsBefore = reacts();
        long rangesBefore = ((Number) js("return syn.stats.rangeLayouts;")).longValue();
        js("syn.frame({type: 'extend', plot: 'syn', update: {x: [[10001]], y: [[-2000]]}, traceIndices: [0], maxPoints: [10000]});");
        chromium.await(WAIT, b -> yRange(0) < -2000);
        assertThat(((Number) js("return syn.stats.rangeLayouts;")).longValue()).isGreaterThan(rangesBefore);
        assertThat(reacts()).as("reacts while the axis grew").isEqualTo(reactsBefore);
    }

    @Test
    void aUsersYZoomIsKeptWhileDataArrivesAndADoubleClickGivesTheAxisBack() {
        lineSnapshot(10_000, 5_437, 1000);
        chromium.await(WAIT, b -> drawn(0) > 0);
        js("syn.frame({type: 'extend', plot: 'syn', update: {x: [[10000]], y: [[-3]]}, traceIndices: [0], maxPoints: [10000]});");
        chromium.await(WAIT, b -> Boolean.TRUE.equals(js("return syn.heldAxes.yaxis === true;")));
        js("Plotly.relayout(document.getElementById('synthetic'), {'yaxis.range[0]': -0.5, 'yaxis.range[1]': 0.5});");
        chromium.await(WAIT, b -> Boolean.TRUE.equals(js("return syn.heldAxes.yaxis === undefined && !!syn.userY.yaxis;")));
        long layouts = ((Number) js("return syn.stats.layouts;")).longValue();
        // a new high far outside the user's range: laid out again, and the user's range stays
        js("syn.frame({type: 'extend', plot: 'syn', update: {x: [[10001]], y: [[5000]]}, traceIndices: [0], maxPoints: [10000]});");
        chromium.await(WAIT, b -> ((Number) js("return syn.stats.layouts;")).longValue() > layouts
                && Boolean.TRUE.equals(js("return syn.layoutDataVersion === syn.dataVersion;")));
        assertThat(yRange(0)).isEqualTo(-0.5);
        assertThat(yRange(1)).isEqualTo(0.5);
        // plotly's reset (a double click) gives the axis back: held again, and it shows the new high
        js("Plotly.relayout(document.getElementById('synthetic'), {'yaxis.autorange': true});");
        chromium.await(WAIT, b -> Boolean.TRUE.equals(js("return syn.heldAxes.yaxis === true;")) && yRange(1) > 5000);
    }

    @Test
    void onTheCanvasTheLineFollowsNewPointsInEveryFrameWhilePlotlyLaysOutSeldom() {
        lineSnapshot(10_000, 5_437, 1000);
        chromium.await(WAIT, b -> drawn(0) > 0 && Long.valueOf(1).equals(js("return syn.stats.canvasTraces;")));
        js("window.feed = { next: 10000, timer: setInterval(function () { var x = [], y = [];"
                + " for (var i = 0; i < 20; i++) { x.push(window.feed.next++); y.push(Math.sin(window.feed.next / 50)); }"
                + " syn.frame({type: 'extend', plot: 'syn', update: {x: [x], y: [y]}, traceIndices: [0], maxPoints: [10000]}); }, 20) };"
                + "window.base = { draws: syn.stats.draws, layouts: syn.stats.layouts, extends: syn.stats.extends };");
        chromium.await(WAIT, b -> ((Number) js("return syn.stats.extends - window.base.extends;")).longValue() >= 100);
        js("clearInterval(window.feed.timer);");
        long draws = ((Number) js("return syn.stats.draws - window.base.draws;")).longValue();
        long layouts = ((Number) js("return syn.stats.layouts - window.base.layouts;")).longValue();
        assertThat(layouts).as("plotly layouts (" + draws + " draws)").isLessThan(draws / 2);
        assertThat(draws).isGreaterThan(10);
    }

    private long paints(String kind) {
        return ((Number) js("return syn.layer.paints[arguments[0]];", kind)).longValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSlidingWindowRepaintsOnlyItsEndsAndTheCanvasShowsWhatAWholeRepaintWould() {
        lineSnapshot(10_000, 5_437, 1000);
        chromium.await(WAIT, b -> drawn(0) > 0 && Long.valueOf(1).equals(js("return syn.stats.canvasTraces;")));
        js("window.next = 10000; window.extend20 = function () { var x = [], y = [];"
                + " for (var i = 0; i < 20; i++) { x.push(window.next++); y.push(Math.sin(window.next / 50)); }"
                + " syn.frame({type: 'extend', plot: 'syn', update: {x: [x], y: [y]}, traceIndices: [0], maxPoints: [10000]}); };");
        String axes = "var f = document.getElementById('synthetic')._fullLayout; return JSON.stringify([f.xaxis.range, f.yaxis.range]);";
        String pixels = "var c = document.querySelector('#synthetic canvas.ps-canvas');"
                + " return c.getContext('2d').getImageData(0, 0, c.width, c.height).data;";
        long bandsAtStart = paints("bands");
        List<Number> diff = null;
        // a followed x edge moves now and then (a whole repaint, rightly): compare only across still axes
        for (int attempt = 0; attempt < 5 && diff == null; attempt++) {
            // extend until the window has slid in band repaints and the last paint was one
            boolean lastWasBands = false;
            for (int round = 0; round < 300 && !(lastWasBands && paints("bands") - bandsAtStart >= 5); round++) {
                long bands = paints("bands");
                long whole = paints("whole");
                js("window.extend20();");
                chromium.await(WAIT, b -> paints("bands") + paints("whole") > bands + whole);
                lastWasBands = paints("bands") > bands && paints("whole") == whole;
            }
            assertThat(lastWasBands).as("a paint of the sliding window redid only its ends").isTrue();
            // what the bands left on the canvas, against a whole repaint of the same axes and points
            Object axesBefore = js(axes);
            js("window.banded = (function () { " + pixels + " })(); window.wholeBefore = syn.layer.paints.whole;"
                    + " syn.layer.forget(); syn.changed();");
            chromium.await(WAIT, b -> ((Number) js("return syn.layer.paints.whole - window.wholeBefore;")).longValue() >= 1);
            if (js(axes).equals(axesBefore)) {
                diff = (List<Number>) js("var whole = (function () { " + pixels + " })(), a = window.banded, n = 0, max = 0, lit = 0;"
                        + " for (var i = 0; i < whole.length; i++) { var d = Math.abs(whole[i] - a[i]); if (d > 0) n++; if (d > max) max = d;"
                        + " if (i % 4 === 3 && whole[i] > 0) lit++; }"
                        + " return [lit, n, max];");
            }
        }
        assertThat(diff).as("compared across still axes").isNotNull();
        // Skia antialiases a path's pixels a little differently depending on where the path starts
        // and ends, so a line drawn from a slice may differ from the same line drawn whole by a few
        // levels in a pixel or two at a band's edge (measured: 1-3 pixels, at most 4 of 255 levels).
        // A band painted in the wrong place, or a kept pixel that should have changed, differs by far more.
        long lit = diff.get(0).longValue();
        assertThat(lit).as("pixels the line lights").isGreaterThan(500);
        assertThat(diff.get(2).longValue()).as("most levels any byte differs by (" + diff + ")").isLessThanOrEqualTo(16);
        assertThat(diff.get(1).longValue()).as("bytes that differ at all (" + diff + ")").isLessThan(lit / 50);
    }

    @Test
    void hoverOnAReducedLineShowsTheRealPointsValueAndText() {
        lineSnapshot(10_000, 5_437, 1000);
        chromium.await(WAIT, b -> drawn(0) > 0);
        long at = ((Number) js("return document.getElementById('synthetic').data[0].y.indexOf(1000);")).longValue();
        assertThat(js("var d = document.getElementById('synthetic').data[0]; return d.x[arguments[0]] + '|' + d.text[arguments[0]];", at))
                .isEqualTo("5437|t5437");
        js("Plotly.Fx.hover(document.getElementById('synthetic'), [{curveNumber: 0, pointNumber: arguments[0]}]);", at);
        chromium.await(WAIT, b -> Boolean.TRUE.equals(js("return !!document.querySelector('#synthetic .hoverlayer .hovertext');")));
        String label = (String) js("return document.querySelector('#synthetic .hoverlayer .hovertext').textContent;");
        assertThat(label.replace(",", "")).contains("1000").contains("t5437");
    }

    @Test
    void zoomedInUntilTheRawPointsFitEveryPointInViewIsDrawn() {
        lineSnapshot(10_000, 5_437, 1000);
        chromium.await(WAIT, b -> drawn(0) > 0);
        js("Plotly.relayout(document.getElementById('synthetic'), {'xaxis.range[0]': 5000, 'xaxis.range[1]': 5200});");
        chromium.await(WAIT, b -> drawn(0) == 203);
        assertThat(js("var x = document.getElementById('synthetic').data[0].x; return x[0] + ':' + x[x.length - 1];")).isEqualTo("4999:5201");
        js("syn.backToLive();");
        chromium.await(WAIT, b -> drawn(0) < 4 * (plotWidth() + 1));
    }

    @Test
    void barsAndMarkersTakePlotlysOwnPathAndAreDrawnExactly() {
        js("var x = [], y = []; for (var i = 0; i < 5000; i++) { x.push(i); y.push(i % 13); }"
                + "syn.frame({type: 'snapshot', plot: 'syn', ageMs: 0, traceCounts: [5000, 5000, 5000], maxPoints: [5000, 5000, 5000],"
                + " figure: {data: [{type: 'bar', x: x, y: y}, {type: 'scatter', mode: 'markers', x: x, y: y}, {type: 'scatter', mode: 'lines', x: x, y: y}], layout: {}}});");
        chromium.await(WAIT, b -> drawn(0) == 5000);
        assertThat(drawn(1)).isEqualTo(5000);
        assertThat(drawn(2)).isLessThan(5000);
        assertThat(js("return document.getElementById('synthetic')._fullData[0].type;")).isEqualTo("bar");
        assertThat(((Number) js("return document.querySelectorAll('#synthetic .barlayer .point').length;")).longValue()).isGreaterThan(100);
    }

    @Test
    void aTimeRangeLongerThanTheWindowDrawsHistoryBeforeItJoinedToTheLiveEdge() {
        Instant now = Instant.now();
        // the live window: the last 30 s, one point a second
        List<String> xs = new ArrayList<>();
        List<String> ys = new ArrayList<>();
        for (int i = 30; i >= 1; i--) {
            xs.add("'" + PLOTLY_DATE.format(now.minusSeconds(i)) + "'");
            ys.add(Integer.toString(i));
        }
        String liveFirst = PLOTLY_DATE.format(now.minusSeconds(30));
        // the history: every 5 s of the five minutes before, and (as the API may) the window's points again
        StringBuilder hx = new StringBuilder();
        StringBuilder hy = new StringBuilder();
        for (int s = 300; s >= 10; s -= 5) {
            hx.append(hx.length() == 0 ? "" : ",").append('"').append(PLOTLY_DATE.format(now.minusSeconds(s))).append('"');
            hy.append(hy.length() == 0 ? "" : ",").append(-s);
        }
        server.history = asked -> new PanelTestServer.Answer(0,
                "{\"plot\":\"syn\",\"traces\":[{\"index\":0,\"x\":[" + hx + "],\"y\":[" + hy + "]}]}");
        js("syn.frame({type: 'snapshot', plot: 'syn', ageMs: 0, traceCounts: [30], maxPoints: [30],"
                + " figure: {data: [{type: 'scatter', mode: 'lines', x: [" + String.join(",", xs) + "], y: [" + String.join(",", ys) + "]}],"
                + " layout: {xaxis: {type: 'date'}}}}); syn.setTimeRange(300000);");
        chromium.await(WAIT, b -> drawn(1) > 0);

        PanelTestServer.HistoryRequest asked = server.historyRequests.get(0);
        assertThat(asked.plotId()).isEqualTo("syn");
        assertThat(asked.to()).isEqualTo(liveFirst); // only what the live window does not hold
        assertThat(Long.parseLong(asked.points()) % 4).isZero(); // four per pixel column of the plot area
        assertThat(Long.parseLong(asked.points()) / 4).isBetween(plotWidth() * 9 / 10, plotWidth() * 11 / 10);
        // five minutes on the axis
        assertThat(((Number) js("var r = document.getElementById('synthetic')._fullLayout.xaxis.range;"
                + "return Plotstream.Panel.parseDate(r[1]) - Plotstream.Panel.parseDate(r[0]);")).longValue()).isEqualTo(300_000L);
        // history up to the live window, then its first point (no seam), the live points once
        assertThat(js("var h = document.getElementById('synthetic').data[1]; return h.x[0];"))
                .isEqualTo(PLOTLY_DATE.format(now.minusSeconds(300)));
        assertThat(js("var h = document.getElementById('synthetic').data[1]; return h.x[h.x.length - 1] + '|' + h.y[h.y.length - 1];"))
                .isEqualTo(liveFirst + "|30");
        assertThat(js("var h = document.getElementById('synthetic').data[1]; return h.y.filter(function (y) { return y > -30 && y < 0; }).length;"))
                .as("history points inside the live window are not drawn again").isEqualTo(0L);
        assertThat(js("var h = document.getElementById('synthetic').data[1]; return h.showlegend + '|' + h.meta;")).isEqualTo("false|history");
    }

    @Test
    void theSocketTellsTheServerThePanelsWidthOnItsUrlAndWhenItChanges() {
        assertThat(String.valueOf(js("return Plotstream.page.socket.path();"))).containsPattern("width=[0-9]+");
        js("window.sent = []; var ws = Plotstream.page.socket.socket; var send = ws.send.bind(ws);"
                + "ws.send = function (text) { window.sent.push(String(text)); return send(text); };"
                + "document.getElementById('graph').style.width = '500px'; Plotstream.page.panel.resize();");
        chromium.await(WAIT, b -> String.valueOf(js("return window.sent.join('\\n');")).contains("{\"view\":\"host\",\"width\":"));
        long width = ((Number) js("return Plotstream.page.panel.width();")).longValue();
        assertThat(width).isLessThan(500);
        chromium.await(WAIT, b -> String.valueOf(js("return window.sent.join('\\n');")).contains("{\"view\":\"host\",\"width\":" + width + "}"));
    }
}
