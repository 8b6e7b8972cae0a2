package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A figure's {@code "thresholds"}: horizontal lines ({@code y}), vertical lines ({@code x}) and bands
 * ({@code y0}+{@code y1}, {@code x0}+{@code x1}), each with an optional {@code label}, {@code color}
 * and {@code dash}. Kept as given in the definition; drawn as {@code layout.shapes} (after the
 * figure's own shapes) and {@code layout.annotations} for labels in snapshots.
 */
final class Thresholds {

    static final int MAX = 50;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> KEYS = Set.of("y", "x", "y0", "y1", "x0", "x1", "label", "color", "dash");
    private static final Set<String> DASHES = Set.of("solid", "dot", "dash", "longdash", "dashdot", "longdashdot");
    /** Colour names, #hex, rgb()/rgba()/hsl() forms: nothing that could be anything else. */
    private static final Pattern COLOR = Pattern.compile("[#A-Za-z0-9(),.% ]{1,40}");
    private static final String DEFAULT_COLOR = "#d62728";

    private Thresholds() {
    }

    /** Validates {@code thresholds} (null: none), naming the offending entry. */
    static ArrayNode parse(JsonNode thresholds) {
        ArrayNode out = JSON.arrayNode();
        if (thresholds == null || thresholds.isNull()) {
            return out;
        }
        if (!thresholds.isArray()) {
            throw new InvalidFigureException("thresholds: expected an array of {\"y\"|\"x\"|\"y0\"+\"y1\"|\"x0\"+\"x1\", \"label\", \"color\"}");
        }
        if (thresholds.size() > MAX) {
            throw new InvalidFigureException("thresholds: " + thresholds.size() + " entries exceed the limit of " + MAX);
        }
        for (int i = 0; i < thresholds.size(); i++) {
            String where = "thresholds[" + i + "]";
            JsonNode entry = thresholds.get(i);
            if (!entry.isObject()) {
                throw new InvalidFigureException(where + ": expected an object");
            }
            for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!KEYS.contains(name)) {
                    throw new InvalidFigureException(where + "." + name + ": unknown key (use y, x, y0, y1, x0, x1, label, color, dash)");
                }
            }
            int forms = (entry.has("y") ? 1 : 0) + (entry.has("x") ? 1 : 0)
                    + (entry.has("y0") || entry.has("y1") ? 1 : 0) + (entry.has("x0") || entry.has("x1") ? 1 : 0);
            boolean yBand = entry.has("y0") && entry.has("y1");
            boolean xBand = entry.has("x0") && entry.has("x1");
            if (forms != 1 || ((entry.has("y0") || entry.has("y1")) && !yBand) || ((entry.has("x0") || entry.has("x1")) && !xBand)) {
                throw new InvalidFigureException(where + ": needs y, x, y0+y1 or x0+x1 (exactly one of them)");
            }
            for (String key : new String[]{"y", "x", "y0", "y1", "x0", "x1"}) {
                JsonNode v = entry.get(key);
                if (v != null && !(v.isNumber() || (v.isTextual() && v.asText().length() <= 64))) {
                    throw new InvalidFigureException(where + "." + key + ": expected a number or a string (a date or category), was " + v);
                }
            }
            JsonNode label = entry.get("label");
            if (label != null && !(label.isTextual() && label.asText().length() <= 200)) {
                throw new InvalidFigureException(where + ".label: expected a string of at most 200 characters");
            }
            JsonNode color = entry.get("color");
            if (color != null && !(color.isTextual() && COLOR.matcher(color.asText()).matches())) {
                throw new InvalidFigureException(where + ".color: expected a colour like \"#d62728\", \"red\" or \"rgba(0,0,0,0.5)\"");
            }
            JsonNode dash = entry.get("dash");
            if (dash != null && !(dash.isTextual() && DASHES.contains(dash.asText()))) {
                throw new InvalidFigureException(where + ".dash: expected one of " + DASHES);
            }
            out.add(entry.deepCopy());
        }
        return out;
    }

    /** A copy of the layout with the thresholds added to its shapes and annotations. */
    static ObjectNode drawn(ObjectNode layout, ArrayNode thresholds) {
        ObjectNode out = layout.deepCopy();
        if (thresholds.isEmpty()) {
            return out;
        }
        ArrayNode shapes = out.get("shapes") instanceof ArrayNode existing ? existing : out.putArray("shapes");
        ArrayNode annotations = null;
        for (JsonNode t : thresholds) {
            String color = t.path("color").asText(DEFAULT_COLOR);
            ObjectNode shape = shapes.addObject();
            boolean band = t.has("y0") || t.has("x0");
            boolean vertical = t.has("x") || t.has("x0");
            shape.put("type", band ? "rect" : "line");
            String along = vertical ? "x" : "y";
            String across = vertical ? "y" : "x";
            shape.put(along + "ref", along);
            shape.put(across + "ref", "paper");
            shape.set(along + "0", band ? t.get(along + "0") : t.get(along));
            shape.set(along + "1", band ? t.get(along + "1") : t.get(along));
            shape.put(across + "0", 0);
            shape.put(across + "1", 1);
            if (band) {
                shape.put("fillcolor", color);
                shape.put("opacity", 0.15);
                shape.put("layer", "below");
                shape.putObject("line").put("width", 0);
            } else {
                shape.putObject("line").put("color", color).put("width", 2).put("dash", t.path("dash").asText("dash"));
            }
            if (t.hasNonNull("label")) {
                if (annotations == null) {
                    annotations = out.get("annotations") instanceof ArrayNode existing ? existing : out.putArray("annotations");
                }
                ObjectNode note = annotations.addObject();
                note.put("text", t.get("label").asText());
                note.put("showarrow", false);
                note.putObject("font").put("color", color);
                if (vertical) {
                    note.put("xref", "x");
                    note.set("x", band ? t.get("x1") : t.get("x"));
                    note.put("xanchor", "left");
                    note.put("yref", "paper");
                    note.put("y", 1);
                    note.put("yanchor", "top");
                } else {
                    note.put("yref", "y");
                    note.set("y", band ? t.get("y1") : t.get("y"));
                    note.put("yanchor", "bottom");
                    note.put("xref", "paper");
                    note.put("x", 1);
                    note.put("xanchor", "right");
                }
            }
        }
        return out;
    }
}
