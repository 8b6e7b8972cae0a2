package io.plotstream.server.web;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LivePlotsTest {

    @Test
    void commaSeparatedAndRepeatedIdsAreTakenInOrderWithoutDuplicates() {
        LivePlots.Parsed parsed = LivePlots.parse(List.of("a, b,,a", "c"));

        assertThat(parsed.ok()).isTrue();
        assertThat(parsed.ids()).containsExactly("a", "b", "c");
    }

    @Test
    void noPlotsIsRefused() {
        assertThat(LivePlots.parse(null).error()).contains("at least one");
        assertThat(LivePlots.parse(List.of(" , ")).error()).contains("at least one");
    }

    @Test
    void invalidIdIsRefusedWithoutEchoingIt() {
        String error = LivePlots.parse(List.of("a,<script>")).error();

        assertThat(error).contains("not a valid plot id").doesNotContain("<script>");
    }

    @Test
    void atMostSixtyFourPlots() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            ids.add("p" + i);
        }
        assertThat(LivePlots.parse(List.of(String.join(",", ids))).ids()).hasSize(64);

        ids.add("p64");
        assertThat(LivePlots.parse(List.of(String.join(",", ids))).error()).contains("at most 64");
    }
}
