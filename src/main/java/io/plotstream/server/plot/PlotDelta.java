package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Points appended since a viewer's cursor, in {@code Plotly.extendTraces} form.
 *
 * @param update       e.g. {@code {"x": [[...],[...]], "y": [[...],[...]], "text": [[...],[...]], "marker.color": [[...],[...]]}},
 *                     one inner array per entry of {@code traceIndices}
 * @param traceIndices the traces extended (those with new points)
 * @param maxPoints    each extended trace's window length after the update ({@code extendTraces} keeps that many:
 *                     it also drops points that left the window by age; a trace that only lost points comes with empty arrays)
 * @param traceCounts  the viewer's new cursor (all traces)
 */
public record PlotDelta(ObjectNode update, int[] traceIndices, int[] maxPoints, long[] traceCounts) {
}
