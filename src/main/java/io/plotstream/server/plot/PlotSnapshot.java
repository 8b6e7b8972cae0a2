package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A plot as a viewer first draws it.
 *
 * @param figure           {@code {"data": [...], "layout": {...}}} with windows filled in, {@code stream} stripped
 * @param structureVersion see {@link PlotReader}
 * @param traceCounts      per trace, points ever appended (the viewer's cursor for {@link PlotReader#deltaSince})
 * @param maxPoints        per trace, its window size (for plotly's extendTraces maxPoints)
 */
public record PlotSnapshot(String plotId, ObjectNode figure, long structureVersion, long[] traceCounts, int[] maxPoints) {
}
