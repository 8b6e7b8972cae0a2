package io.plotstream.server.plot;

/**
 * One line of the plot index.
 *
 * @param id           the plot's id (URL-safe)
 * @param title        layout title, or the id
 * @param traces       number of traces
 * @param points       points currently held in all windows
 * @param lastUpdateMs wall-clock millis of the last write, 0 if never
 */
public record PlotSummary(String id, String title, int traces, long points, long lastUpdateMs) {
}
