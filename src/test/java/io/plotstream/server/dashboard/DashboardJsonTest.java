package io.plotstream.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardJsonTest {

    private static final DashboardJson.Rules RULES = new DashboardJson.Rules(24, Set.of("temps", "load", "p1", "p2")::contains);

    static JsonNode json(String text) {
        return DashboardJson.readTree(text.getBytes(StandardCharsets.UTF_8));
    }

    static Dashboard parse(String text) {
        return DashboardJson.parse(json(text), null, () -> "generated", RULES);
    }

    static String problem(String text) {
        try {
            parse(text);
        } catch (InvalidDashboardException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void theContractsExampleParsesAndRoundTrips() {
        String text = "{\"id\": \"ops\", \"title\": \"Operations\", \"columns\": 12, \"rowHeight\": 120, \"timeRange\": \"5m\","
                + " \"panels\": [{\"plot\": \"temps\", \"x\": 0, \"y\": 0, \"w\": 6, \"h\": 3, \"title\": \"Boiler\"}]}";
        Dashboard d = parse(text);
        assertThat(d).isEqualTo(new Dashboard("ops", "Operations", 12, 120, Duration.ofMinutes(5), "5m",
                java.util.List.of(new Panel("temps", 0, 0, 6, 3, "Boiler"))));
        assertThat(DashboardJson.parse(DashboardJson.toJson(d), "ops", () -> "x", RULES)).isEqualTo(d);
        assertThat(json(new String(DashboardJson.toBytes(d), StandardCharsets.UTF_8))).isEqualTo(json(text));
    }

    @Test
    void defaultsFillWhatIsLeftOut() {
        Dashboard d = parse("{\"id\":\"bare\"}");
        assertThat(d.title()).isEqualTo("bare");
        assertThat(d.columns()).isEqualTo(12);
        assertThat(d.rowHeight()).isEqualTo(120);
        assertThat(d.timeRange()).isNull();
        assertThat(d.timeRangeText()).isNull();
        assertThat(d.panels()).isEmpty();
        assertThat(DashboardJson.toJson(d).has("timeRange")).isFalse();
        assertThat(parse("{}").id()).as("no id anywhere: generated").isEqualTo("generated");
        assertThat(parse("{\"panels\":[{\"plot\":\"p1\",\"x\":0,\"y\":0,\"w\":1,\"h\":1}]}").panels().get(0).title()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "30s|PT30S", "5m|PT5M", "2h|PT2H", "1d|PT24H", "PT5M|PT5M", "pt90s|PT1M30S", "1500ms|PT1.5S"})
    void timeRangesInBothSpellings(String text, String iso) {
        Dashboard d = parse("{\"id\":\"t\",\"timeRange\":\"" + text + "\"}");
        assertThat(d.timeRange()).isEqualTo(Duration.parse(iso));
        assertThat(d.timeRangeText()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            // malformed
            "{\"id\":|body: malformed JSON",
            "{\"id\":\"a\",\"id\":\"b\"}|body: malformed JSON at line 1, column 15 (Duplicate field 'id')",
            "{\"id\":\"a\"} {}|body: malformed JSON",
            "[1]|body: expected a JSON object (a dashboard), got an array",
            // unknown keys anywhere
            "{\"id\":\"a\",\"colums\":3}|colums: unknown key (known: id, title, columns, rowHeight, timeRange, panels)",
            "{\"id\":\"a\",\"panels\":[{\"plot\":\"p1\",\"x\":0,\"y\":0,\"w\":1,\"h\":1},{\"plot\":\"p1\",\"x\":0,\"y\":0,\"w\":1,\"h\":1},{\"plot\":\"p1\",\"x\":0,\"y\":0,\"wdth\":1,\"h\":1}]}|panels[2].wdth: unknown key (known: plot, x, y, w, h, title)",
            // id and title
            "{\"id\":\"../etc\"}|id: '../etc' must be 1 to 64 characters",
            "{\"id\":7}|id: expected a string, got 7",
            "{\"id\":\"a\",\"title\":[]}|title: expected a string, got an array",
            // grid
            "{\"id\":\"a\",\"columns\":0}|columns: 0 is below 1",
            "{\"id\":\"a\",\"columns\":25}|columns: 25 is above 24",
            "{\"id\":\"a\",\"columns\":\"12\"}|columns: expected a whole number, got the string \"12\"",
            "{\"id\":\"a\",\"columns\":2.5}|columns: expected a whole number, got 2.5",
            "{\"id\":\"a\",\"rowHeight\":39}|rowHeight: 39 is below 40",
            "{\"id\":\"a\",\"rowHeight\":1001}|rowHeight: 1001 is above 1000",
            "{\"id\":\"a\",\"timeRange\":\"soon\"}|timeRange: 'soon' is not a duration",
            "{\"id\":\"a\",\"timeRange\":5}|timeRange: expected a duration string such as \"5m\", got 5",
            "{\"id\":\"a\",\"timeRange\":\"0s\"}|timeRange: 0s is below 1s",
            // panels
            "{\"id\":\"a\",\"panels\":{}}|panels: expected an array of panels, got an object",
            "{\"id\":\"a\",\"panels\":[3]}|panels[0]: expected a panel object, got 3",
            "{\"id\":\"a\",\"panels\":[{\"x\":0,\"y\":0,\"w\":1,\"h\":1}]}|panels[0].plot: missing",
            "{\"id\":\"a\",\"panels\":[{\"plot\":\"nope\",\"x\":0,\"y\":0,\"w\":1,\"h\":1}]}|panels[0].plot: no plot 'nope'",
            "{\"id\":\"a\",\"panels\":[{\"plot\":\"p1\",\"x\":0,\"y\":0,\"w\":1,\"h\":1},{\"plot\":\"p2\",\"x\":0,\"y\":0,\"w\":1,\"h\":1},{\"plot\":\"p1\",\"x\":0,\"y\":0,\"w\":0,\"h\":1}]}|panels[2].w: 0 is below 1",
            "{\"id\":\"a\",\"panels\":[{\"plot\":\"p1\",\"x\":-1,\"y\":0,\"w\":1,\"h\":1}]}|panels[0].x: -1 is below 0",
            "{\"id\":\"a\",\"panels\":[{\"plot\":\"p1\",\"x\":0,\"y\":-2,\"w\":1,\"h\":1}]}|panels[0].y: -2 is below 0",
            "{\"id\":\"a\",\"panels\":[{\"plot\":\"p1\",\"x\":0,\"y\":0,\"w\":1}]}|panels[0].h: missing",
            "{\"id\":\"a\",\"panels\":[{\"plot\":\"p1\",\"x\":0,\"y\":0,\"w\":1,\"h\":0}]}|panels[0].h: 0 is below 1",
            "{\"id\":\"a\",\"panels\":[{\"plot\":\"p1\",\"x\":10,\"y\":0,\"w\":4,\"h\":1}]}|panels[0].w: x 10 + w 4 = 14 is beyond the grid's 12 columns",
            "{\"id\":\"a\",\"columns\":4,\"panels\":[{\"plot\":\"p1\",\"x\":4,\"y\":0,\"w\":1,\"h\":1}]}|panels[0].x: 4 is above 3",
            "{\"id\":\"a\",\"panels\":[{\"plot\":\"p1\",\"x\":0,\"y\":98,\"w\":1,\"h\":3}]}|panels[0].h: y 98 + h 3 = 101 is beyond the grid's 100 rows",
            "{\"id\":\"a\",\"panels\":[{\"plot\":\"p1\",\"x\":0,\"y\":0,\"w\":1,\"h\":1,\"title\":false}]}|panels[0].title: expected a string, got false",
    })
    void badDefinitionsAreRefusedNamingTheField(String text, String message) {
        assertThat(problem(text)).startsWith(message);
    }

    @Test
    void tooManyPanelsNamesTheLimit() {
        StringBuilder panels = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            panels.append(i == 0 ? "" : ",").append("{\"plot\":\"p1\",\"x\":0,\"y\":0,\"w\":1,\"h\":1}");
        }
        assertThat(problem("{\"id\":\"a\",\"panels\":[" + panels + "]}"))
                .isEqualTo("panels: 25 panels is above the limit of 24 per dashboard (--max-panels)");
    }

    @Test
    void theUrlsIdMustMatchTheBodys() {
        assertThatThrownBy(() -> DashboardJson.parse(json("{\"id\":\"a\"}"), "b", () -> "x", RULES))
                .hasMessageStartingWith("id: 'a' does not match 'b'");
        assertThat(DashboardJson.parse(json("{\"title\":\"T\"}"), "b", () -> "x", RULES).id()).isEqualTo("b");
    }

    @Test
    void longEchoedTextIsClipped() {
        String key = "k".repeat(500);
        assertThat(problem("{\"" + key + "\":1}")).hasSizeLessThan(200);
    }
}
