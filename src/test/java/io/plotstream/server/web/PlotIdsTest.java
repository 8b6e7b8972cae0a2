package io.plotstream.server.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlotIdsTest {

    @Test
    void takesTheOneSegmentAfterThePrefix() {
        assertThat(PlotIds.after("/plots/", "/plots/temps-1_a.b~c")).contains("temps-1_a.b~c");
    }

    @Test
    void refusesWhatCouldLeaveTheSegmentOrBreakHtml() {
        assertThat(PlotIds.after("/plots/", "/plots/")).isEmpty();
        assertThat(PlotIds.after("/plots/", "/plots/a/b")).isEmpty();
        assertThat(PlotIds.after("/plots/", "/plots/..")).isEmpty();
        assertThat(PlotIds.after("/plots/", "/plots/a\"onload=x")).isEmpty();
        assertThat(PlotIds.after("/plots/", "/plots/<b>")).isEmpty();
        assertThat(PlotIds.after("/plots/", "/plots/" + "x".repeat(129))).isEmpty();
        assertThat(PlotIds.after("/plots/", "/embed/a")).isEmpty();
    }
}
