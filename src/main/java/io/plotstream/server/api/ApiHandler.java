package io.plotstream.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.ingest.ActiveStreams;
import io.plotstream.server.plot.HistoryQuery;
import io.plotstream.server.plot.HistoryRange;
import io.plotstream.server.plot.InvalidFigureException;
import io.plotstream.server.plot.Plot;
import io.plotstream.server.log.LogUnavailableException;
import io.plotstream.server.plot.PlotConflictException;
import io.plotstream.server.plot.PlotLimitException;
import io.plotstream.server.plot.PlotSnapshot;
import io.plotstream.server.plot.PlotStore;
import io.plotstream.server.plot.PlotSummary;
import io.plotstream.server.plot.StreamTokens;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The JSON REST API and the operational endpoints:
 * <pre>
 * GET    /api/plots                  list (view key)
 * POST   /api/plots                  create from a figure, optional "id" (admin key) → 201 {"id", "streams"}
 * GET    /api/plots/{id}             figure with current windows, stream stripped, + cursors (view key)
 * PUT    /api/plots/{id}             create or replace the definition (admin key)
 * DELETE /api/plots/{id}             delete (admin key)
 * GET    /api/plots/{id}/figure      the definition with its stream tokens (admin key)
 * GET    /api/plots/{id}/data.csv    current windows as CSV; ?from=&to= a range of history + windows (view key)
 * GET    /api/plots/{id}/history     ?from=&to=&points= downsampled history + windows per streamed trace (view key)
 * POST   /api/tokens?count=N         mint new stream tokens (admin key)
 * GET    /healthz                    liveness, never needs a key
 * GET    /metrics                    Prometheus text (view key)
 * </pre>
 */
public final class ApiHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final int MAX_TOKENS_PER_REQUEST = 100;

    private final PlotStore store;
    private final ObjectMapper mapper;
    private final AccessKeys keys;
    private final int maxBodyBytes;
    private final PrometheusMetrics metrics;
    private final ActiveStreams activeStreams;

    public ApiHandler(PlotStore store, ObjectMapper mapper, AccessKeys keys, int maxBodyBytes,
                      PrometheusMetrics metrics, ActiveStreams activeStreams) {
        this.store = store;
        this.mapper = mapper;
        this.keys = keys;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
        this.activeStreams = activeStreams;
    }

    public boolean accepts(Request request) {
        String path = Request.getPathInContext(request);
        return path.equals("/healthz") || path.equals("/metrics") || path.equals("/api") || path.startsWith("/api/");
    }

    public void handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        ApiExchange exchange = new ApiExchange(request, response, callback, mapper, keys);
        try {
            if (path.equals("/healthz")) {
                onlyGet(exchange, method, () -> healthz(exchange));
            } else if (path.equals("/metrics")) {
                onlyGet(exchange, method, () -> exchange.viewing(() ->
                        exchange.text(200, PrometheusMetrics.CONTENT_TYPE, metrics.render())));
            } else if (path.equals("/api/plots")) {
                plotsCollection(exchange, method);
            } else if (path.equals("/api/tokens")) {
                if (!HttpMethod.POST.is(method)) {
                    exchange.error(405, "use POST to mint tokens");
                } else {
                    exchange.administering(() -> mintTokens(exchange));
                }
            } else if (path.startsWith("/api/plots/")) {
                plotResource(exchange, method, path.substring("/api/plots/".length()));
            } else {
                exchange.error(404, "no such API endpoint: " + path);
            }
        } catch (LogUnavailableException e) {
            unavailable(exchange, e);
        } catch (RuntimeException e) {
            LOG.error("API request {} {} failed", method, path, e);
            exchange.error(500, "internal error");
        }
    }

    /**
     * The log (disk, or the cluster's Redis) could not make a change durable: 503 with the reason, so
     * a client retries later or elsewhere, as a stream's writer does; nothing changed.
     */
    private static void unavailable(ApiExchange exchange, LogUnavailableException e) {
        LOG.warn("API change refused: {}", e.getMessage());
        exchange.error(503, e.getMessage());
    }

    private void plotsCollection(ApiExchange exchange, String method) {
        if (HttpMethod.GET.is(method)) {
            exchange.viewing(() -> {
                ArrayNode list = mapper.createArrayNode();
                for (PlotSummary summary : store.plots()) {
                    list.add(mapper.valueToTree(summary));
                }
                exchange.json(200, list);
            });
        } else if (HttpMethod.POST.is(method)) {
            exchange.administering(() -> withJsonBody(exchange, body -> {
                String id = body.hasNonNull("id") ? body.get("id").asText() : null;
                Plot plot = store.create(id, body);
                exchange.json(201, created(plot));
            }));
        } else {
            exchange.error(405, "use GET or POST on /api/plots");
        }
    }

    private void plotResource(ApiExchange exchange, String method, String rest) {
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String sub = slash < 0 ? "" : rest.substring(slash + 1);
        if (sub.equals("data.csv")) {
            onlyGet(exchange, method, () -> exchange.viewing(() -> withPlot(exchange, id, plot -> dataCsv(exchange, plot))));
        } else if (sub.equals("history")) {
            onlyGet(exchange, method, () -> exchange.viewing(() -> withPlot(exchange, id, plot -> history(exchange, plot))));
        } else if (sub.equals("figure")) {
            onlyGet(exchange, method, () -> exchange.administering(() -> withPlot(exchange, id, plot -> {
                ObjectNode out = plot.definitionJson();
                out.put("id", plot.id());
                exchange.json(200, out);
            })));
        } else if (!sub.isEmpty()) {
            exchange.error(404, "no such plot resource: " + sub);
        } else if (HttpMethod.GET.is(method)) {
            exchange.viewing(() -> withPlot(exchange, id, plot -> {
                ObjectNode out = snapshotJson(plot.snapshot());
                out.set("thresholds", plot.thresholds());
                exchange.json(200, out);
            }));
        } else if (HttpMethod.PUT.is(method)) {
            exchange.administering(() -> withJsonBody(exchange, body -> {
                boolean created = store.put(id, body);
                exchange.json(created ? 201 : 200, created(store.plot(id).orElseThrow()));
            }));
        } else if (HttpMethod.DELETE.is(method)) {
            exchange.administering(() -> {
                if (store.delete(id)) {
                    exchange.json(200, mapper.createObjectNode().put("deleted", id));
                } else {
                    exchange.error(404, "no plot '" + id + "'");
                }
            });
        } else {
            exchange.error(405, "use GET, PUT or DELETE on /api/plots/{id}");
        }
    }

    private void dataCsv(ApiExchange exchange, Plot plot) {
        Fields query = Request.extractQueryParameters(exchange.request);
        String from = query.getValue("from");
        String to = query.getValue("to");
        String body;
        if (HistoryRange.given(from, to) || query.getValue("points") != null) {
            HistoryRange range;
            try {
                range = HistoryRange.parse(from, to, query.getValue("points"), plot.xKind());
            } catch (IllegalArgumentException e) {
                exchange.error(400, e.getMessage());
                return;
            }
            int points = query.getValue("points") == null ? Integer.MAX_VALUE : range.points();
            body = CsvExport.of(plot.history(range.from(), range.to(), points));
        } else {
            body = CsvExport.of(plot.snapshot().figure());
        }
        exchange.response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + plot.id() + ".csv\"");
        exchange.text(200, "text/csv; charset=utf-8", body);
    }

    private void history(ApiExchange exchange, Plot plot) {
        Fields query = Request.extractQueryParameters(exchange.request);
        HistoryRange range;
        try {
            range = HistoryRange.parse(query.getValue("from"), query.getValue("to"), query.getValue("points"), plot.xKind());
        } catch (IllegalArgumentException e) {
            exchange.error(400, e.getMessage());
            return;
        }
        ObjectNode out = mapper.createObjectNode();
        out.put("plot", plot.id());
        boolean dates = plot.xKind() == io.plotstream.server.plot.XKind.DATES;
        out.set("from", rangeValue(range.from(), dates));
        out.set("to", rangeValue(range.to(), dates));
        out.put("points", range.points());
        ArrayNode traces = out.putArray("traces");
        for (HistoryQuery.TraceAnswer answer : plot.history(range.from(), range.to(), range.points())) {
            ObjectNode trace = traces.addObject();
            trace.put("index", answer.index());
            trace.set("x", answer.x());
            trace.set("y", answer.y());
            trace.put("bucket", answer.bucket());
        }
        exchange.json(200, out);
    }

    private JsonNode rangeValue(double value, boolean dates) {
        if (Double.isInfinite(value)) {
            return mapper.nullNode();
        }
        return dates ? mapper.getNodeFactory().textNode(io.plotstream.server.plot.PlotlyTime.formatDate((long) value))
                : HistoryQuery.number(value);
    }

    private void healthz(ApiExchange exchange) {
        // Unhealthy while the operation log cannot make appends durable: nothing is acknowledged then
        io.plotstream.server.log.LogHealth log = store.log().health();
        ObjectNode health = mapper.createObjectNode();
        health.put("status", log.writable() ? "ok" : "unhealthy");
        health.put("plots", store.size());
        health.put("streams", activeStreams.total());
        health.put("log", log.writable() ? "writable" : log.problem());
        exchange.json(log.writable() ? 200 : 503, health);
    }

    private void mintTokens(ApiExchange exchange) {
        Fields query = Request.extractQueryParameters(exchange.request);
        int count;
        try {
            count = Integer.parseInt(Optional.ofNullable(query.getValue("count")).orElse("1"));
        } catch (NumberFormatException e) {
            exchange.error(400, "count: expected a whole number");
            return;
        }
        if (count < 1 || count > MAX_TOKENS_PER_REQUEST) {
            exchange.error(400, "count: expected 1.." + MAX_TOKENS_PER_REQUEST);
            return;
        }
        ObjectNode out = mapper.createObjectNode();
        ArrayNode tokens = out.putArray("tokens");
        for (int i = 0; i < count; i++) {
            tokens.add(StreamTokens.mint());
        }
        exchange.json(200, out);
    }

    private ObjectNode created(Plot plot) {
        ObjectNode out = mapper.createObjectNode();
        out.put("id", plot.id());
        ArrayNode streams = out.putArray("streams");
        JsonNode data = plot.definitionJson().path("data");
        for (int i = 0; i < data.size(); i++) {
            JsonNode stream = data.get(i).get("stream");
            if (stream != null) {
                streams.addObject().put("trace", i).put("token", stream.path("token").asText())
                        .put("maxpoints", stream.path("maxpoints").asInt());
            }
        }
        return out;
    }

    private ObjectNode snapshotJson(PlotSnapshot snapshot) {
        ObjectNode out = mapper.createObjectNode();
        out.put("id", snapshot.plotId());
        out.set("figure", snapshot.figure());
        out.put("structureVersion", snapshot.structureVersion());
        out.set("traceCounts", mapper.valueToTree(snapshot.traceCounts()));
        out.set("maxPoints", mapper.valueToTree(snapshot.maxPoints()));
        out.put("lastUpdateMs", snapshot.lastUpdateMs());
        return out;
    }

    private void withPlot(ApiExchange exchange, String id, Consumer<Plot> action) {
        Optional<Plot> plot = store.plot(id);
        if (plot.isEmpty()) {
            exchange.error(404, "no plot '" + id + "'");
        } else {
            action.accept(plot.get());
        }
    }

    /** Reads the body (bounded), parses it as a JSON object, runs the action, and maps plot-model errors to statuses. */
    private void withJsonBody(ApiExchange exchange, Consumer<JsonNode> action) {
        exchange.withBody(maxBodyBytes, bytes -> {
            JsonNode body;
            try {
                body = mapper.readTree(bytes);
            } catch (JsonProcessingException e) {
                exchange.error(400, "body: invalid JSON (" + e.getOriginalMessage() + ")");
                return;
            } catch (java.io.IOException e) {
                exchange.error(400, "body: " + e.getMessage());
                return;
            }
            if (body == null || !body.isObject()) {
                exchange.error(400, "body: expected a JSON object (a plotly figure)");
                return;
            }
            try {
                action.accept(body);
            } catch (InvalidFigureException e) {
                exchange.error(422, e.getMessage());
            } catch (PlotConflictException e) {
                exchange.error(409, e.getMessage());
            } catch (PlotLimitException e) {
                exchange.error(507, e.getMessage());
            } catch (LogUnavailableException e) {
                unavailable(exchange, e);
            } catch (RuntimeException e) {
                LOG.error("API request failed", e);
                exchange.error(500, "internal error");
            }
        });
    }

    private void onlyGet(ApiExchange exchange, String method, Runnable action) {
        if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
            action.run();
        } else {
            exchange.error(405, "use GET");
        }
    }
}
