package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Windows to and from JSON (for the data directory), and from one window into another of a different size.
 * A window with a time limit also saves each point's age reference ({@code stamps}); files without them
 * (older servers) restore with the restore time as every point's arrival.
 */
final class JsonWindowCodec {
    private JsonWindowCodec() {
    }

    static ObjectNode encode(TraceWindow window) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("appended", window.appended());
        out.put("size", window.size());
        ObjectNode columns = out.putObject("columns");
        for (PointColumn column : PointColumn.values()) {
            if (window.hasColumn(column)) {
                columns.set(column.plotlyName(), window.newestAsArray(column, window.size()));
            }
        }
        if (window.maxAgeMs() > 0) {
            ArrayNode stamps = out.putArray("stamps");
            for (int i = 0; i < window.size(); i++) {
                stamps.add(window.stampAt(i));
            }
        }
        return out;
    }

    static void decode(JsonNode saved, TraceWindow into, long nowMs) {
        int size = saved.path("size").asInt(0);
        JsonNode[][] columns = new JsonNode[PointColumn.COUNT][];
        for (PointColumn column : PointColumn.values()) {
            JsonNode values = saved.path("columns").get(column.plotlyName());
            if (values instanceof ArrayNode array && array.size() == size) {
                JsonNode[] copy = new JsonNode[size];
                for (int i = 0; i < size; i++) {
                    copy[i] = array.get(i);
                }
                columns[column.ordinal()] = copy;
            }
        }
        long[] stamps = null;
        if (saved.path("stamps") instanceof ArrayNode array && array.size() == size) {
            stamps = new long[size];
            for (int i = 0; i < size; i++) {
                stamps[i] = array.get(i).asLong(0);
            }
        }
        into.restore(columns, size, saved.path("appended").asLong(size), stamps, nowMs);
    }

    static void copy(TraceWindow from, TraceWindow into, long nowMs) {
        decode(encode(from), into, nowMs);
    }
}
