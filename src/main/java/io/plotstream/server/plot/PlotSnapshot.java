package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A plot as a viewer first draws it.
 *
 * @param figure           {@code {"data": [...], "layout": {...}}} with windows filled in, {@code stream} stripped,
 *                         thresholds drawn into {@code layout.shapes}/{@code layout.annotations}
 * @param structureVersion see {@link PlotReader}
 * @param traceCounts      per trace, points ever appended (the viewer's cursor for {@link PlotReader#deltaSince})
 * @param maxPoints        per trace, its window capacity ({@code maxpoints})
 * @param lastUpdateMs     wall-clock millis (the store's clock) of the plot's last write, 0 if never
 */
public record PlotSnapshot(String plotId, ObjectNode figure, long structureVersion, long[] traceCounts, int[] maxPoints,
                           long lastUpdateMs) {

    /** A snapshot that does not know its last update (0: never). */
    public PlotSnapshot(String plotId, ObjectNode figure, long structureVersion, long[] traceCounts, int[] maxPoints) {
        this(plotId, figure, structureVersion, traceCounts, maxPoints, 0);
    }
}
