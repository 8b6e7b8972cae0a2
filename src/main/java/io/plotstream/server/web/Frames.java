package io.plotstream.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.plot.PlotDelta;
import io.plotstream.server.plot.PlotSnapshot;

import java.util.concurrent.atomic.LongAdder;

/**
 * The JSON frames the browser understands, each naming its plot (so one socket can carry many):
 * <ul>
 *   <li>{@code {"type":"snapshot","plot":"id","figure":{...},"structureVersion":n,"traceCounts":[..],"maxPoints":[..],"ageMs":n}}
 *       — {@code ageMs}: milliseconds since the plot's last update when the frame was made, -1 if never.
 *       A snapshot for a viewer that told its panel width may end with
 *       {@code "reduced":[{"width":W,"index":[i0,i1,..]} | null, ..]}: one entry per entry of {@code traceCounts},
 *       the window positions kept (ascending, 0 = the window's oldest point) of a trace cut to {@code W} pixel
 *       columns by {@link PixelReduction}, null for a trace sent exactly; absent when no trace was cut, and then
 *       the frame is byte for byte the whole snapshot. The first index is always 0 and the last always the
 *       window's newest point, so the window held {@code last index + 1} points (a time window may hold fewer
 *       than {@code maxPoints}). {@code W} is the width used: the panel's, rounded up to a multiple of 32</li>
 *   <li>{@code {"type":"extend","plot":"id","update":{...},"traceIndices":[..],"maxPoints":[..]}} — {@code Plotly.extendTraces} arguments</li>
 *   <li>{@code {"type":"gone","plot":"id"}} — the plot was deleted</li>
 *   <li>{@code {"type":"missing","plot":"id"}} — no such plot (a multiplexed socket asked for it)</li>
 *   <li>{@code {"type":"engine","live":false,"reason":"..."}} — this node lost its cluster's engine (Redis): what
 *       the socket has stays, no new points come until {@code {"type":"engine","live":true}}; every plot of the
 *       socket is stale meanwhile (the reason is text, never markup)</li>
 * </ul>
 * Every frame is encoded to UTF-8 here, once; the fan-out hands the same {@link EncodedFrame} to
 * every viewer at the same cursor. {@link #encoded()} counts the encodings (a test measures sharing by it).
 */
final class Frames {

    private final ObjectMapper mapper;
    private final LongAdder encoded = new LongAdder();

    Frames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    EncodedFrame snapshot(PlotSnapshot snapshot, long ageMs) {
        return write(snapshotFrame(snapshot, snapshot.figure(), ageMs));
    }

    /** The snapshot as {@code reduction} cut it; the whole snapshot's frame when nothing was cut. */
    EncodedFrame snapshot(PlotSnapshot snapshot, long ageMs, PixelReduction.Result reduction) {
        if (!reduction.reduced()) {
            return snapshot(snapshot, ageMs);
        }
        ObjectNode frame = snapshotFrame(snapshot, reduction.figure(), ageMs);
        ArrayNode reduced = frame.putArray("reduced");
        for (int[] kept : reduction.indices()) {
            if (kept == null) {
                reduced.addNull();
                continue;
            }
            ObjectNode entry = reduced.addObject();
            entry.put("width", reduction.width());
            ArrayNode index = entry.putArray("index");
            for (int position : kept) {
                index.add(position);
            }
        }
        return write(frame);
    }

    private ObjectNode snapshotFrame(PlotSnapshot snapshot, ObjectNode figure, long ageMs) {
        ObjectNode frame = header("snapshot", snapshot.plotId());
        frame.set("figure", figure);
        frame.put("structureVersion", snapshot.structureVersion());
        ArrayNode counts = frame.putArray("traceCounts");
        for (long count : snapshot.traceCounts()) {
            counts.add(count);
        }
        ArrayNode maxPoints = frame.putArray("maxPoints");
        for (int max : snapshot.maxPoints()) {
            maxPoints.add(max);
        }
        frame.put("ageMs", ageMs);
        return frame;
    }

    EncodedFrame extend(String plotId, PlotDelta delta) {
        ObjectNode frame = header("extend", plotId);
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

    EncodedFrame gone(String plotId) {
        return write(header("gone", plotId));
    }

    EncodedFrame missing(String plotId) {
        return write(header("missing", plotId));
    }

    EncodedFrame engine(boolean live, String reason) {
        ObjectNode frame = mapper.createObjectNode();
        frame.put("type", "engine");
        frame.put("live", live);
        if (!live) {
            frame.put("reason", reason);
        }
        return write(frame);
    }

    /** Frames encoded since start: one per plot and cursor per tick, never one per viewer. */
    long encoded() {
        return encoded.sum();
    }

    private ObjectNode header(String type, String plotId) {
        ObjectNode frame = mapper.createObjectNode();
        frame.put("type", type);
        frame.put("plot", plotId);
        return frame;
    }

    private EncodedFrame write(ObjectNode frame) {
        try {
            byte[] bytes = mapper.writeValueAsBytes(frame);
            encoded.increment();
            return new EncodedFrame(bytes);
        } catch (JsonProcessingException e) {
            // Trees built from numbers, strings and nodes always serialize; this would be a bug.
            throw new IllegalStateException("cannot serialize viewer frame", e);
        }
    }
}
