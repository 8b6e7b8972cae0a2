package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.plotstream.server.log.OperationLog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One live plot: layout, traces and their windows. Every method locks the plot, so writers on
 * several streams and readers (viewers, REST, snapshots) see consistent states; the lock is held
 * only for in-memory work measured in microseconds, never for I/O.
 *
 * <p>A state machine over the plot's operation log: every change comes with the time it was decided
 * at ({@code nowMs}, read from the record on replay), and nothing here reads a clock or does I/O, so
 * a checkpoint plus the same operations gives the same windows, histories, cursors and structure
 * version. {@link PlotStore} appends each operation to the log under this plot's lock before it
 * applies it, and records the append's future here ({@link #logged}) so a checkpoint knows which
 * log position the state it copies covers.
 */
public final class Plot {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final String id;
    private final HistoryBudget budget;
    /** The append of the last operation applied: its position is what a checkpoint of the current state covers. */
    private CompletableFuture<Long> lastOp = CompletableFuture.completedFuture(OperationLog.NONE);
    private ObjectNode layout;
    private ArrayNode thresholds;
    private List<Trace> traces;
    /** Whether any trace has a maximum age (the sweep skips plots without). */
    private boolean aging;
    private long structureVersion = 1;
    private long lastUpdateMs;
    /** Set (under the lock) when the plot is deleted: late writes through a stale binding are dropped, not logged. */
    private boolean deleted;
    /** Bumped by every change; the persister compares it with what it last saved. */
    private long changes;

    Plot(String id, PlotDefinition definition) {
        this(id, definition, new HistoryBudget(HistoryLimits.OFF), 0);
    }

    /** @param now when the defining operation was made (arrival time of initial data) */
    Plot(String id, PlotDefinition definition, HistoryBudget budget, long now) {
        this.id = id;
        this.budget = budget;
        this.layout = definition.layout().deepCopy();
        this.thresholds = definition.thresholds().deepCopy();
        List<Trace> built = new ArrayList<>();
        for (TraceDefinition trace : definition.traces()) {
            built.add(new Trace(trace, budget, now));
        }
        this.traces = built;
        this.aging = aging(built);
    }

    private static boolean aging(List<Trace> traces) {
        for (Trace trace : traces) {
            if (trace.streamed() && trace.window.maxAgeMs() > 0) {
                return true;
            }
        }
        return false;
    }

    public String id() {
        return id;
    }

    /**
     * Applies one write to the given traces (those bound to the writing token). Appends never bump
     * the structure version; overwrites, trace attributes and layout updates do.
     */
    synchronized void apply(int[] traceIndices, StreamWrite write, long now) {
        boolean structural = false;
        for (int index : traceIndices) {
            if (index >= traces.size() || !traces.get(index).streamed()) {
                // the binding was looked up before a redefinition took the trace away: the write has no target
                return;
            }
        }
        if (write.hasPointColumns()) {
            JsonNode[] columns = write.columns();
            for (int index : traceIndices) {
                TraceWindow window = traces.get(index).window;
                if (write.isOverwrite()) {
                    window.overwrite(columns, now);
                } else {
                    window.append(columns, now);
                }
                window.trimAged(now);
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
        lastUpdateMs = now;
        changes++;
    }

    /**
     * Moves the points older than their trace's {@code maxage} out of the windows (into the
     * histories). Returns true when any left: the plot changed and viewers need to hear of it.
     */
    synchronized boolean trimAged(long now) {
        if (!aging) {
            return false;
        }
        int trimmed = 0;
        for (Trace trace : traces) {
            if (trace.streamed()) {
                trimmed += trace.window.trimAged(now);
            }
        }
        if (trimmed > 0) {
            changes++;
        }
        return trimmed > 0;
    }

    /** Whether {@link #trimAged(long)} at {@code now} would move any point (the sweeper logs a trim only then). */
    synchronized boolean hasAged(long now) {
        if (!aging) {
            return false;
        }
        for (Trace trace : traces) {
            if (trace.streamed() && trace.window.hasAged(now)) {
                return true;
            }
        }
        return false;
    }

    synchronized void markDeleted() {
        deleted = true;
    }

    synchronized boolean isDeleted() {
        return deleted;
    }

    /** The append of the operation just applied (called under this plot's lock, right after applying it). */
    synchronized void logged(CompletableFuture<Long> append) {
        lastOp = append;
    }

    /** The append of the last operation applied; a checkpoint of the current state covers its position. */
    synchronized CompletableFuture<Long> lastOp() {
        return lastOp;
    }

    /** The plot was deleted: its histories give their bytes back. */
    synchronized void release() {
        for (Trace trace : traces) {
            trace.release();
        }
    }

    /** Replaces the definition; a streamed trace keeps its window when the same token stays at the same index and the new figure brings no data for it. */
    synchronized void redefine(PlotDefinition definition, long now) {
        List<Trace> built = new ArrayList<>();
        boolean[] kept = new boolean[traces.size()];
        for (int i = 0; i < definition.traces().size(); i++) {
            TraceDefinition next = definition.traces().get(i);
            Trace previous = i < traces.size() ? traces.get(i) : null;
            boolean keep = previous != null && previous.streamed() && next.streamed()
                    && previous.token.equals(next.token()) && !next.hasInitialData();
            if (keep) {
                kept[i] = true;
            }
            built.add(keep ? new Trace(next, budget, now, previous.window) : new Trace(next, budget, now));
        }
        for (int i = 0; i < traces.size(); i++) {
            if (!kept[i]) {
                traces.get(i).release();
            }
        }
        traces = built;
        aging = aging(built);
        layout = definition.layout().deepCopy();
        thresholds = definition.thresholds().deepCopy();
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
                    if (window.hasColumn(column) || (window.maxAgeMs() > 0 && trimColumn(column) && window.allocated(column))) {
                        // a time-limited trace keeps x and y (maybe empty) once it had them: extends that trim it name them
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
        figure.set("layout", Thresholds.drawn(layout, thresholds));
        return new PlotSnapshot(id, figure, structureVersion, counts, maxPoints, lastUpdateMs);
    }

    /** The columns an extend that only trims a time-limited trace names (snapshots keep them for such traces). */
    private static boolean trimColumn(PointColumn column) {
        return column == PointColumn.X || column == PointColumn.Y;
    }

    private static ObjectNode parentOf(ObjectNode trace, PointColumn column) {
        if (!column.inMarker()) {
            return trace;
        }
        JsonNode marker = trace.get("marker");
        return marker instanceof ObjectNode object ? object : trace.putObject("marker");
    }

    /**
     * See {@link PlotReader#deltaSince}: index arithmetic on the rings, copying only the new points.
     * Each extended trace's {@code maxPoints} is its window length after the update, so
     * {@code extendTraces} also drops what left the window by age. A trace with a time limit is
     * extended with empty arrays when it only lost points: when the viewer's cursor equals the
     * appended count at its last age trim (the viewer may have been sent that count before the trim;
     * trimming to the current length again is harmless). A time-limited trace whose new points
     * outnumber its window sends just the window (all the viewer keeps), never forcing a snapshot.
     */
    public synchronized Optional<PlotDelta> deltaSince(long viewerStructureVersion, long[] viewerCounts) {
        if (viewerStructureVersion != structureVersion || viewerCounts == null || viewerCounts.length != traces.size()) {
            return Optional.empty();
        }
        int extended = 0;
        int[] newPoints = new int[traces.size()];
        boolean[] included = new boolean[traces.size()];
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
            if (window.capacity() == 0) {
                continue; // nothing a viewer could show
            }
            boolean aged = window.maxAgeMs() > 0;
            if (missing == 0) {
                if (!aged || viewerCounts[i] != window.agedAt()) {
                    continue;
                }
            } else if (missing > window.size() && !aged) {
                return Optional.empty(); // the window moved past what the viewer has: it needs a snapshot
            }
            newPoints[i] = (int) Math.min(missing, window.size());
            included[i] = true;
            extended++;
            for (PointColumn column : PointColumn.values()) {
                columnUsed[column.ordinal()] |= newPoints[i] > 0 ? window.hasColumn(column)
                        : trimColumn(column) && window.allocated(column);
            }
        }
        // A trim-only entry must not meet a column its browser trace may lack (text, marker.*: plotly
        // refuses to extend a missing attribute, the page would resync, and the entry would come again):
        // it waits for a delta without such columns, or for the trace's next point (whose maxPoints trims).
        for (int i = 0; i < traces.size(); i++) {
            if (included[i] && newPoints[i] == 0) {
                for (PointColumn column : PointColumn.values()) {
                    if (columnUsed[column.ordinal()] && !trimColumn(column)) {
                        included[i] = false;
                        extended--;
                        break;
                    }
                }
            }
        }
        if (extended > 0) { // the columns only trim-only entries named, now that some may have left
            java.util.Arrays.fill(columnUsed, false);
            for (int i = 0; i < traces.size(); i++) {
                if (included[i]) {
                    TraceWindow window = traces.get(i).window;
                    for (PointColumn column : PointColumn.values()) {
                        columnUsed[column.ordinal()] |= newPoints[i] > 0 ? window.hasColumn(column)
                                : trimColumn(column) && window.allocated(column);
                    }
                }
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
            if (!included[i]) {
                continue;
            }
            TraceWindow window = traces.get(i).window;
            indices[k] = i;
            maxPoints[k] = window.size();
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
        if (!thresholds.isEmpty()) {
            figure.set("thresholds", thresholds.deepCopy());
        }
        return figure;
    }

    /** The windows as saved: per trace, its token (to check the binding on restore) and content. */
    synchronized ObjectNode windowsJson() {
        ObjectNode out = JSON.objectNode();
        out.put("lastUpdateMs", lastUpdateMs);
        // viewers' cursors name it: a replica or a restart restored from this keeps their deltas valid
        out.put("structureVersion", structureVersion);
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

    /**
     * The histories as saved ({@code history/<id>.json}): per trace its token and levels. The
     * levels' arrays are copied under the lock (a few array copies); the JSON is built after it.
     */
    ObjectNode historyJson() {
        String[] tokens;
        TraceHistory[] copies;
        synchronized (this) {
            tokens = new String[traces.size()];
            copies = historyCopies(tokens);
        }
        return historyJson(tokens, copies);
    }

    /** Copies of the histories worth saving (null elsewhere), their tokens into {@code tokens}. Caller holds the lock. */
    private TraceHistory[] historyCopies(String[] tokens) {
        TraceHistory[] copies = new TraceHistory[traces.size()];
        for (int i = 0; i < traces.size(); i++) {
            Trace trace = traces.get(i);
            if (trace.streamed() && trace.window.history() != null && trace.window.history().kind() != XKind.UNKNOWN) {
                tokens[i] = trace.token;
                copies[i] = trace.window.history().copy();
            }
        }
        return copies;
    }

    /**
     * What a checkpoint saves, all taken under one hold of the lock so it is the state after exactly
     * the operations up to {@link #lastOp()}'s record: definition, windows, history copies.
     */
    record CheckpointState(long changes, CompletableFuture<Long> lastOp, ObjectNode figure, ObjectNode windows,
                           String[] historyTokens, TraceHistory[] histories) {
        ObjectNode historyJson() {
            return Plot.historyJson(historyTokens, histories);
        }

        /** The checkpoint as stored (a file, or a shared log's state): windows, figure, history and the position covered. */
        ObjectNode toJson(long position) {
            ObjectNode checkpoint = windows;
            checkpoint.put("position", position);
            checkpoint.set("figure", figure);
            checkpoint.set("history", historyJson());
            return checkpoint;
        }
    }

    synchronized CheckpointState checkpointState() {
        String[] tokens = new String[traces.size()];
        TraceHistory[] copies = historyCopies(tokens);
        return new CheckpointState(changes, lastOp, definitionJson(), windowsJson(), tokens, copies);
    }

    private static ObjectNode historyJson(String[] tokens, TraceHistory[] copies) {
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray("traces");
        for (int i = 0; i < copies.length; i++) {
            if (copies[i] == null) {
                list.addNull();
            } else {
                ObjectNode saved = copies[i].encode();
                saved.put("token", tokens[i]);
                list.add(saved);
            }
        }
        return out;
    }

    /** Restores saved histories onto traces still bound to the same token (and with history on). */
    synchronized void restoreHistory(JsonNode saved) {
        JsonNode list = saved.path("traces");
        for (int i = 0; i < traces.size() && i < list.size(); i++) {
            Trace trace = traces.get(i);
            JsonNode history = list.get(i);
            if (trace.streamed() && trace.window.history() != null && history.isObject()
                    && trace.token.equals(history.path("token").asText())) {
                trace.window.history().decode(history);
            }
        }
    }

    /** Restores saved windows onto traces still bound to the same token. */
    synchronized void restoreWindows(JsonNode saved, long now) {
        JsonNode list = saved.path("traces");
        for (int i = 0; i < traces.size() && i < list.size(); i++) {
            Trace trace = traces.get(i);
            JsonNode window = list.get(i);
            if (trace.streamed() && window.isObject() && trace.token.equals(window.path("token").asText())) {
                JsonWindowCodec.decode(window, trace.window, now);
            }
        }
        lastUpdateMs = saved.path("lastUpdateMs").asLong(0);
        if (saved.path("structureVersion").canConvertToLong()) {
            structureVersion = Math.max(structureVersion, saved.path("structureVersion").asLong());
        }
    }

    /** The definition's thresholds as given (a copy; empty when none). */
    public synchronized ArrayNode thresholds() {
        return thresholds.deepCopy();
    }

    /** The plot's x kind for range parameters: that of the first streamed trace that has one. */
    public synchronized XKind xKind() {
        for (Trace trace : traces) {
            XKind kind = trace.streamed() ? kindOf(trace.window) : XKind.UNKNOWN;
            if (kind != XKind.UNKNOWN) {
                return kind;
            }
        }
        return XKind.UNKNOWN;
    }

    private static XKind kindOf(TraceWindow window) {
        if (window.history() != null && window.history().kind() != XKind.UNKNOWN) {
            return window.history().kind();
        }
        for (int i = 0; i < window.size(); i++) {
            JsonNode x = window.get(PointColumn.X, i);
            if (x != null && x.isNumber()) {
                return XKind.NUMBERS;
            }
            if (x != null && x.isTextual() && PlotlyTime.parseDate(x.textValue()) != PlotlyTime.NOT_A_DATE) {
                return XKind.DATES;
            }
        }
        return XKind.UNKNOWN;
    }

    /**
     * Per streamed trace, the points with x in [from, to] (x as a number, or epoch millis for dates):
     * the downsampled history plus the raw window, at most {@code points} per trace, in x order.
     * The copies are taken under the plot's lock; the bucketing runs after it is released.
     */
    public List<HistoryQuery.TraceAnswer> history(double from, double to, int points) {
        List<HistoryQuery.TraceAnswer> out = new ArrayList<>();
        for (HistoryQuery.TraceItems items : historyItems(from, to)) {
            out.add(HistoryQuery.answer(items, points));
        }
        return out;
    }

    private synchronized List<HistoryQuery.TraceItems> historyItems(double from, double to) {
        List<HistoryQuery.TraceItems> out = new ArrayList<>();
        for (int t = 0; t < traces.size(); t++) {
            Trace trace = traces.get(t);
            if (!trace.streamed()) {
                continue;
            }
            TraceWindow window = trace.window;
            XKind kind = kindOf(window);
            List<HistoryQuery.Item> items = new ArrayList<>();
            if (window.history() != null) {
                window.history().collect(from, to, items);
            }
            for (int i = 0; i < window.size(); i++) {
                JsonNode x = window.get(PointColumn.X, i);
                JsonNode y = window.get(PointColumn.Y, i);
                double xk = TraceWindow.xKey(x);
                if (Double.isNaN(xk) || xk < from || xk > to || y == null || !y.isNumber()
                        || (kind == XKind.DATES) != x.isTextual()) {
                    continue;
                }
                items.add(HistoryQuery.Item.raw(xk, y.doubleValue(), x, y));
            }
            out.add(new HistoryQuery.TraceItems(t, kind == XKind.DATES, items));
        }
        return out;
    }

    /** For tests and metrics: the history of one trace (null when off or not streamed). */
    synchronized TraceHistory historyOf(int traceIndex) {
        Trace trace = traces.get(traceIndex);
        return trace.streamed() ? trace.window.history() : null;
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
