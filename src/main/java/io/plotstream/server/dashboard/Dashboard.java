package io.plotstream.server.dashboard;

import java.time.Duration;
import java.util.List;

/**
 * A validated dashboard definition. Its JSON form ({@code GET /api/dashboards/{id}}, the files in
 * {@code --dashboards-dir}):
 * <pre>{@code
 * {"id": "ops", "title": "Operations", "columns": 12, "rowHeight": 120, "timeRange": "5m",
 *  "panels": [{"plot": "temps", "x": 0, "y": 0, "w": 6, "h": 3, "title": "Boiler"}]}
 * }</pre>
 *
 * @param id        the same rule as plot ids ({@code PlotIds.FORMAT}): it appears in URLs and file names
 * @param columns   grid width in cells
 * @param rowHeight one grid row's height in CSS pixels
 * @param timeRange shared x range of every panel ("the last 5 minutes"); null for each plot's own
 * @param timeRangeText the range as the definition spelled it ({@code "5m"}), for round trips; null with it
 */
public record Dashboard(String id, String title, int columns, int rowHeight, Duration timeRange,
                        String timeRangeText, List<Panel> panels) {

    public Dashboard {
        panels = List.copyOf(panels);
    }
}
