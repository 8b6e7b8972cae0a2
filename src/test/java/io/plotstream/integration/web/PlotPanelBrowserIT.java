package io.plotstream.integration.web;

import io.plotstream.server.web.ViewerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What viewers expect of one plot in a real browser (headless Chromium, plotly.js, a real viewer
 * server on loopback): theme, legend state, the stale badge, windows that shrink by age, drawing
 * merged per animation frame, and the messages for a deleted or unknown plot, a wrong view key and
 * a busy server. One browser and one server for the class keep it quick.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlotPanelBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DARK_PAPER = "#111418";
    private static final String LIGHT_PAPER = "#ffffff";

    private HeadlessChromium chromium;
    private PanelTestServer server;
    private WebDriver browser;

    @BeforeAll
    void startServer() throws Exception {
        server = new PanelTestServer(ViewerOptions.defaults());
    }

    @BeforeEach
    void freshBrowserState() {
        if (chromium == null) {
            chromium = HeadlessChromium.startOrSkip();
            browser = chromium.driver();
        }
        chromium.prefersColorScheme("light");
        browser.get(server.url("/assets/app/style.css")); // same origin: clear what earlier tests remembered
        chromium.js("localStorage.clear();");
        chromium.consoleProblems();
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

    private long points(int trace) {
        return ((Number) js("var g = document.getElementById('graph');"
                + "return g && g.data && g.data[arguments[0]] ? g.data[arguments[0]].y.length : -1;", trace)).longValue();
    }

    private void open(String plotId, long firstTracePoints) {
        browser.get(server.url("/plots/" + plotId));
        chromium.await(WAIT, b -> points(0) == firstTracePoints);
    }

    private String paper() {
        return String.valueOf(js("var f = document.getElementById('graph')._fullLayout; return f ? f.paper_bgcolor : null;"));
    }

    private String status() {
        return browser.findElement(By.id("status")).getAttribute("data-state");
    }

    @Test
    void themeFollowsTheSystemSettingAndTheToggleIsRememberedAcrossReloads() {
        server.plots.create("themed", "Themed", 500, "a");
        server.plots.append("themed", 0, 1, 1);
        chromium.prefersColorScheme("dark");
        open("themed", 1);

        assertThat(js("return document.documentElement.dataset.theme;")).isEqualTo("dark");
        chromium.await(WAIT, b -> DARK_PAPER.equals(paper()));
        assertThat(js("return document.getElementById('graph')._fullLayout.font.color;")).isEqualTo("#d8dee9");
        assertThat(js("return getComputedStyle(document.body).backgroundColor;")).isEqualTo("rgb(17, 20, 24)");

        WebElement toggle = browser.findElement(By.id("theme"));
        assertThat(toggle.getText()).isEqualTo("Light");
        toggle.click();
        chromium.await(WAIT, b -> LIGHT_PAPER.equals(paper()));
        assertThat(js("return document.documentElement.dataset.theme;")).isEqualTo("light");
        assertThat(js("return localStorage.getItem('plotstream.theme');")).isEqualTo("light");
        assertThat(js("return document.getElementById('graph')._fullLayout.xaxis.gridcolor;")).isEqualTo("#e4e7eb");

        open("themed", 1); // the system still says dark: the remembered pick wins
        chromium.await(WAIT, b -> LIGHT_PAPER.equals(paper()));
        assertThat(browser.findElement(By.id("theme")).getText()).isEqualTo("Dark");

        browser.findElement(By.id("theme")).click(); // back to what the system says: follow it again
        chromium.await(WAIT, b -> DARK_PAPER.equals(paper()));
        assertThat(js("return localStorage.getItem('plotstream.theme');")).isNull();
        chromium.prefersColorScheme("light");
        chromium.await(WAIT, b -> LIGHT_PAPER.equals(paper()));

        browser.get(server.url("/embed/themed?theme=dark")); // an embed in a dark site picks its theme
        chromium.await(WAIT, b -> DARK_PAPER.equals(paper()));
        assertThat(js("return localStorage.getItem('plotstream.theme');")).isNull();
        assertThat(chromium.consoleProblems()).isEmpty();
    }

    @Test
    void aTraceHiddenByALegendClickStaysHiddenAcrossUpdatesSnapshotsAndReloads() {
        server.plots.create("legend", "Legend", 500, "north", "south");
        server.plots.append("legend", 0, 0, 1);
        server.plots.append("legend", 1, 0, 2);
        open("legend", 1);

        browser.findElements(By.cssSelector("#graph .legend .traces")).get(1).click();
        chromium.await(WAIT, b -> "legendonly".equals(js("return document.getElementById('graph').data[1].visible;")));

        server.plots.append("legend", 0, 1, 3);
        server.plots.append("legend", 1, 1, 4);
        chromium.await(WAIT, b -> points(1) == 2);
        server.plots.setTitle("legend", "Legend, retitled"); // a snapshot redraws the whole figure
        chromium.await(WAIT, b -> ((Number) js("return window.plotstream.snapshots;")).intValue() == 2);
        assertThat(js("return document.getElementById('graph').data[1].visible;")).isEqualTo("legendonly");
        assertThat(js("return document.getElementById('graph').data[0].visible;")).isNotEqualTo("legendonly");

        open("legend", 2);
        assertThat(js("return document.getElementById('graph').data[1].visible;")).isEqualTo("legendonly");
        assertThat(js("return document.querySelectorAll('#graph .scatterlayer .trace').length;"))
                .as("only the visible trace is drawn").isEqualTo(1L);

        browser.findElements(By.cssSelector("#graph .legend .traces")).get(1).click(); // show it again
        chromium.await(WAIT, b -> Boolean.TRUE.equals(js("return document.getElementById('graph').data[1].visible;")));
        open("legend", 2);
        assertThat(js("return document.getElementById('graph').data[1].visible;")).isNotEqualTo("legendonly");
    }

    @Test
    void aQuietPlotShowsAStaleBadgeThatClearsWithTheNextUpdate() {
        server.plots.create("quiet", "Quiet", 500, "a");
        server.plots.append("quiet", 0, 0, 1);
        open("quiet", 1);
        assertThat(browser.findElement(By.cssSelector(".ps-badge")).isDisplayed()).isFalse();

        // The page reads time through Plotstream.clock: 72 s pass at once.
        js("var start = Date.now(); Plotstream.clock = function () { return Date.now() - start + 72000 + start; };");
        chromium.await(WAIT, b -> "stale".equals(status()));
        WebElement badge = browser.findElement(By.cssSelector(".ps-badge"));
        assertThat(badge.isDisplayed()).isTrue();
        // 72 s plus the plot's real age when the snapshot was made (the server's ageMs)
        assertThat(badge.getText()).matches("stale · no update for [1-9] min [0-9]{1,2} s");
        assertThat(js("var f = Plotstream.Panel.formatDuration; return [f(72000), f(45500), f(3725000), f(2 * 86400000 + 4 * 3600000)].join('|');"))
                .isEqualTo("1 min 12 s|45 s|1 h 2 min|2 d 4 h");
        assertThat(browser.findElement(By.id("status")).getText()).startsWith("stale · no update for 1 min");
        chromium.screenshot(java.nio.file.Path.of("target", "screenshots", "plot-stale.png"));

        server.plots.append("quiet", 0, 1, 2);
        chromium.await(WAIT, b -> "live".equals(status()));
        assertThat(browser.findElement(By.cssSelector(".ps-badge")).isDisplayed()).isFalse();
    }

    /** A panel fed frames by the test itself, on a div of its own: the Panel contract without a server. */
    private void syntheticPanel(String plotId) {
        js("var host = document.createElement('div'); host.style.cssText = 'width:600px;height:300px';"
                + "var gd = document.createElement('div'); gd.id = 'synthetic'; gd.style.cssText = 'width:600px;height:300px';"
                + "host.appendChild(gd); document.body.appendChild(host);"
                + "window.syn = new Plotstream.Panel(gd, { plotId: arguments[0], onResync: function () { window.synResyncs = (window.synResyncs || 0) + 1; } });",
                plotId);
    }

    private long syntheticPoints() {
        return ((Number) js("var g = document.getElementById('synthetic');"
                + "return g.data && g.data[0] ? g.data[0].y.length : -1;")).longValue();
    }

    @Test
    void pointsThatAgedOutLeaveTheGraphEvenWithoutNewPoints() {
        server.plots.create("host-aged", "Host", 500, "a");
        server.plots.append("host-aged", 0, 0, 0);
        open("host-aged", 1);
        syntheticPanel("aged");
        js("var x = [], y = []; for (var i = 0; i < 10; i++) { x.push('2026-12-01 10:00:0' + i); y.push(i); }"
                + "syn.frame({type: 'snapshot', plot: 'aged', ageMs: 0, maxPoints: [10000],"
                + " figure: {data: [{type: 'scatter', x: x, y: y}], layout: {}}});");
        chromium.await(WAIT, b -> syntheticPoints() == 10);

        // The server's maxage dropped six points: an extend with no new points and the new window length.
        js("syn.frame({type: 'extend', plot: 'aged', update: {x: [[]], y: [[]]}, traceIndices: [0], maxPoints: [4]});");
        chromium.await(WAIT, b -> syntheticPoints() == 4);
        assertThat(js("return document.getElementById('synthetic').data[0].x[0];")).isEqualTo("2026-12-01 10:00:06");

        js("syn.frame({type: 'extend', plot: 'aged', update: {x: [['2026-12-01 10:00:10']], y: [[10]]}, traceIndices: [0], maxPoints: [3]});");
        chromium.await(WAIT, b -> syntheticPoints() == 3);
        assertThat(js("var d = document.getElementById('synthetic').data[0]; return d.x.join(',');"))
                .isEqualTo("2026-12-01 10:00:08,2026-12-01 10:00:09,2026-12-01 10:00:10");
    }

    private double syntheticRangeEnd() {
        return ((Number) js("var f = document.getElementById('synthetic')._fullLayout;"
                + "return f && f.xaxis ? Plotstream.Panel.parseDate(f.xaxis.range[1]) : -1;")).doubleValue();
    }

    @Test
    void aSharedTimeRangeSlidesWithTheClockUntilTheUserZooms() throws Exception {
        server.plots.create("host-range", "Host", 500, "a");
        server.plots.append("host-range", 0, 0, 0);
        open("host-range", 1);
        syntheticPanel("ranged");
        js("window.fakeNow = Date.UTC(2026, 11, 1, 10, 1, 0); Plotstream.clock = function () { return window.fakeNow; };"
                + "syn.frame({type: 'snapshot', plot: 'ranged', ageMs: 0, maxPoints: [100],"
                + " figure: {data: [{x: ['2026-12-01 10:00:10', '2026-12-01 10:00:50'], y: [1, 2]}], layout: {xaxis: {type: 'date'}}}});"
                + "syn.setTimeRange(60000);");
        double start = ((Number) js("return window.fakeNow;")).doubleValue();
        // the range ends at the clock plus a lead (the canvas shows new points until plotly slides the
        // axis again), at most a tenth of the range
        chromium.await(WAIT, b -> syntheticRangeEnd() >= start && syntheticRangeEnd() <= start + 6000);
        assertThat(js("var r = document.getElementById('synthetic')._fullLayout.xaxis.range;"
                + "return Plotstream.Panel.parseDate(r[1]) - Plotstream.Panel.parseDate(r[0]);")).isEqualTo(60000L);

        js("window.fakeNow += 30000;"); // no frame arrives: the range still moves
        chromium.await(WAIT, b -> syntheticRangeEnd() >= start + 30000 && syntheticRangeEnd() <= start + 36000);

        js("Plotly.relayout(document.getElementById('synthetic'), {'xaxis.range[0]': '2026-12-01 10:00:20', 'xaxis.range[1]': '2026-12-01 10:00:40'});");
        chromium.await(WAIT, b -> syntheticRangeEnd() == start - 20000);
        js("window.fakeNow += 30000;");
        Thread.sleep(1500);
        assertThat(syntheticRangeEnd()).as("a user's zoom holds").isEqualTo(start - 20000);

        js("syn.backToLive();");
        chromium.await(WAIT, b -> syntheticRangeEnd() >= start + 60000 && syntheticRangeEnd() <= start + 66000);
    }

    @Test
    void extendsArrivingBetweenAnimationFramesAreMergedIntoOneDraw() {
        server.plots.create("host-merge", "Host", 500, "a");
        server.plots.append("host-merge", 0, 0, 0);
        open("host-merge", 1);
        syntheticPanel("merged");
        js("syn.frame({type: 'snapshot', plot: 'merged', maxPoints: [50, 50],"
                + " figure: {data: [{x: [0], y: [0], text: ['t0']}, {x: [0], y: [0], text: ['u0']}], layout: {}}});");
        chromium.await(WAIT, b -> syntheticPoints() == 1);
        long drawsBefore = ((Number) js("return syn.stats.draws;")).longValue();

        // 200 extends in one task: one or two draws, and the result of applying them all one by one.
        js("for (var i = 1; i <= 200; i++) {"
                + "  var both = i % 3 === 0;"
                + "  syn.frame({type: 'extend', plot: 'merged', traceIndices: both ? [0, 1] : [0], maxPoints: both ? [50, 50] : [50],"
                + "    update: both ? {x: [[i], [i]], y: [[i], [-i]], text: [['<b>t' + i + '</b>'], ['u' + i]]}"
                + "                 : {x: [[i]], y: [[i]], text: [['<b>t' + i + '</b>']]}});"
                + "}"
                + "syn.frame({type: 'extend', plot: 'other', traceIndices: [0], maxPoints: [50], update: {x: [[999]], y: [[999]], text: [['x']]}});");
        chromium.await(WAIT, b -> Long.valueOf(200).equals(js("var d = document.getElementById('synthetic').data[0]; return d.x[d.x.length - 1];")));

        assertThat(syntheticPoints()).isEqualTo(50);
        assertThat(js("return document.getElementById('synthetic').data[0].x[0];")).isEqualTo(151L);
        assertThat(js("return document.getElementById('synthetic').data[0].text[49];")).isEqualTo("&lt;b&gt;t200&lt;/b&gt;");
        assertThat(js("var d = document.getElementById('synthetic').data[1]; return d.y.length + ':' + d.y[d.y.length - 1];"))
                .isEqualTo("50:-198");
        assertThat(((Number) js("return syn.stats.draws;")).longValue() - drawsBefore).isBetween(1L, 3L);
        assertThat(((Number) js("return syn.stats.extends;")).longValue()).isEqualTo(200);
    }

    @Test
    void aPlotDeletedWhileOpenSaysSo() {
        server.plots.create("doomed", "Doomed", 500, "a");
        server.plots.append("doomed", 0, 0, 1);
        open("doomed", 1);

        server.plots.delete("doomed");
        chromium.await(WAIT, b -> "gone".equals(status()));
        WebElement message = browser.findElement(By.id("message"));
        assertThat(message.isDisplayed()).isTrue();
        assertThat(message.getText()).contains("Plot deleted").contains("\"doomed\" was deleted");
        assertThat(browser.findElement(By.cssSelector(".ps-badge")).getText()).isEqualTo("plot deleted");
    }

    @Test
    void aPlotThatNoLongerExistsWhenThePageReconnectsSaysSo() throws Exception {
        server.plots.create("vanishing", "Vanishing", 500, "a");
        server.plots.append("vanishing", 0, 0, 1);
        open("vanishing", 1);

        server.stopAccepting();
        try {
            chromium.await(WAIT, b -> "reconnecting".equals(status()));
            server.plots.delete("vanishing"); // while the page is away: it never sees "gone"
        } finally {
            server.resumeAccepting();
        }
        chromium.await(WAIT, b -> "missing".equals(status()));
        WebElement message = browser.findElement(By.id("message"));
        assertThat(message.getText()).contains("No such plot").contains("There is no plot \"vanishing\" on this server");
        assertThat(message.findElement(By.tagName("a")).getAttribute("href")).isEqualTo(server.url("/"));
    }

    @Test
    void aMissingFrameOnTheMultiplexedSocketShowsOnThePanel() {
        server.plots.create("host-missing", "Host", 500, "a");
        server.plots.append("host-missing", 0, 0, 0);
        open("host-missing", 1);
        syntheticPanel("<b>nope</b>");
        js("syn.frame({type: 'missing', plot: '<b>nope</b>'});");
        chromium.await(WAIT, b -> "missing".equals(js("return syn.stats.state;")));
        assertThat(js("return document.querySelector('#synthetic + .ps-overlay .ps-badge').textContent;"))
                .isEqualTo("no such plot: <b>nope</b>");
        assertThat(js("return document.querySelectorAll('.ps-overlay b').length;")).isEqualTo(0L);
    }

    @Test
    void oneMultiplexedSocketFeedsSeveralPanelsAndResyncsOneOfThem() {
        server.plots.create("mux-a", "A", 500, "a");
        server.plots.create("mux-b", "B", 500, "b");
        server.plots.append("mux-a", 0, 0, 1);
        server.plots.append("mux-b", 0, 0, 2);
        open("mux-a", 1);
        js("window.mux = {}; ['mux-a', 'mux-b', 'mux-none'].forEach(function (id) {"
                + "  var host = document.createElement('div'); var gd = document.createElement('div'); gd.id = 'g-' + id;"
                + "  gd.style.cssText = 'width:400px;height:200px'; host.appendChild(gd); document.body.appendChild(host);"
                + "  mux[id] = new Plotstream.Panel(gd, { plotId: id, onResync: function () { window.muxConn.resync(id); } });"
                + "});"
                + "window.muxStates = [];"
                + "window.muxConn = new Plotstream.LiveSocket({ plots: ['mux-a', 'mux-b', 'mux-none'],"
                + "  onFrame: function (f) { var p = mux[f.plot]; if (p) { p.frame(f); } },"
                + "  onState: function (s) { muxStates.push(s); } });");
        chromium.await(WAIT, b -> Boolean.TRUE.equals(js("var a = document.getElementById('g-mux-a'), b = document.getElementById('g-mux-b');"
                + "return !!(a.data && b.data && a.data[0].y.length === 1 && b.data[0].y.length === 1);")));
        chromium.await(WAIT, b -> "missing".equals(js("return mux['mux-none'].stats.state;")));

        server.plots.append("mux-b", 0, 1, 3);
        chromium.await(WAIT, b -> Long.valueOf(2).equals(js("return document.getElementById('g-mux-b').data[0].y.length;")));
        assertThat(js("return mux['mux-a'].stats.extends;")).isEqualTo(0L);

        js("muxConn.resync('mux-a');");
        chromium.await(WAIT, b -> Long.valueOf(2).equals(js("return mux['mux-a'].stats.snapshots;")));
        assertThat(js("return mux['mux-b'].stats.snapshots;")).isEqualTo(1L);
        assertThat(js("return muxStates.join(',');")).isEqualTo("connecting,live");
        js("muxConn.close();");
    }

    @Test
    void aWrongViewKeyOnReconnectTellsWhatToDo() throws Exception {
        try (PanelTestServer guarded = new PanelTestServer(ViewerOptions.defaults().withViewKey("right-key"))) {
            guarded.plots.create("guarded", "Guarded", 500, "a");
            guarded.plots.append("guarded", 0, 0, 1);
            browser.get(guarded.url("/plots/guarded?key=right-key"));
            chromium.await(WAIT, b -> points(0) == 1);

            // The key changed (say, the server restarted with a new one) and the page has an old one.
            js("history.replaceState(null, '', '?key=old-key');");
            guarded.stopAccepting();
            try {
                chromium.await(WAIT, b -> "reconnecting".equals(status()));
            } finally {
                guarded.resumeAccepting();
            }
            chromium.await(WAIT, b -> "denied".equals(status()));
            String message = browser.findElement(By.id("message")).getText();
            assertThat(message).contains("Wrong or missing view key").contains("?key=<view key>");
        }
    }

    @Test
    void aBusyServerSaysSoAndThePageGoesLiveWhenThereIsRoom() throws Exception {
        try (PanelTestServer small = new PanelTestServer(ViewerOptions.defaults().withMaxViewers(1))) {
            small.plots.create("popular", "Popular", 500, "a");
            small.plots.append("popular", 0, 0, 1);
            browser.get(small.url("/plots/popular"));
            chromium.await(WAIT, b -> points(0) == 1);
            String first = browser.getWindowHandle();

            browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
            browser.get(small.url("/plots/popular"));
            chromium.await(WAIT, b -> "busy".equals(status()));
            assertThat(browser.findElement(By.id("status")).getText()).startsWith("server busy · retrying in");
            assertThat(browser.findElement(By.id("message")).getText()).contains("Server busy");
            String second = browser.getWindowHandle();

            browser.switchTo().window(first).close(); // room for the second page
            browser.switchTo().window(second);
            chromium.await(Duration.ofSeconds(30), b -> points(0) == 1);
            chromium.await(WAIT, b -> "live".equals(status()));
            assertThat(browser.findElement(By.id("message")).isDisplayed()).isFalse();
        }
    }
}
