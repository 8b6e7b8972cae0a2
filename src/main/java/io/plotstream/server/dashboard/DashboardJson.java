package io.plotstream.server.dashboard;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.plot.PlotIds;
import io.plotstream.server.plot.PlotlyTime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads, validates and writes the dashboard JSON (the shape in {@link Dashboard}'s documentation).
 * Validation stops at the first problem and names its field in the message
 * ({@code panels[2].w: 0 is below 1}, {@code panels[0].wdth: unknown key}). Stateless and thread-safe.
 */
public final class DashboardJson {

    public static final int MIN_COLUMNS = 1;
    public static final int MAX_COLUMNS = 24;
    public static final int DEFAULT_COLUMNS = 12;
    public static final int MIN_ROW_HEIGHT = 40;
    public static final int MAX_ROW_HEIGHT = 1000;
    public static final int DEFAULT_ROW_HEIGHT = 120;
    /** Rows a panel may reach down to: {@code y + h <= MAX_ROWS}. */
    public static final int MAX_ROWS = 100;
    public static final int MAX_TITLE_LENGTH = 200;
    public static final Duration MIN_TIME_RANGE = Duration.ofSeconds(1);
    public static final Duration MAX_TIME_RANGE = Duration.ofDays(366);

    private static final Set<String> DASHBOARD_KEYS = Set.of("id", "title", "columns", "rowHeight", "timeRange", "panels");
    private static final Set<String> PANEL_KEYS = Set.of("plot", "x", "y", "w", "h", "title");
    private static final String DASHBOARD_KEY_LIST = "id, title, columns, rowHeight, timeRange, panels";
    private static final String PANEL_KEY_LIST = "plot, x, y, w, h, title";

    /** Strict reading: a duplicate key or anything after the object is malformed, not silently resolved. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        STRICT.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build());
    }

    private DashboardJson() {
    }

    /** The rules a definition is checked against, besides its own shape. */
    public record Rules(int maxPanels, Predicate<String> plotExists) {
        /** Any plot id of the right form is accepted (definitions saved earlier, whose plots may be gone since). */
        public static Rules savedDefinition(int maxPanels) {
            return new Rules(maxPanels, id -> true);
        }
    }

    /** Parses bytes (a request body, a file) strictly; malformed JSON is an {@link InvalidDashboardException}. */
    public static JsonNode readTree(byte[] bytes) {
        try {
            JsonNode node = STRICT.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new InvalidDashboardException("body: empty; expected a JSON object (a dashboard)");
            }
            return node;
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage();
            int noise = reason.indexOf(" (start marker at");
            if (noise > 0) {
                reason = reason.substring(0, noise);
            }
            String at = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidDashboardException("body: malformed JSON" + at + " (" + clip(reason) + ")");
        } catch (IOException e) {
            throw new InvalidDashboardException("body: " + e.getMessage());
        }
    }

    /**
     * Validates a definition.
     *
     * @param json       the parsed definition
     * @param expectedId the id from the URL or the file name, or null (POST): the body's {@code id}
     *                   must then be absent or equal to it
     * @param generateId used when neither the body nor {@code expectedId} gives one
     */
    public static Dashboard parse(JsonNode json, String expectedId, java.util.function.Supplier<String> generateId,
                                  Rules rules) {
        if (json == null || !json.isObject()) {
            throw new InvalidDashboardException("body: expected a JSON object (a dashboard), got " + kind(json));
        }
        unknownKeys(json, DASHBOARD_KEYS, "", DASHBOARD_KEY_LIST);

        String id;
        JsonNode idNode = json.get("id");
        if (idNode == null || idNode.isNull()) {
            id = expectedId != null ? expectedId : generateId.get();
        } else {
            if (!idNode.isTextual()) {
                throw new InvalidDashboardException("id: expected a string, got " + kind(idNode));
            }
            id = idNode.asText();
            if (expectedId != null && !expectedId.equals(id)) {
                throw new InvalidDashboardException("id: '" + clip(id) + "' does not match '" + expectedId
                        + "' (the URL's or file name's id); leave it out or make them equal");
            }
        }
        if (!PlotIds.isValid(id)) {
            throw new InvalidDashboardException("id: '" + clip(id)
                    + "' must be 1 to 64 characters of [A-Za-z0-9_-], starting with a letter or digit");
        }

        String title = optionalText(json, "title", "title");
        if (title == null) {
            title = id;
        }
        int columns = optionalInt(json, "columns", "columns", DEFAULT_COLUMNS, MIN_COLUMNS, MAX_COLUMNS);
        int rowHeight = optionalInt(json, "rowHeight", "rowHeight", DEFAULT_ROW_HEIGHT, MIN_ROW_HEIGHT, MAX_ROW_HEIGHT);

        Duration timeRange = null;
        String timeRangeText = null;
        JsonNode range = json.get("timeRange");
        if (range != null && !range.isNull()) {
            if (!range.isTextual()) {
                throw new InvalidDashboardException("timeRange: expected a duration string such as \"5m\", got " + kind(range));
            }
            timeRangeText = range.asText();
            timeRange = duration(timeRangeText, "timeRange");
        }

        List<Panel> panels = new ArrayList<>();
        JsonNode panelsNode = json.get("panels");
        if (panelsNode != null && !panelsNode.isNull()) {
            if (!panelsNode.isArray()) {
                throw new InvalidDashboardException("panels: expected an array of panels, got " + kind(panelsNode));
            }
            if (panelsNode.size() > rules.maxPanels()) {
                throw new InvalidDashboardException("panels: " + panelsNode.size() + " panels is above the limit of "
                        + rules.maxPanels() + " per dashboard (--max-panels)");
            }
            for (int i = 0; i < panelsNode.size(); i++) {
                panels.add(panel(panelsNode.get(i), "panels[" + i + "]", columns, rules));
            }
        }
        return new Dashboard(id, title, columns, rowHeight, timeRange, timeRangeText, panels);
    }

    private static Panel panel(JsonNode node, String at, int columns, Rules rules) {
        if (!node.isObject()) {
            throw new InvalidDashboardException(at + ": expected a panel object, got " + kind(node));
        }
        unknownKeys(node, PANEL_KEYS, at + ".", PANEL_KEY_LIST);
        JsonNode plotNode = node.get("plot");
        if (plotNode == null || plotNode.isNull()) {
            throw new InvalidDashboardException(at + ".plot: missing; name the plot this panel shows");
        }
        if (!plotNode.isTextual()) {
            throw new InvalidDashboardException(at + ".plot: expected a plot id string, got " + kind(plotNode));
        }
        String plot = plotNode.asText();
        if (!PlotIds.isValid(plot)) {
            throw new InvalidDashboardException(at + ".plot: '" + clip(plot) + "' is not a plot id");
        }
        if (!rules.plotExists().test(plot)) {
            throw new InvalidDashboardException(at + ".plot: no plot '" + plot + "'");
        }
        int x = requiredInt(node, "x", at + ".x", 0, columns - 1);
        int y = requiredInt(node, "y", at + ".y", 0, MAX_ROWS - 1);
        int w = requiredInt(node, "w", at + ".w", 1, columns);
        int h = requiredInt(node, "h", at + ".h", 1, MAX_ROWS);
        if (x + w > columns) {
            throw new InvalidDashboardException(at + ".w: x " + x + " + w " + w + " = " + (x + w)
                    + " is beyond the grid's " + columns + " columns");
        }
        if (y + h > MAX_ROWS) {
            throw new InvalidDashboardException(at + ".h: y " + y + " + h " + h + " = " + (y + h)
                    + " is beyond the grid's " + MAX_ROWS + " rows");
        }
        String title = optionalText(node, "title", at + ".title");
        return new Panel(plot, x, y, w, h, title);
    }

    /** The definition as JSON: what the API answers and what the data directory keeps. */
    public static ObjectNode toJson(Dashboard d) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", d.id());
        out.put("title", d.title());
        out.put("columns", d.columns());
        out.put("rowHeight", d.rowHeight());
        if (d.timeRangeText() != null) {
            out.put("timeRange", d.timeRangeText());
        }
        ArrayNode panels = out.putArray("panels");
        for (Panel p : d.panels()) {
            ObjectNode panel = panels.addObject();
            panel.put("plot", p.plot());
            panel.put("x", p.x());
            panel.put("y", p.y());
            panel.put("w", p.w());
            panel.put("h", p.h());
            if (p.title() != null) {
                panel.put("title", p.title());
            }
        }
        return out;
    }

    public static byte[] toBytes(Dashboard d) {
        try {
            return STRICT.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(d));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dashboard always serialises", e);
        }
    }

    /** The same duration grammar as a trace's {@code maxage} ({@link PlotlyTime#parseDuration}), bounded to 1s..366d. */
    static Duration duration(String text, String at) {
        Duration d;
        try {
            d = PlotlyTime.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidDashboardException(at + ": '" + clip(text)
                    + "' is not a duration (30s, 5m, 2h, 1d or ISO-8601 such as PT5M)");
        }
        if (d.compareTo(MIN_TIME_RANGE) < 0) {
            throw new InvalidDashboardException(at + ": " + clip(text) + " is below 1s");
        }
        if (d.compareTo(MAX_TIME_RANGE) > 0) {
            throw new InvalidDashboardException(at + ": " + clip(text) + " is above 366d");
        }
        return d;
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String prefix, String knownList) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            String name = fields.next().getKey();
            if (!known.contains(name)) {
                throw new InvalidDashboardException(prefix + clip(name) + ": unknown key (known: " + knownList + ")");
            }
        }
    }

    private static String optionalText(JsonNode node, String name, String at) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidDashboardException(at + ": expected a string, got " + kind(value));
        }
        String text = value.asText();
        if (text.length() > MAX_TITLE_LENGTH) {
            throw new InvalidDashboardException(at + ": " + text.length() + " characters is above " + MAX_TITLE_LENGTH);
        }
        return text;
    }

    private static int optionalInt(JsonNode node, String name, String at, int defaultValue, int min, int max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        return checkedInt(value, at, min, max);
    }

    private static int requiredInt(JsonNode node, String name, String at, int min, int max) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new InvalidDashboardException(at + ": missing; expected a whole number " + min + ".." + max);
        }
        return checkedInt(value, at, min, max);
    }

    private static int checkedInt(JsonNode value, String at, int min, int max) {
        if (!value.isIntegralNumber() && !(value.isNumber() && value.asDouble() == Math.rint(value.asDouble()))) {
            throw new InvalidDashboardException(at + ": expected a whole number, got " + kind(value));
        }
        if (!value.canConvertToLong() && value.isIntegralNumber()) {
            throw new InvalidDashboardException(at + ": " + value.asText() + " is out of range " + min + ".." + max);
        }
        double n = value.asDouble();
        if (n < min) {
            throw new InvalidDashboardException(at + ": " + value.asText() + " is below " + min);
        }
        if (n > max) {
            throw new InvalidDashboardException(at + ": " + value.asText() + " is above " + max);
        }
        return (int) n;
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isTextual()) {
            return "the string \"" + clip(node.asText()) + "\"";
        }
        if (node.isNumber() || node.isBoolean() || node.isNull()) {
            return node.asText();
        }
        return node.isArray() ? "an array" : "an object";
    }

    /** Echoed user text is shortened: an error message must stay readable. */
    private static String clip(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
