package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * One decoded stream write (one line of the stream), split the way it is applied:
 * per-point columns, trace attributes and a layout update.
 */
public final class StreamWrite {

    private final JsonNode[] columns = new JsonNode[PointColumn.COUNT];
    private boolean hasList;
    private ObjectNode traceAttributes;
    private ObjectNode layout;
    private String streamToken;

    /** Sets a per-point column: a scalar appends, an array overwrites. */
    public void column(PointColumn column, JsonNode value) {
        columns[column.ordinal()] = value;
        if (value.isArray()) {
            hasList = true;
        }
    }

    /** Any other trace attribute ({@code z}, {@code name}, {@code marker.symbol}...): replaces it on the trace. */
    public void traceAttributes(ObjectNode attributes) {
        this.traceAttributes = attributes;
    }

    /** The multiplexed variant's per-line token ({@code "streamtoken"}); ignored on a stream whose header names the token. */
    public void streamToken(String token) {
        this.streamToken = token;
    }

    public String streamToken() {
        return streamToken;
    }

    public void layout(ObjectNode layout) {
        this.layout = layout;
    }

    /** Values indexed by {@link PointColumn#ordinal()}; null where the write did not carry the column. Do not modify. */
    JsonNode[] columns() {
        return columns;
    }

    public JsonNode column(PointColumn column) {
        return columns[column.ordinal()];
    }

    public boolean hasPointColumns() {
        for (JsonNode c : columns) {
            if (c != null) {
                return true;
            }
        }
        return false;
    }

    /** True when a column is a list: the write overwrites instead of appending. */
    public boolean isOverwrite() {
        return hasList;
    }

    public ObjectNode traceAttributes() {
        return traceAttributes;
    }

    public ObjectNode layout() {
        return layout;
    }

    /**
     * The write as a stream line again (for callers that hold only the decoded write, such as
     * tests and benchmarks; the ingest path logs the bytes it received instead): parsing it gives
     * an equal write.
     */
    public byte[] toLine() {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        if (traceAttributes != null) {
            line.setAll(traceAttributes.deepCopy());
        }
        for (PointColumn column : PointColumn.values()) {
            JsonNode value = columns[column.ordinal()];
            if (value == null) {
                continue;
            }
            if (column.inMarker()) {
                JsonNode marker = line.get("marker");
                (marker instanceof ObjectNode object ? object : line.putObject("marker")).set(column.leafName(), value);
            } else {
                line.set(column.plotlyName(), value);
            }
        }
        if (layout != null) {
            line.set("layout", layout);
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }
}
