package io.plotstream.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.plot.HistoryQuery;

import java.util.List;

/**
 * The current windows of a plot as CSV, one row per point:
 * {@code trace,x,y,text,marker.color,marker.size} (RFC 4180 quoting; trace = index in the figure).
 */
final class CsvExport {
    private static final String HEADER = "trace,x,y,text,marker.color,marker.size\r\n";

    private CsvExport() {
    }

    static String of(ObjectNode figure) {
        StringBuilder csv = new StringBuilder(HEADER);
        JsonNode data = figure.path("data");
        for (int t = 0; t < data.size(); t++) {
            JsonNode trace = data.get(t);
            JsonNode[] columns = {
                    trace.get("x"), trace.get("y"), trace.get("text"),
                    trace.path("marker").get("color"), trace.path("marker").get("size")};
            int rows = 0;
            for (JsonNode column : columns) {
                if (column != null && column.isArray()) {
                    rows = Math.max(rows, column.size());
                }
            }
            for (int i = 0; i < rows; i++) {
                csv.append(t);
                for (JsonNode column : columns) {
                    csv.append(',');
                    if (column != null && column.isArray()) {
                        cell(csv, column.get(i));
                    }
                }
                csv.append("\r\n");
            }
        }
        return csv.toString();
    }

    /** A history range as CSV, same columns (history rows carry only x and y). */
    static String of(List<HistoryQuery.TraceAnswer> traces) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (HistoryQuery.TraceAnswer trace : traces) {
            for (int i = 0; i < trace.x().size(); i++) {
                csv.append(trace.index()).append(',');
                cell(csv, trace.x().get(i));
                csv.append(',');
                cell(csv, trace.y().get(i));
                csv.append(",,,\r\n");
            }
        }
        return csv.toString();
    }

    private static void cell(StringBuilder csv, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        String text = value.isValueNode() ? value.asText() : value.toString();
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            csv.append('"').append(text.replace("\"", "\"\"")).append('"');
        } else {
            csv.append(text);
        }
    }
}
