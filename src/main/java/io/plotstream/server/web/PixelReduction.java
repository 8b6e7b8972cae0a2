package io.plotstream.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.plot.PlotSnapshot;
import io.plotstream.server.plot.PlotlyTime;
import io.plotstream.server.plot.PointColumn;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * A snapshot cut to what a panel {@code width} pixels wide can show (docs/VIEWER-WIDTH.md 2, the M4
 * aggregation of Jugel et al., VLDB 2014): per pixel column of the window's x range, the first, the
 * lowest-y, the highest-y and the last point, in window order, each once. A line through these
 * draws the same pixels as a line through every point, spikes included, when the columns are the
 * panel's pixels; with the width rounded up ({@link PanelWidth#bucket}) and plotly's own axis range
 * the columns are a little finer than the pixels, which keeps more points, never fewer.
 *
 * <p>Which traces: streamed ones ({@code maxPoints > 0}) of type {@code scatter}/{@code scattergl}
 * (or no type) drawn as lines (no {@code markers} in {@code mode}, no {@code stackgroup}, no
 * {@code fill} to the next trace: the browser's rule too) whose x are all numbers or all Plotly date strings (naive UTC, read by
 * {@link PlotlyTime#parseDate}), whose y are numbers or null, on an x axis that is not
 * {@code category}, {@code multicategory} or {@code log} (whose columns are not equal x intervals),
 * and that hold more than {@code 4 × width} points. Every other trace is sent exactly. A null y (a gap
 * in the line) is always kept, so gaps stay where they were.
 *
 * <p>Every per-point array of a reduced trace ({@link PointColumn}: x, y, text, marker.color,
 * marker.size) is cut with the same indices, so hover text and colours stay with their points.
 *
 * <p>Works on the snapshot's own copy of the figure, on the fan-out tick thread, outside the plot's
 * lock; it never modifies the snapshot: a reduced figure is a new tree sharing the untouched nodes
 * (layout, other traces, the kept points' value nodes) with the original. Pure functions only.
 */
final class PixelReduction {

    /** Points per pixel column M4 keeps at most: a trace with no more than 4 × width is already minimal. */
    static final int POINTS_PER_COLUMN = 4;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * What one reduction produced.
     *
     * @param figure  the figure to send: the snapshot's own when nothing was reduced
     * @param width   the pixel columns used
     * @param indices per trace of the snapshot (the order of {@code traceCounts}), the window positions
     *                kept (ascending, 0 = the window's oldest point), or null for a trace sent exactly;
     *                null as a whole when no trace was reduced
     */
    record Result(ObjectNode figure, int width, int[][] indices) {
        boolean reduced() {
            return indices != null;
        }
    }

    private PixelReduction() {
    }

    /** The snapshot reduced to {@code width} columns (1..{@link PanelWidth#MAX}), or unchanged when no trace qualifies. */
    static Result reduce(PlotSnapshot snapshot, int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1 px, was " + width);
        }
        ObjectNode figure = snapshot.figure();
        JsonNode data = figure.get("data");
        JsonNode layout = figure.path("layout");
        if (data == null || !data.isArray()) {
            return new Result(figure, width, null);
        }
        int traces = Math.min(data.size(), Math.min(snapshot.maxPoints().length, snapshot.traceCounts().length));
        int[][] indices = null;
        ArrayNode reducedData = null;
        for (int k = 0; k < traces; k++) {
            JsonNode trace = data.get(k);
            int[] kept = snapshot.maxPoints()[k] > 0 ? reduceTrace(trace, layout, width) : null;
            if (kept == null) {
                continue;
            }
            if (indices == null) {
                indices = new int[snapshot.traceCounts().length][];
                reducedData = NODES.arrayNode(data.size());
                reducedData.addAll((ArrayNode) data);
            }
            indices[k] = kept;
            reducedData.set(k, select((ObjectNode) trace, kept));
        }
        if (indices == null) {
            return new Result(figure, width, null);
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = figure.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            out.set(field.getKey(), field.getKey().equals("data") ? reducedData : field.getValue());
        }
        return new Result(out, width, indices);
    }

    /** The window positions M4 keeps of one trace, or null when the trace is sent exactly. */
    private static int[] reduceTrace(JsonNode trace, JsonNode layout, int width) {
        if (!(trace instanceof ObjectNode) || !lineLike(trace) || !linearAxis(trace, layout)) {
            return null;
        }
        JsonNode xs = trace.get("x");
        JsonNode ys = trace.get("y");
        if (xs == null || ys == null || !xs.isArray() || !ys.isArray() || xs.size() != ys.size()) {
            return null;
        }
        int n = xs.size();
        if (n <= (long) POINTS_PER_COLUMN * width) {
            return null;
        }
        double[] x = xValues(xs);
        double[] y = x == null ? null : yValues(ys);
        return y == null ? null : m4(x, y, width);
    }

    /**
     * A trace drawn as a plain line: the same rule as the browser's {@code reducibleTrace}
     * (trace-store.js), so server and browser cut the same traces. Markers show every point (a cut
     * would hide some), and stacked or fill-to-next traces are drawn against their neighbours' points.
     */
    private static boolean lineLike(JsonNode trace) {
        JsonNode type = trace.get("type");
        String name = type == null || type.isNull() ? "scatter" : type.asText(); // plotly's default type
        if (!name.equals("scatter") && !name.equals("scattergl")) {
            return false;
        }
        JsonNode mode = trace.get("mode");
        if (mode != null && mode.isTextual() && mode.textValue().contains("markers")) {
            return false;
        }
        JsonNode fill = trace.get("fill");
        if (fill != null && fill.isTextual() && fill.textValue().contains("next")) {
            return false;
        }
        JsonNode stack = trace.get("stackgroup");
        return stack == null || stack.isMissingNode();
    }

    /** False for axes whose pixel columns are not equal x intervals (log) or whose x are not positions. */
    private static boolean linearAxis(JsonNode trace, JsonNode layout) {
        String ref = trace.path("xaxis").asText("x");
        String axisName = ref.length() > 1 && ref.startsWith("x") ? "xaxis" + ref.substring(1) : "xaxis";
        String type = layout.path(axisName).path("type").asText("");
        return !(type.equals("category") || type.equals("multicategory") || type.equals("log"));
    }

    /** x as numbers (numbers as they are, dates as epoch ms), or null when any x is neither or kinds mix. */
    private static double[] xValues(JsonNode xs) {
        int n = xs.size();
        double[] x = new double[n];
        boolean dates = xs.get(0).isTextual();
        for (int i = 0; i < n; i++) {
            JsonNode value = xs.get(i);
            if (dates) {
                if (!value.isTextual()) {
                    return null;
                }
                long millis = PlotlyTime.parseDate(value.textValue());
                if (millis == PlotlyTime.NOT_A_DATE) {
                    return null; // a category (or garbage): the axis is not a number line
                }
                x[i] = millis;
            } else {
                if (!value.isNumber()) {
                    return null;
                }
                x[i] = value.doubleValue();
                if (!Double.isFinite(x[i])) {
                    return null;
                }
            }
        }
        return x;
    }

    /** y as numbers, NaN for a null (a gap); null when any y is something else (strings, dates, objects). */
    private static double[] yValues(JsonNode ys) {
        int n = ys.size();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            JsonNode value = ys.get(i);
            if (value.isNumber()) {
                y[i] = value.doubleValue();
            } else if (value.isNull()) {
                y[i] = Double.NaN;
            } else {
                return null;
            }
        }
        return y;
    }

    /**
     * M4: the x range [min x, max x] cut into {@code width} equal columns; per column, the first,
     * lowest-y, highest-y and last point in window order (the earliest of equal lows or highs), each
     * once; a NaN y (gap) is always kept and never a column's low or high. Returns the kept
     * positions, ascending.
     */
    static int[] m4(double[] x, double[] y, int width) {
        int n = x.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double value : x) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        double span = max - min;
        int[] first = new int[width];
        int[] last = new int[width];
        int[] low = new int[width];
        int[] high = new int[width];
        Arrays.fill(first, -1);
        Arrays.fill(low, -1);
        Arrays.fill(high, -1);
        boolean[] keep = new boolean[n];
        for (int i = 0; i < n; i++) {
            int column = span > 0 ? (int) Math.min(width - 1, (x[i] - min) / span * width) : 0;
            if (first[column] < 0) {
                first[column] = i;
            }
            last[column] = i;
            double value = y[i];
            if (Double.isNaN(value)) {
                keep[i] = true;
            } else {
                if (low[column] < 0 || value < y[low[column]]) {
                    low[column] = i;
                }
                if (high[column] < 0 || value > y[high[column]]) {
                    high[column] = i;
                }
            }
        }
        for (int column = 0; column < width; column++) {
            if (first[column] >= 0) {
                keep[first[column]] = true;
                keep[last[column]] = true;
            }
            if (low[column] >= 0) {
                keep[low[column]] = true;
                keep[high[column]] = true;
            }
        }
        int count = 0;
        for (boolean kept : keep) {
            if (kept) {
                count++;
            }
        }
        int[] kept = new int[count];
        for (int i = 0, j = 0; i < n; i++) {
            if (keep[i]) {
                kept[j++] = i;
            }
        }
        return kept;
    }

    /** A shallow copy of the trace with every per-point array of the window's length cut to {@code kept}. */
    private static ObjectNode select(ObjectNode trace, int[] kept) {
        int n = trace.get("x").size();
        ObjectNode out = NODES.objectNode();
        out.setAll(trace); // the entries, not copies of the values: only the cut arrays are new
        ObjectNode marker = null;
        for (PointColumn column : PointColumn.values()) {
            ObjectNode parent = out;
            if (column.inMarker()) {
                if (!(trace.get("marker") instanceof ObjectNode original)) {
                    continue;
                }
                if (marker == null) {
                    marker = NODES.objectNode();
                    marker.setAll(original);
                    out.set("marker", marker);
                }
                parent = marker;
            }
            JsonNode values = parent.get(column.leafName());
            if (values != null && values.isArray() && values.size() == n) {
                ArrayNode cut = NODES.arrayNode(kept.length);
                for (int index : kept) {
                    cut.add(values.get(index));
                }
                parent.set(column.leafName(), cut);
            }
        }
        return out;
    }
}
