package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One trace of a plot definition.
 *
 * @param attributes     the trace's plotly attributes, including {@code stream} for a streamed trace;
 *                       for a streamed trace the per-point columns are moved out into {@code initialColumns}
 * @param token          the stream token feeding it, null for a static trace
 * @param maxPoints      its window size (streamed traces only)
 * @param initialColumns per {@link PointColumn}, the arrays the figure gave (the window's first content), or null
 * @param maxAgeMs       {@code stream.maxage} in milliseconds, 0 when points never age out
 */
public record TraceDefinition(ObjectNode attributes, String token, int maxPoints, JsonNode[] initialColumns, long maxAgeMs) {

    public TraceDefinition(ObjectNode attributes, String token, int maxPoints, JsonNode[] initialColumns) {
        this(attributes, token, maxPoints, initialColumns, 0);
    }

    public boolean streamed() {
        return token != null;
    }

    boolean hasInitialData() {
        for (JsonNode c : initialColumns) {
            if (c != null) {
                return true;
            }
        }
        return false;
    }
}
