package io.plotstream.integration.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.PlotServer;
import io.plotstream.server.ServerConfig;
import io.plotstream.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster node's page while the node has lost Redis: the plot stays drawn, its badge says it is
 * stale and why, and it goes back to live by itself when Redis returns (a real redis-server, the
 * real server on the Redis engine, headless Chromium).
 */
class EngineStaleBrowserIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private RedisServerProcess redis;
    private PlotServer server;
    private HeadlessChromium chromium;

    @AfterEach
    void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.stop();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aPageShowsItsPlotAsStaleWhileTheNodeHasLostRedisAndLiveAgainWhenItIsBack() throws Exception {
        redis = RedisServerProcess.start(dir.resolve("redis"));
        server = new PlotServer(ServerConfig.builder().port(0).bind("127.0.0.1").dataDir(dir.resolve("data"))
                .plotsDir(dir.resolve("none")).engine(redis.uri()).nodeId("page-node").build());
        server.start();
        server.store().create("p", new ObjectMapper().readTree(
                "{\"data\":[{\"type\":\"scatter\",\"x\":[1,2,3],\"y\":[4,5,6],\"stream\":{\"token\":\"pagetoken1\"}}]}"));
        chromium = HeadlessChromium.startOrSkip();
        WebDriver browser = chromium.driver();
        browser.get("http://127.0.0.1:" + server.getPort() + "/plots/p");
        chromium.await(WAIT, d -> chromium.js("return document.querySelector('.js-plotly-plot .main-svg') !== null;")
                .equals(Boolean.TRUE));
        WebElement badge = browser.findElement(By.cssSelector(".ps-badge"));
        assertThat(badge.isDisplayed()).as("live: no badge").isFalse();

        redis.kill();
        chromium.await(WAIT, d -> badge.isDisplayed() && badge.getText().startsWith("stale"));
        assertThat(badge.getText()).contains("redis unreachable");
        assertThat(browser.findElements(By.cssSelector(".js-plotly-plot .main-svg"))).as("what it had stays drawn").isNotEmpty();

        redis.restart();
        chromium.await(WAIT, d -> !badge.isDisplayed());
        assertThat(chromium.consoleProblems()).isEmpty();
    }
}
