package io.plotstream.server.api;

import io.plotstream.protocol.StreamToken;
import io.plotstream.server.ingest.ActiveStreams;
import io.plotstream.server.ingest.IngestMetrics;
import io.plotstream.server.ingest.LatencyHistogram;
import io.plotstream.server.log.LogHealth;
import io.plotstream.server.plot.PlotStore;
import io.plotstream.server.plot.PlotSummary;
import io.plotstream.server.web.ViewerStats;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Renders the server's counters in the Prometheus text format (version 0.0.4). Tokens appear masked only. */
public final class PrometheusMetrics {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final IngestMetrics ingest;
    private final ActiveStreams activeStreams;
    private final PlotStore store;
    private final Supplier<ViewerStats> viewers;
    private final LongSupplier openConnections;
    private final LongSupplier headerTimeouts;

    /**
     * @param openConnections the connector's open TCP connections now
     * @param headerTimeouts  connections closed so far for not finishing their headers in time
     */
    public PrometheusMetrics(IngestMetrics ingest, ActiveStreams activeStreams, PlotStore store, Supplier<ViewerStats> viewers,
                             LongSupplier openConnections, LongSupplier headerTimeouts) {
        this.ingest = ingest;
        this.activeStreams = activeStreams;
        this.store = store;
        this.viewers = viewers;
        this.openConnections = openConnections;
        this.headerTimeouts = headerTimeouts;
    }

    public String render() {
        StringBuilder out = new StringBuilder(2048);
        counter(out, "plotserver_lines_ingested_total", "Stream lines that carried a write (heartbeats excluded).", ingest.lines());
        counter(out, "plotserver_bytes_ingested_total", "Stream body bytes received (after de-chunking).", ingest.bytes());
        counter(out, "plotserver_heartbeats_total", "Empty stream lines received.", ingest.heartbeats());
        counter(out, "plotserver_streams_opened_total", "Streams accepted.", ingest.streamsOpened());

        header(out, "plotserver_stream_ends_total", "Streams ended, by the HTTP status that ended them (aborted: the client dropped the connection).", "counter");
        ingest.streamEnds().forEach((status, count) ->
                out.append("plotserver_stream_ends_total{status=\"").append(status).append("\"} ").append(count).append('\n'));

        gauge(out, "plotserver_active_streams", "Streams open now.", activeStreams.total());
        header(out, "plotserver_active_streams_by_token", "Streams open now per token (masked) and the plots it feeds.", "gauge");
        Map<String, List<String>> plotsByToken = store.plotIdsByToken();
        Map<String, Integer> byLabels = new TreeMap<>();
        activeStreams.perToken().forEach((token, count) -> {
            String plots = String.join(",", plotsByToken.getOrDefault(token, List.of()));
            String labels = "plot=\"" + escape(plots) + "\",token=\"" + escape(StreamToken.mask(token)) + "\"";
            byLabels.merge(labels, count, Integer::sum); // two tokens may mask alike
        });
        byLabels.forEach((labels, count) ->
                out.append("plotserver_active_streams_by_token{").append(labels).append("} ").append(count).append('\n'));

        List<PlotSummary> plots = store.plots();
        gauge(out, "plotserver_plots", "Plots defined.", plots.size());
        gauge(out, "plotserver_points", "Points held in all windows.", plots.stream().mapToLong(PlotSummary::points).sum());
        gauge(out, "plotserver_history_bytes", "Memory held by the downsampled histories of all traces.", store.historyBytes());
        gauge(out, "plotserver_history_bytes_limit", "The histories' total cap (--history-bytes-total).",
                store.historyLimits().bytesTotal());

        ViewerStats stats = viewers.get();
        gauge(out, "plotserver_viewers", "Viewer connections open now.", stats.viewers());
        counter(out, "plotserver_frames_sent_total", "Update frames sent to viewers.", stats.framesSent());
        counter(out, "plotserver_frames_coalesced_total", "Updates merged into a later frame.", stats.framesCoalesced());
        counter(out, "plotserver_frames_dropped_total", "Frames dropped for slow viewers (they get a snapshot later).", stats.framesDropped());
        counter(out, "plotserver_snapshots_sent_total", "Full snapshots sent to viewers.", stats.snapshotsSent());
        counter(out, "plotserver_frames_encoded_total", "Frames encoded: once per plot and viewer position, shared by the viewers there.",
                stats.framesEncoded());

        LogHealth log = store.log().health();
        gauge(out, "plotserver_log_writable", "1 while the operation log can make appends durable; 0: streams end with 503 and nothing is acknowledged.",
                log.writable() ? 1 : 0);
        gauge(out, "plotserver_log_bytes", "Bytes the operation log occupies.", log.bytesUsed());
        gauge(out, "plotserver_log_bytes_limit", "The most the operation log may occupy (--log-limit).", log.bytesLimit());
        counter(out, "plotserver_log_appends_total", "Log records made durable.", log.appends());
        counter(out, "plotserver_log_commits_total", "Group commits (forces) of the log: appends per commit is the batching.", log.commits());
        counter(out, "plotserver_log_append_failures_total", "Log appends that failed (never acknowledged).", log.failures());
        counter(out, "plotserver_ack_streams_total", "Streams that asked for acknowledgements (plotstream-ack).", ingest.ackStreams());
        counter(out, "plotserver_stream_append_failures_total", "Streams ended with 503 because a log append failed.",
                ingest.appendFailures());
        LatencyHistogram durable = ingest.durableLatency();
        header(out, "plotserver_ack_latency_seconds", "From a read chunk's arrival until its lines are durable (and acknowledged).",
                "histogram");
        for (int i = 0; i < LatencyHistogram.BOUNDS.length; i++) {
            out.append("plotserver_ack_latency_seconds_bucket{le=\"").append(LatencyHistogram.BOUNDS[i]).append("\"} ")
                    .append(durable.cumulative(i)).append('\n');
        }
        out.append("plotserver_ack_latency_seconds_bucket{le=\"+Inf\"} ").append(durable.count()).append('\n');
        out.append("plotserver_ack_latency_seconds_sum ").append(durable.sumSeconds()).append('\n');
        out.append("plotserver_ack_latency_seconds_count ").append(durable.count()).append('\n');

        gauge(out, "plotserver_open_connections", "TCP connections open now (bounded by --max-connections).",
                openConnections.getAsLong());
        counter(out, "plotserver_header_timeouts_total", "Connections closed for not finishing their request headers within --header-timeout.",
                headerTimeouts.getAsLong());
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "counter");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        header(out, name, help, "gauge");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
