package io.plotstream.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plotstream.server.dashboard.Dashboard;
import io.plotstream.server.dashboard.DashboardReader;
import io.plotstream.server.dashboard.Panel;
import io.plotstream.server.plot.PlotReader;
import io.plotstream.server.plot.PlotSummary;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Routes browser requests: pages, the index JSON, assets, and the WebSocket upgrades (delegated to
 * the wrapped {@link WebSocketUpgradeHandler} only after the view key, the plots and the viewer
 * limit have been checked). Pages a person opens answer errors as a small HTML page saying what is
 * wrong and what to do; data URLs and WebSocket upgrades answer plain text with plain statuses.
 */
final class ViewerHandler extends Handler.Wrapper {

    static final String INDEX_JSON = "/plots.json";
    static final String DASHBOARDS_JSON = "/dashboards.json";
    static final String PLOT_PAGE = "/plots/";
    static final String EMBED_PAGE = "/embed/";
    static final String DASHBOARD_PAGE = "/dashboards/";
    static final String EMBED_DASHBOARD_PAGE = "/embed/dashboards/";
    static final String SOCKET = "/ws/plots/";
    static final String LIVE_SOCKET = "/ws/live";
    /** Request attribute: the validated plot ids of a {@code /ws/live} upgrade, for the socket creator. */
    static final String LIVE_PLOTS_ATTRIBUTE = "io.plotstream.web.livePlots";

    private final PlotReader plots;
    private final DashboardReader dashboards;
    private final FanOut fanOut;
    private final ViewKeyGate gate;
    private final StaticAssets assets;
    private final PageTemplates pages;
    private final ObjectMapper mapper;

    ViewerHandler(WebSocketUpgradeHandler upgrades, PlotReader plots, DashboardReader dashboards, FanOut fanOut,
                  ViewKeyGate gate, StaticAssets assets, PageTemplates pages, ObjectMapper mapper) {
        super(upgrades);
        this.plots = plots;
        this.dashboards = dashboards;
        this.fanOut = fanOut;
        this.gate = gate;
        this.assets = assets;
        this.pages = pages;
        this.mapper = mapper;
    }

    /** What kind of answer a path gets when something is wrong. */
    private enum Kind { PAGE, EMBED, DATA, SOCKET }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Response.writeError(request, response, callback, 405, "viewer pages answer GET only");
            return true;
        }
        if (path.startsWith("/assets/") || path.equals(StaticAssets.FAVICON_ICO)) {
            Optional<StaticAsset> asset = assets.find(path);
            if (asset.isPresent()) {
                asset.get().serve(request, response, callback);
            } else {
                text(request, response, callback, 404, "no such asset");
            }
            return true;
        }
        Kind kind = kindOf(path);
        if (kind == null) {
            text(request, response, callback, 404, "not found");
            return true;
        }
        ViewKeyGate.Admission admission = gate.check(request, response);
        if (admission != ViewKeyGate.Admission.ADMITTED) {
            refused(kind, admission, request, response, callback);
            return true;
        }
        if (path.equals("/") || path.equals("/index.html")) {
            html(request, response, callback, 200, pages.index(), SecurityHeaders::page);
        } else if (path.equals(INDEX_JSON)) {
            indexJson(request, response, callback);
        } else if (path.equals(DASHBOARDS_JSON)) {
            dashboardsJson(request, response, callback);
        } else if (path.startsWith(EMBED_DASHBOARD_PAGE)) {
            dashboardPage(EMBED_DASHBOARD_PAGE, path, kind, request, response, callback);
        } else if (path.startsWith(DASHBOARD_PAGE)) {
            dashboardPage(DASHBOARD_PAGE, path, kind, request, response, callback);
        } else if (path.startsWith(PLOT_PAGE)) {
            plotPage(PLOT_PAGE, path, kind, request, response, callback);
        } else if (path.startsWith(EMBED_PAGE)) {
            plotPage(EMBED_PAGE, path, kind, request, response, callback);
        } else if (path.equals(LIVE_SOCKET)) {
            return upgradeLive(request, response, callback);
        } else {
            return upgrade(path, request, response, callback);
        }
        return true;
    }

    private static Kind kindOf(String path) {
        if (path.equals("/") || path.equals("/index.html") || path.startsWith(PLOT_PAGE)
                || path.startsWith(DASHBOARD_PAGE)) {
            return Kind.PAGE;
        }
        if (path.startsWith(EMBED_PAGE)) {
            return Kind.EMBED;
        }
        if (path.equals(INDEX_JSON) || path.equals(DASHBOARDS_JSON)) {
            return Kind.DATA;
        }
        if (path.startsWith(SOCKET) || path.equals(LIVE_SOCKET)) {
            return Kind.SOCKET;
        }
        return null;
    }

    private void refused(Kind kind, ViewKeyGate.Admission admission, Request request, Response response,
                         Callback callback) {
        if (kind == Kind.PAGE || kind == Kind.EMBED) {
            String message = switch (admission) {
                case WRONG_KEY -> "The view key in this link is not the key of this server.";
                case WRONG_COOKIE -> "The view key saved in this browser is no longer the key of this server.";
                default -> "This server shows its plots only with its view key.";
            };
            errorPage(kind, 403, "View key needed", message,
                    "Open this page once with ?key=<view key> added to its address (ask whoever runs the server "
                            + "for the key); the browser then keeps it for the other pages.",
                    request, response, callback);
        } else {
            text(request, response, callback, 403,
                    admission == ViewKeyGate.Admission.WRONG_KEY || admission == ViewKeyGate.Admission.WRONG_COOKIE
                            ? "wrong view key: bring the server's view key as ?key= or open a page with it first"
                            : "this server needs a view key: add ?key=<view key> or open a page with it first");
        }
    }

    private boolean upgrade(String path, Request request, Response response, Callback callback) throws Exception {
        Optional<String> id = PlotIds.after(SOCKET, path);
        if (id.isEmpty() || !exists(id.get())) {
            text(request, response, callback, 404, "no such plot");
            return true;
        }
        return delegateUpgrade(request, response, callback);
    }

    private boolean upgradeLive(Request request, Response response, Callback callback) throws Exception {
        LivePlots.Parsed parsed = LivePlots.parse(Request.extractQueryParameters(request).getValues("plots"));
        if (!parsed.ok()) {
            text(request, response, callback, 400, parsed.error());
            return true;
        }
        request.setAttribute(LIVE_PLOTS_ATTRIBUTE, parsed.ids());
        return delegateUpgrade(request, response, callback);
    }

    private boolean delegateUpgrade(Request request, Response response, Callback callback) throws Exception {
        if (!fanOut.hasRoom()) {
            text(request, response, callback, 503, "viewer limit reached, try again later");
            return true;
        }
        if (!super.handle(request, response, callback)) {
            text(request, response, callback, 400, "expected a WebSocket upgrade");
        }
        return true;
    }

    private void plotPage(String prefix, String path, Kind kind, Request request, Response response,
                          Callback callback) {
        Optional<String> id = PlotIds.after(prefix, path);
        if (id.isPresent() && exists(id.get())) {
            if (kind == Kind.EMBED) {
                html(request, response, callback, 200, pages.embed(id.get()), SecurityHeaders::embed);
            } else {
                html(request, response, callback, 200, pages.plot(id.get()), SecurityHeaders::page);
            }
        } else if (id.isPresent()) {
            errorPage(kind, 404, "No such plot", "There is no plot named \u201c" + id.get() + "\u201d on this server.",
                    "It may have been deleted or not defined yet: the index lists the plots there are.",
                    request, response, callback);
        } else {
            errorPage(kind, 404, "No such plot", "This address does not name a plot.",
                    "Plot addresses look like /plots/<id>; the index lists the plots there are.",
                    request, response, callback);
        }
    }

    private void dashboardPage(String prefix, String path, Kind kind, Request request, Response response,
                               Callback callback) {
        Optional<String> id = PlotIds.after(prefix, path);
        Optional<Dashboard> dashboard = id.flatMap(dashboards::find);
        if (dashboard.isPresent()) {
            Dashboard found = dashboard.get();
            if (kind == Kind.EMBED) {
                html(request, response, callback, 200, pages.embedDashboard(found.id(), found.title()),
                        SecurityHeaders::embed);
            } else {
                html(request, response, callback, 200, pages.dashboard(found.id(), found.title()),
                        SecurityHeaders::page);
            }
        } else if (id.isPresent()) {
            errorPage(kind, 404, "No such dashboard",
                    "There is no dashboard named \u201c" + id.get() + "\u201d on this server.",
                    "It may have been deleted or not defined yet: the index lists the dashboards there are.",
                    request, response, callback);
        } else {
            errorPage(kind, 404, "No such dashboard", "This address does not name a dashboard.",
                    "Dashboard addresses look like /dashboards/<id>; the index lists the dashboards there are.",
                    request, response, callback);
        }
    }

    private void errorPage(Kind kind, int status, String title, String message, String action, Request request,
                           Response response, Callback callback) {
        html(request, response, callback, status, pages.error(status, title, message, action),
                kind == Kind.EMBED ? SecurityHeaders::embed : SecurityHeaders::page);
    }

    private boolean exists(String plotId) {
        return plots.plots().stream().anyMatch(summary -> summary.id().equals(plotId));
    }

    private void indexJson(Request request, Response response, Callback callback) throws JsonProcessingException {
        List<PlotSummary> summaries = plots.plots().stream().sorted(Comparator.comparing(PlotSummary::id)).toList();
        ArrayNode list = mapper.createArrayNode();
        for (PlotSummary summary : summaries) {
            ObjectNode item = list.addObject();
            item.put("id", summary.id());
            item.put("title", summary.title());
            item.put("traces", summary.traces());
            item.put("points", summary.points());
            item.put("lastUpdateMs", summary.lastUpdateMs());
        }
        SecurityHeaders.data(response.getHeaders());
        write(request, response, callback, 200, "application/json", mapper.writeValueAsString(list));
    }

    /** {@code [{"id":"ops","title":"Operations","panels":3,"plots":["a","b"]}]}, sorted by id. */
    private void dashboardsJson(Request request, Response response, Callback callback) throws JsonProcessingException {
        ArrayNode list = mapper.createArrayNode();
        for (Dashboard dashboard : dashboards.all().stream().sorted(Comparator.comparing(Dashboard::id)).toList()) {
            ObjectNode item = list.addObject();
            item.put("id", dashboard.id());
            item.put("title", dashboard.title() == null || dashboard.title().isBlank() ? dashboard.id() : dashboard.title());
            item.put("panels", dashboard.panels().size());
            Set<String> plotIds = new LinkedHashSet<>();
            for (Panel panel : dashboard.panels()) {
                plotIds.add(panel.plot());
            }
            ArrayNode plotList = item.putArray("plots");
            plotIds.forEach(plotList::add);
        }
        SecurityHeaders.data(response.getHeaders());
        write(request, response, callback, 200, "application/json", mapper.writeValueAsString(list));
    }

    private static void html(Request request, Response response, Callback callback, int status, String body,
                             Consumer<HttpFields.Mutable> headers) {
        headers.accept(response.getHeaders());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        write(request, response, callback, status, "text/html; charset=utf-8", body);
    }

    private static void text(Request request, Response response, Callback callback, int status, String message) {
        SecurityHeaders.data(response.getHeaders());
        write(request, response, callback, status, "text/plain; charset=utf-8", message + "\n");
    }

    private static void write(Request request, Response response, Callback callback, int status, String type,
                              String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }
}
