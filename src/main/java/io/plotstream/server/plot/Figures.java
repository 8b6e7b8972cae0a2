package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.protocol.StreamToken;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a plotly figure ({@code {"data": [...], "layout": {...}}}) into a {@link PlotDefinition},
 * naming the offending field when it cannot. A trace with a {@code stream} object is streamed; a
 * {@code stream} without a token gets a freshly minted one.
 */
public final class Figures {

    public static final int DEFAULT_MAX_POINTS = 500;
    private static final java.time.Duration MAX_AGE = java.time.Duration.ofDays(366);

    private final int maxPointsCap;
    private final int maxTraces;

    /**
     * @param maxPointsCap largest {@code maxpoints} accepted (plotly's own limit was 10000)
     * @param maxTraces    most traces in one figure
     */
    public Figures(int maxPointsCap, int maxTraces) {
        this.maxPointsCap = maxPointsCap;
        this.maxTraces = maxTraces;
    }

    public int maxPointsCap() {
        return maxPointsCap;
    }

    public PlotDefinition parse(JsonNode figure) {
        if (figure == null || !figure.isObject()) {
            throw new InvalidFigureException("figure: expected a JSON object with \"data\" and \"layout\"");
        }
        JsonNode data = figure.get("data");
        if (data == null || !data.isArray()) {
            throw new InvalidFigureException("data: expected an array of traces");
        }
        if (data.size() > maxTraces) {
            throw new InvalidFigureException("data: " + data.size() + " traces exceed the limit of " + maxTraces);
        }
        JsonNode layout = figure.get("layout");
        if (layout != null && !layout.isObject() && !layout.isNull()) {
            throw new InvalidFigureException("layout: expected an object");
        }
        List<TraceDefinition> traces = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            traces.add(trace(data.get(i), "data[" + i + "]"));
        }
        ObjectNode layoutCopy = layout == null || layout.isNull()
                ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) layout).deepCopy();
        return new PlotDefinition(layoutCopy, List.copyOf(traces), Thresholds.parse(figure.get("thresholds")));
    }

    /** A figure with one empty streamed scatter trace, as open mode creates for an unknown token. */
    public PlotDefinition openModeFigure(String token, String title) {
        ObjectNode trace = JsonNodeFactory.instance.objectNode();
        trace.put("type", "scatter");
        trace.put("mode", "lines+markers");
        trace.putObject("stream").put("token", token).put("maxpoints", DEFAULT_MAX_POINTS);
        ObjectNode layout = JsonNodeFactory.instance.objectNode();
        layout.putObject("title").put("text", title);
        return new PlotDefinition(layout, List.of(new TraceDefinition(trace, token, DEFAULT_MAX_POINTS,
                new JsonNode[PointColumn.COUNT])));
    }

    private TraceDefinition trace(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new InvalidFigureException(where + ": expected a trace object");
        }
        ObjectNode attributes = ((ObjectNode) node).deepCopy();
        JsonNode stream = attributes.get("stream");
        if (stream == null || stream.isNull()) {
            attributes.remove("stream");
            return new TraceDefinition(attributes, null, 0, new JsonNode[PointColumn.COUNT]);
        }
        if (!stream.isObject()) {
            throw new InvalidFigureException(where + ".stream: expected an object {\"token\", \"maxpoints\", \"maxage\"}");
        }
        ObjectNode streamObject = (ObjectNode) stream;
        String token = token(streamObject, where);
        int maxPoints = maxPoints(streamObject, where);
        long maxAgeMs = maxAge(streamObject, where);
        streamObject.put("token", token);
        streamObject.put("maxpoints", maxPoints);
        return new TraceDefinition(attributes, token, maxPoints, takeColumns(attributes, where), maxAgeMs);
    }

    /** {@code stream.maxage}: a duration ({@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code PT5M}), 0 when absent. */
    private static long maxAge(ObjectNode stream, String where) {
        JsonNode value = stream.get("maxage");
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isTextual()) {
            throw new InvalidFigureException(where + ".stream.maxage: expected a duration like \"30s\", \"5m\", \"2h\", \"1d\" or \"PT5M\", was " + value);
        }
        java.time.Duration age;
        try {
            age = PlotlyTime.parseDuration(value.asText());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InvalidFigureException(where + ".stream.maxage: " + e.getMessage());
        }
        if (age.isNegative() || age.isZero() || age.compareTo(MAX_AGE) > 0) {
            throw new InvalidFigureException(where + ".stream.maxage: " + value.asText() + " is outside 1ms..366d");
        }
        return age.toMillis();
    }

    private static String token(ObjectNode stream, String where) {
        JsonNode token = stream.get("token");
        if (token == null || token.isNull() || (token.isTextual() && token.asText().isEmpty())) {
            return StreamTokens.mint();
        }
        if (!token.isTextual() || !StreamToken.isWellFormed(token.asText())) {
            throw new InvalidFigureException(where + ".stream.token: expected 1 to " + StreamToken.MAX_LENGTH
                    + " characters of [A-Za-z0-9_.~-]");
        }
        return token.asText();
    }

    private int maxPoints(ObjectNode stream, String where) {
        JsonNode value = stream.get("maxpoints");
        if (value == null || value.isNull()) {
            return Math.min(DEFAULT_MAX_POINTS, maxPointsCap);
        }
        if (!value.isNumber() || value.asDouble() != Math.floor(value.asDouble())) {
            throw new InvalidFigureException(where + ".stream.maxpoints: expected a whole number, was " + value);
        }
        double n = value.asDouble();
        if (n < 0 || n > maxPointsCap) {
            throw new InvalidFigureException(where + ".stream.maxpoints: " + value + " is outside 0.." + maxPointsCap);
        }
        return (int) n;
    }

    /** Moves the per-point arrays out of the trace: they seed the window, which owns them from now on. */
    private static JsonNode[] takeColumns(ObjectNode attributes, String where) {
        JsonNode[] columns = new JsonNode[PointColumn.COUNT];
        for (PointColumn column : PointColumn.values()) {
            ObjectNode parent = attributes;
            if (column.inMarker()) {
                JsonNode marker = attributes.get("marker");
                if (marker == null || !marker.isObject()) {
                    continue;
                }
                parent = (ObjectNode) marker;
            }
            JsonNode value = parent.get(column.leafName());
            if (value != null && value.isArray()) {
                columns[column.ordinal()] = value;
                parent.remove(column.leafName());
            }
        }
        return columns;
    }
}
