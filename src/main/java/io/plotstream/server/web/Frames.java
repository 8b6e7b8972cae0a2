package io.plotstream.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.plot.PlotDelta;
import io.plotstream.server.plot.PlotSnapshot;

/**
 * The JSON frames the browser understands (see {@code web/app/live-plot.js}):
 * <ul>
 *   <li>{@code {"type":"snapshot","figure":{...},"structureVersion":n,"traceCounts":[..],"maxPoints":[..]}}</li>
 *   <li>{@code {"type":"extend","update":{...},"traceIndices":[..],"maxPoints":[..]}} — {@code Plotly.extendTraces} arguments</li>
 *   <li>{@code {"type":"gone"}} — the plot was deleted</li>
 * </ul>
 */
final class Frames {

    static final String GONE = "{\"type\":\"gone\"}";

    private final ObjectMapper mapper;

    Frames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String snapshot(PlotSnapshot snapshot) {
        ObjectNode frame = mapper.createObjectNode();
        frame.put("type", "snapshot");
        frame.set("figure", snapshot.figure());
        frame.put("structureVersion", snapshot.structureVersion());
        ArrayNode counts = frame.putArray("traceCounts");
        for (long count : snapshot.traceCounts()) {
            counts.add(count);
        }
        ArrayNode maxPoints = frame.putArray("maxPoints");
        for (int max : snapshot.maxPoints()) {
            maxPoints.add(max);
        }
        return write(frame);
    }

    String extend(PlotDelta delta) {
        ObjectNode frame = mapper.createObjectNode();
        frame.put("type", "extend");
        frame.set("update", delta.update());
        ArrayNode indices = frame.putArray("traceIndices");
        for (int index : delta.traceIndices()) {
            indices.add(index);
        }
        ArrayNode maxPoints = frame.putArray("maxPoints");
        for (int max : delta.maxPoints()) {
            maxPoints.add(max);
        }
        return write(frame);
    }

    private String write(ObjectNode frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            // Trees built from numbers, strings and nodes always serialize; this would be a bug.
            throw new IllegalStateException("cannot serialize viewer frame", e);
        }
    }
}
