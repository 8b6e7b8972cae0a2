package io.plotstream.integration.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dashboards in a real browser against the real plot server: every panel live over one WebSocket,
 * rearranging and resizing saved with the admin key, a wrong key's answer shown, the embed view, the
 * index's live previews and the shared time range. One server and one browser for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Counts the page's WebSockets: injected before any page script runs (test only). */
    static final String COUNT_SOCKETS = "(function () {"
            + "  var Native = window.WebSocket; window.__sockets = [];"
            + "  function Counted(url, protocols) {"
            + "    var ws = protocols === undefined ? new Native(url) : new Native(url, protocols);"
            + "    window.__sockets.push(String(url)); return ws; }"
            + "  Counted.prototype = Native.prototype;"
            + "  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach(function (k) { Counted[k] = Native[k]; });"
            + "  window.WebSocket = Counted;"
            + "}());";

    @TempDir
    static Path dir;
    private DashboardServer server;
    private HeadlessChromium chromium;
    private WebDriver browser;
    private final List<DashboardServer.Feed> feeds = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        server = DashboardServer.start(dir);
        for (String id : List.of("boiler", "pump", "fan")) {
            server.definePlot(id, "The " + id, "tok-" + id, 2000);
            feeds.add(server.feed("tok-" + id, 50));
        }
    }

    @BeforeEach
    void browser() {
        if (chromium == null) {
            chromium = HeadlessChromium.startOrSkip();
            browser = chromium.driver();
            ((ChromeDriver) browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", COUNT_SOCKETS));
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1100)); // every panel in view
        }
        browser.get(server.url("/healthz"));
        chromium.js("window.sessionStorage.clear();");
        chromium.consoleProblems();
    }

    @AfterAll
    void stop() {
        feeds.forEach(DashboardServer.Feed::close);
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String dashboardJson(String id, String timeRange) {
        return "{\"id\":\"" + id + "\",\"title\":\"Plant <b>room</b>\",\"columns\":12,\"rowHeight\":100"
                + (timeRange == null ? "" : ",\"timeRange\":\"" + timeRange + "\"")
                + ",\"panels\":["
                + "{\"plot\":\"boiler\",\"x\":0,\"y\":0,\"w\":6,\"h\":3,\"title\":\"Boiler <img src=x onerror=window.__xss=1>\"},"
                + "{\"plot\":\"pump\",\"x\":6,\"y\":0,\"w\":6,\"h\":3},"
                + "{\"plot\":\"fan\",\"x\":0,\"y\":3,\"w\":4,\"h\":2}]}";
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> panelStats() {
        return (List<Map<String, Object>>) chromium.js("return window.plotstreamDashboard ? window.plotstreamDashboard.panelStats() : [];");
    }

    private long draws(int panel) {
        List<Map<String, Object>> stats = panelStats();
        return stats.size() > panel ? ((Number) stats.get(panel).get("draws")).longValue() : -1;
    }

    private long points(int panel) {
        return ((Number) chromium.js("var g = document.querySelectorAll('.tile-graph')[arguments[0]];"
                + "return g && g.data && g.data[0] && g.data[0].y ? g.data[0].y.length : -1;", panel)).longValue();
    }

    /** Points the panel holds (what it draws may be fewer: at most four per pixel column). */
    private long windowPoints(int panel) {
        List<Map<String, Object>> stats = panelStats();
        return stats.size() > panel ? ((Number) stats.get(panel).get("window")).longValue() : -1;
    }

    /** Where panel i sits on the page's grid: "column / span w | row / span h" (CSS grid lines from 1). */
    private String placed(int panel) {
        return String.valueOf(chromium.js("var t = document.querySelectorAll('.tile')[arguments[0]];"
                + "return t ? t.style.gridColumn + ' | ' + t.style.gridRow : '';", panel));
    }

    @SuppressWarnings("unchecked")
    private List<String> sockets() {
        return (List<String>) chromium.js("return window.__sockets || [];");
    }

    private void awaitAllPanelsLive(int panels) {
        chromium.await(WAIT, b -> {
            for (int i = 0; i < panels; i++) {
                if (points(i) <= 0) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void everyPanelIsLiveOverOneWebSocket() {
        server.putDashboard("plant", dashboardJson("plant", null));
        browser.get(server.url("/dashboards/plant"));
        awaitAllPanelsLive(3);
        long[] drawsBefore = { draws(0), draws(1), draws(2) };
        long[] pointsBefore = { windowPoints(0), windowPoints(1), windowPoints(2) };
        chromium.await(WAIT, b -> draws(0) > drawsBefore[0] + 5 && draws(1) > drawsBefore[1] + 5 && draws(2) > drawsBefore[2] + 5);

        assertThat(sockets()).as("WebSockets the page opened").hasSize(1);
        assertThat(sockets().get(0)).contains("/ws/live?plots=").contains("boiler").contains("pump").contains("fan");
        for (int i = 0; i < 3; i++) {
            assertThat(windowPoints(i)).as("points in panel " + i + "'s window").isGreaterThanOrEqualTo(pointsBefore[i]);
        }
        assertThat(browser.findElement(By.id("title")).getText()).isEqualTo("Plant <b>room</b>");
        assertThat(browser.findElements(By.cssSelector(".tile-title")).get(0).getText())
                .isEqualTo("Boiler <img src=x onerror=window.__xss=1>");
        assertThat(browser.findElements(By.cssSelector(".tile-title")).get(1).getText()).isEqualTo("The pump");
        assertThat(chromium.js("return typeof window.__xss;")).isEqualTo("undefined");
        assertThat(browser.findElement(By.id("status")).getAttribute("data-state")).isEqualTo("live");
        chromium.screenshot(Path.of("target", "screenshots", "dashboard.png"));
        assertThat(chromium.consoleProblems()).isEmpty();
    }

    @Test
    void aPanelWhosePlotIsMissingSaysSo() {
        server.definePlot("doomed", "Doomed", "tok-doomed", 100);
        server.putDashboard("partial", "{\"id\":\"partial\",\"panels\":["
                + "{\"plot\":\"boiler\",\"x\":0,\"y\":0,\"w\":6,\"h\":3},{\"plot\":\"doomed\",\"x\":6,\"y\":0,\"w\":6,\"h\":3}]}");
        server.deletePlot("doomed");

        browser.get(server.url("/dashboards/partial"));
        awaitAllPanelsLive(1);
        WebElement doomed = browser.findElements(By.cssSelector(".tile")).get(1);
        chromium.await(WAIT, b -> doomed.findElement(By.cssSelector(".tile-message")).isDisplayed());
        assertThat(doomed.findElement(By.cssSelector(".tile-message")).getText()).contains("doomed");
        assertThat(doomed.getAttribute("data-state")).isIn("missing", "gone");
        assertThat(sockets()).hasSize(1);
    }

    @Test
    void rearrangedAndResizedLayoutIsSavedWithTheAdminKey() {
        server.putDashboard("editable", dashboardJson("editable", null));
        browser.get(server.url("/dashboards/editable"));
        awaitAllPanelsLive(3);

        browser.findElement(By.id("edit")).click();
        WebElement fan = browser.findElements(By.cssSelector(".tile")).get(2);
        double colPitch = (fan.getRect().getWidth() + 8) / 4.0;   // fan is 4 columns wide; the grid's gap is 8 px
        double rowPitch = 100 + 8;
        // Drag the fan panel 4 columns right (snaps to x = 4), then its corner 2 columns right and 1 row down.
        new Actions(browser).moveToElement(fan).clickAndHold()
                .moveByOffset((int) (colPitch * 2), 0).moveByOffset((int) (colPitch * 2), 5).release().perform();
        chromium.await(WAIT, b -> placed(2).equals("5 / span 4 | 4 / span 2"));
        WebElement handle = fan.findElement(By.cssSelector(".tile-resize"));
        new Actions(browser).moveToElement(handle).clickAndHold()
                .moveByOffset((int) colPitch, (int) (rowPitch / 2)).moveByOffset((int) colPitch, (int) (rowPitch / 2)).release().perform();
        chromium.await(WAIT, b -> placed(2).equals("5 / span 6 | 4 / span 3"));

        browser.findElement(By.id("save")).click();
        WebElement key = browser.findElement(By.id("admin-key"));
        chromium.await(WAIT, b -> key.isDisplayed());
        key.sendKeys(DashboardServer.ADMIN_KEY, Keys.ENTER);
        chromium.await(WAIT, b -> ((Number) chromium.js("return window.plotstreamDashboard.saves;")).intValue() == 1);
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("Layout saved.");
        assertThat(browser.getCurrentUrl()).doesNotContain(DashboardServer.ADMIN_KEY);

        JsonNode fanPanel = server.dashboard("editable").path("panels").path(2);
        assertThat(fanPanel.path("plot").asText()).isEqualTo("fan");
        assertThat(List.of(fanPanel.path("x").asInt(), fanPanel.path("y").asInt(), fanPanel.path("w").asInt(), fanPanel.path("h").asInt()))
                .containsExactly(4, 3, 6, 3);
        assertThat(server.dashboard("editable").path("panels").path(0).path("title").asText())
                .isEqualTo("Boiler <img src=x onerror=window.__xss=1>");

        browser.navigate().refresh();
        awaitAllPanelsLive(3);
        assertThat(placed(2)).isEqualTo("5 / span 6 | 4 / span 3");
        assertThat(chromium.js("return window.sessionStorage.getItem('plotstream.adminKey');")).isEqualTo(DashboardServer.ADMIN_KEY);
        // The first save goes without a key (a server may have none); its 401 is what makes the page ask.
        assertThat(chromium.consoleProblems()).allMatch(m -> m.contains("/api/dashboards/editable") && m.contains("401"));
    }

    @Test
    void aWrongAdminKeyShowsTheServersAnswerAndChangesNothing() {
        server.putDashboard("guarded", dashboardJson("guarded", null));
        browser.get(server.url("/dashboards/guarded"));
        awaitAllPanelsLive(1);
        String serverSays = server.send("PUT", "/api/dashboards/guarded", dashboardJson("guarded", null), "wrong-key").body();

        browser.findElement(By.id("edit")).click();
        WebElement pump = browser.findElements(By.cssSelector(".tile")).get(1);
        pump.click();
        pump.sendKeys(Keys.ARROW_DOWN); // keyboard editing: one row down
        chromium.await(WAIT, b -> placed(1).equals("7 / span 6 | 2 / span 3"));
        browser.findElement(By.id("save")).click();
        WebElement key = browser.findElement(By.id("admin-key"));
        chromium.await(WAIT, b -> key.isDisplayed());
        key.sendKeys("wrong-key", Keys.ENTER);

        WebElement message = browser.findElement(By.id("message"));
        chromium.await(WAIT, b -> message.getText().startsWith("Not saved"));
        assertThat(message.getText()).startsWith("Not saved (40").contains(errorOf(serverSays));
        assertThat(message.getAttribute("data-kind")).isEqualTo("error");
        assertThat(key.isDisplayed()).as("the key form asks again").isTrue();
        assertThat(chromium.js("return window.sessionStorage.getItem('plotstream.adminKey');")).isNull();
        assertThat(server.dashboard("guarded").path("panels").path(1).path("y").asInt()).isZero();
    }

    private static String errorOf(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("error").asText(body.trim());
        } catch (Exception e) {
            return body.trim();
        }
    }

    @Test
    void theEmbedViewShowsTheGridWithoutToolbarAndMayBeFramed() {
        server.putDashboard("wall", dashboardJson("wall", null));
        DashboardServer.Answer page = server.send("GET", "/embed/dashboards/wall", null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(String.join(",", page.headers().getOrDefault("content-security-policy", List.of())))
                .contains("frame-ancestors *");
        assertThat(page.headers()).doesNotContainKey("x-frame-options");

        browser.get(server.url("/embed/dashboards/wall"));
        awaitAllPanelsLive(3);
        assertThat(browser.findElements(By.cssSelector(".toolbar, #edit, #save"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector(".tile a"))).as("no links out of an embed").isEmpty();
        assertThat(sockets()).hasSize(1);

        DashboardServer.Answer unknown = server.send("GET", "/dashboards/no-such-board", null, null);
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void theSharedTimeRangeAppliesToEveryPanel() {
        server.putDashboard("ranged", dashboardJson("ranged", "1m"));
        browser.get(server.url("/dashboards/ranged"));
        awaitAllPanelsLive(3);
        chromium.await(WAIT, b -> spans(60_000));
        assertThat(browser.findElement(By.id("range")).getAttribute("value")).isEqualTo("1m");

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("range"))).selectByValue("5m");
        chromium.await(WAIT, b -> spans(300_000));
    }

    /** Every panel's x axis shows [now - ms, now] (give or take the time a test takes). */
    private boolean spans(long ms) {
        Object ok = chromium.js("var gs = document.querySelectorAll('.tile-graph'); if (!gs.length) return false;"
                + "for (var i = 0; i < gs.length; i++) {"
                + "  var l = gs[i]._fullLayout; if (!l || !l.xaxis || l.xaxis.type !== 'date') return false;"
                + "  var r = l.xaxis.range.map(function (v) { return new Date(String(v).replace(' ', 'T') + 'Z').getTime(); });"
                + "  if (Math.abs((r[1] - r[0]) - arguments[0]) > 2000) return false;"
                + "  if (Math.abs(r[1] - Date.now()) > 10000) return false;"
                + "} return true;", ms);
        return Boolean.TRUE.equals(ok);
    }

    @Test
    void theIndexListsDashboardsAndPlotsWithLivePreviewsOverOneSocket() {
        server.putDashboard("listed", dashboardJson("listed", null));
        browser.get(server.url("/"));
        chromium.await(WAIT, b -> !b.findElements(By.cssSelector(".dashboard-card[data-dashboard-id='listed']")).isEmpty());
        // Read in one script: the list is rebuilt every refresh, so element handles go stale.
        assertThat(chromium.js("var c = document.querySelector(\".dashboard-card[data-dashboard-id='listed']\");"
                + "var a = c.querySelector('.card-title');"
                + "return [a.textContent, a.getAttribute('href'), c.textContent.indexOf('3 panels') >= 0].join('|');"))
                .isEqualTo("Plant <b>room</b>|/dashboards/listed|true");

        chromium.await(WAIT, b -> {
            for (String id : List.of("boiler", "pump", "fan")) {
                Object n = chromium.js("var g = document.querySelector(\"tr[data-plot-id='\" + arguments[0] + \"'] .preview\");"
                        + "return g && g.data && g.data[0] && g.data[0].y ? g.data[0].y.length : 0;", id);
                if (((Number) n).longValue() == 0) {
                    return false;
                }
            }
            return true;
        });
        long extendsBefore = previewExtends("boiler");
        chromium.await(WAIT, b -> previewExtends("boiler") > extendsBefore + 3);
        assertThat(sockets()).hasSize(1);
        assertThat(sockets().get(0)).contains("/ws/live?plots=");
        assertThat(browser.findElements(By.cssSelector("#plot-rows .modebar-btn"))).as("compact previews").isEmpty();
        chromium.screenshot(Path.of("target", "screenshots", "index.png"));
        assertThat(chromium.consoleProblems()).isEmpty();
    }

    private long previewExtends(String plot) {
        Object n = chromium.js("var id = arguments[0];"
                + "var p = window.plotstreamIndex.previews().filter(function (p) { return p.plot === id; })[0];"
                + "return p ? p.extends : -1;", plot);
        return ((Number) n).longValue();
    }
}
