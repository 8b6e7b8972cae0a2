package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One live plot: layout, traces and their windows. Every method locks the plot, so writers on
 * several streams and readers (viewers, REST, snapshots) see consistent states; the lock is held
 * only for in-memory work measured in microseconds, never for I/O.
 */
public final class Plot {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String id;
    private ObjectNode layout;
    private List<Trace> traces;
    private long structureVersion = 1;
    private long lastUpdateMs;
    /** Bumped by every change; the persister compares it with what it last saved. */
    private long changes;

    Plot(String id, PlotDefinition definition) {
        this.id = id;
        this.layout = definition.layout().deepCopy();
        List<Trace> built = new ArrayList<>();
        for (TraceDefinition trace : definition.traces()) {
            built.add(new Trace(trace));
        }
        this.traces = built;
    }

    public String id() {
        return id;
    }

    /**
     * Applies one write to the given traces (those bound to the writing token). Appends never bump
     * the structure version; overwrites, trace attributes and layout updates do.
     */
    public synchronized void apply(int[] traceIndices, StreamWrite write) {
        boolean structural = false;
        if (write.hasPointColumns()) {
            JsonNode[] columns = write.columns();
            for (int index : traceIndices) {
                TraceWindow window = traces.get(index).window;
                if (write.isOverwrite()) {
                    window.overwrite(columns);
                } else {
                    window.append(columns);
                }
            }
            structural = write.isOverwrite();
        }
        if (write.traceAttributes() != null) {
            for (int index : traceIndices) {
                JsonMerge.merge(traces.get(index).attributes, write.traceAttributes());
            }
            structural = true;
        }
        if (write.layout() != null) {
            JsonMerge.merge(layout, write.layout());
            structural = true;
        }
        if (structural) {
            structureVersion++;
        }
        lastUpdateMs = System.currentTimeMillis();
        changes++;
    }

    /** Replaces the definition; a streamed trace keeps its window when the same token stays at the same index and the new figure brings no data for it. */
    synchronized void redefine(PlotDefinition definition) {
        List<Trace> built = new ArrayList<>();
        for (int i = 0; i < definition.traces().size(); i++) {
            TraceDefinition next = definition.traces().get(i);
            Trace previous = i < traces.size() ? traces.get(i) : null;
            boolean keep = previous != null && previous.streamed() && next.streamed()
                    && previous.token.equals(next.token()) && !next.hasInitialData();
            built.add(keep ? new Trace(next, previous.window) : new Trace(next));
        }
        traces = built;
        layout = definition.layout().deepCopy();
        structureVersion++;
        changes++;
    }

    /** Token → indices of the traces it feeds. */
    synchronized Map<String, int[]> tokenBindings() {
        Map<String, List<Integer>> byToken = new LinkedHashMap<>();
        for (int i = 0; i < traces.size(); i++) {
            Trace trace = traces.get(i);
            if (trace.streamed()) {
                byToken.computeIfAbsent(trace.token, t -> new ArrayList<>()).add(i);
            }
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        byToken.forEach((token, indices) -> out.put(token, indices.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    public synchronized PlotSummary summary() {
        long points = 0;
        for (Trace trace : traces) {
            if (trace.streamed()) {
                points += trace.window.size();
            }
        }
        return new PlotSummary(id, title(), traces.size(), points, lastUpdateMs);
    }

    private String title() {
        JsonNode title = layout.get("title");
        if (title != null && title.isTextual() && !title.asText().isBlank()) {
            return title.asText();
        }
        if (title != null && title.path("text").isTextual() && !title.path("text").asText().isBlank()) {
            return title.path("text").asText();
        }
        return id;
    }

    /** The figure as viewers draw it: windows filled in, {@code stream} stripped. */
    public synchronized PlotSnapshot snapshot() {
        ArrayNode data = JSON.arrayNode(traces.size());
        long[] counts = new long[traces.size()];
        int[] maxPoints = new int[traces.size()];
        for (int i = 0; i < traces.size(); i++) {
            Trace trace = traces.get(i);
            ObjectNode out = trace.attributes.deepCopy();
            out.remove("stream");
            if (trace.streamed()) {
                TraceWindow window = trace.window;
                for (PointColumn column : PointColumn.values()) {
                    if (window.hasColumn(column)) {
                        parentOf(out, column).set(column.leafName(), window.newestAsArray(column, window.size()));
                    }
                }
                counts[i] = window.appended();
                maxPoints[i] = window.capacity();
            }
            data.add(out);
        }
        ObjectNode figure = JSON.objectNode();
        figure.set("data", data);
        figure.set("layout", layout.deepCopy());
        return new PlotSnapshot(id, figure, structureVersion, counts, maxPoints);
    }

    private static ObjectNode parentOf(ObjectNode trace, PointColumn column) {
        if (!column.inMarker()) {
            return trace;
        }
        JsonNode marker = trace.get("marker");
        return marker instanceof ObjectNode object ? object : trace.putObject("marker");
    }

    /** See {@link PlotReader#deltaSince}: index arithmetic on the rings, copying only the new points. */
    public synchronized Optional<PlotDelta> deltaSince(long viewerStructureVersion, long[] viewerCounts) {
        if (viewerStructureVersion != structureVersion || viewerCounts == null || viewerCounts.length != traces.size()) {
            return Optional.empty();
        }
        int extended = 0;
        int[] newPoints = new int[traces.size()];
        boolean[] columnUsed = new boolean[PointColumn.COUNT];
        long[] counts = new long[traces.size()];
        for (int i = 0; i < traces.size(); i++) {
            Trace trace = traces.get(i);
            if (!trace.streamed()) {
                continue;
            }
            TraceWindow window = trace.window;
            counts[i] = window.appended();
            long missing = window.appended() - viewerCounts[i];
            if (missing < 0) {
                return Optional.empty();
            }
            if (window.capacity() == 0 || missing == 0) {
                continue; // nothing a viewer could show
            }
            if (missing > window.size()) {
                return Optional.empty(); // the window moved past what the viewer has: it needs a snapshot
            }
            newPoints[i] = (int) missing;
            extended++;
            for (PointColumn column : PointColumn.values()) {
                columnUsed[column.ordinal()] |= window.hasColumn(column);
            }
        }
        int[] indices = new int[extended];
        int[] maxPoints = new int[extended];
        ObjectNode update = JSON.objectNode();
        ArrayNode[] columns = new ArrayNode[PointColumn.COUNT];
        for (PointColumn column : PointColumn.values()) {
            if (columnUsed[column.ordinal()]) {
                columns[column.ordinal()] = update.putArray(column.plotlyName());
            }
        }
        int k = 0;
        for (int i = 0; i < traces.size(); i++) {
            if (newPoints[i] == 0) {
                continue;
            }
            TraceWindow window = traces.get(i).window;
            indices[k] = i;
            maxPoints[k] = window.capacity();
            k++;
            for (PointColumn column : PointColumn.values()) {
                ArrayNode target = columns[column.ordinal()];
                if (target != null) {
                    target.add(window.newestAsArray(column, newPoints[i]));
                }
            }
        }
        return Optional.of(new PlotDelta(update, indices, maxPoints, counts));
    }

    /** The definition as saved and as an admin reads it back: figure with {@code stream} (tokens!) and static data, no windows. */
    public synchronized ObjectNode definitionJson() {
        ArrayNode data = JSON.arrayNode(traces.size());
        for (Trace trace : traces) {
            data.add(trace.attributes.deepCopy());
        }
        ObjectNode figure = JSON.objectNode();
        figure.set("data", data);
        figure.set("layout", layout.deepCopy());
        return figure;
    }

    /** The windows as saved: per trace, its token (to check the binding on restore) and content. */
    synchronized ObjectNode windowsJson() {
        ObjectNode out = JSON.objectNode();
        out.put("lastUpdateMs", lastUpdateMs);
        ArrayNode list = out.putArray("traces");
        for (Trace trace : traces) {
            if (!trace.streamed()) {
                list.addNull();
                continue;
            }
            ObjectNode saved = JsonWindowCodec.encode(trace.window);
            saved.put("token", trace.token);
            list.add(saved);
        }
        return out;
    }

    /** Restores saved windows onto traces still bound to the same token. */
    synchronized void restoreWindows(JsonNode saved) {
        JsonNode list = saved.path("traces");
        for (int i = 0; i < traces.size() && i < list.size(); i++) {
            Trace trace = traces.get(i);
            JsonNode window = list.get(i);
            if (trace.streamed() && window.isObject() && trace.token.equals(window.path("token").asText())) {
                JsonWindowCodec.decode(window, trace.window);
            }
        }
        lastUpdateMs = saved.path("lastUpdateMs").asLong(0);
    }

    synchronized long changes() {
        return changes;
    }

    /** For tests and metrics: the window content of one column. */
    public synchronized List<JsonNode> column(int traceIndex, PointColumn column) {
        TraceWindow window = traces.get(traceIndex).window;
        List<JsonNode> out = new ArrayList<>();
        if (window != null) {
            for (int i = 0; i < window.size(); i++) {
                out.add(window.get(column, i));
            }
        }
        return out;
    }
}
