package io.plotstream.server.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Routes browser requests: pages, the index JSON, assets, and the WebSocket upgrade (delegated to
 * the wrapped {@link WebSocketUpgradeHandler} only after the view key, the plot and the viewer
 * limit have been checked).
 */
final class ViewerHandler extends Handler.Wrapper {

    static final String INDEX_JSON = "/plots.json";
    static final String PLOT_PAGE = "/plots/";
    static final String EMBED_PAGE = "/embed/";
    static final String SOCKET = "/ws/plots/";

    private final PlotReader plots;
    private final FanOut fanOut;
    private final ViewKeyGate gate;
    private final StaticAssets assets;
    private final PageTemplates pages;
    private final ObjectMapper mapper;

    ViewerHandler(WebSocketUpgradeHandler upgrades, PlotReader plots, FanOut fanOut, ViewKeyGate gate,
                  StaticAssets assets, PageTemplates pages, ObjectMapper mapper) {
        super(upgrades);
        this.plots = plots;
        this.fanOut = fanOut;
        this.gate = gate;
        this.assets = assets;
        this.pages = pages;
        this.mapper = mapper;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Response.writeError(request, response, callback, 405, "viewer pages answer GET only");
            return true;
        }
        if (path.startsWith("/assets/")) {
            Optional<StaticAsset> asset = assets.find(path);
            if (asset.isPresent()) {
                asset.get().serve(request, response, callback);
            } else {
                notFound(request, response, callback, "no such asset");
            }
            return true;
        }
        if (!isViewerPath(path)) {
            notFound(request, response, callback, "not found");
            return true;
        }
        if (!gate.admit(request, response)) {
            text(request, response, callback, 403, "This server needs a view key: open the page with ?key=<view key>.");
            return true;
        }
        if (path.equals("/") || path.equals("/index.html")) {
            html(request, response, callback, pages.index(), SecurityHeaders::page);
        } else if (path.equals(INDEX_JSON)) {
            indexJson(request, response, callback);
        } else if (path.startsWith(PLOT_PAGE)) {
            withPlot(PLOT_PAGE, path, request, response, callback,
                    id -> html(request, response, callback, pages.plot(id), SecurityHeaders::page));
        } else if (path.startsWith(EMBED_PAGE)) {
            withPlot(EMBED_PAGE, path, request, response, callback,
                    id -> html(request, response, callback, pages.embed(id), SecurityHeaders::embed));
        } else {
            return upgrade(path, request, response, callback);
        }
        return true;
    }

    private static boolean isViewerPath(String path) {
        return path.equals("/") || path.equals("/index.html") || path.equals(INDEX_JSON)
                || path.startsWith(PLOT_PAGE) || path.startsWith(EMBED_PAGE) || path.startsWith(SOCKET);
    }

    private boolean upgrade(String path, Request request, Response response, Callback callback) throws Exception {
        Optional<String> id = PlotIds.after(SOCKET, path);
        if (id.isEmpty() || !exists(id.get())) {
            notFound(request, response, callback, "no such plot");
            return true;
        }
        if (!fanOut.hasRoom()) {
            text(request, response, callback, 503, "viewer limit reached, try again later");
            return true;
        }
        if (!super.handle(request, response, callback)) {
            text(request, response, callback, 400, "expected a WebSocket upgrade");
        }
        return true;
    }

    private void withPlot(String prefix, String path, Request request, Response response, Callback callback,
                          Consumer<String> page) {
        Optional<String> id = PlotIds.after(prefix, path);
        if (id.isPresent() && exists(id.get())) {
            page.accept(id.get());
        } else {
            notFound(request, response, callback, "no such plot");
        }
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

    private static void html(Request request, Response response, Callback callback, String body,
                             Consumer<HttpFields.Mutable> headers) {
        headers.accept(response.getHeaders());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        write(request, response, callback, 200, "text/html; charset=utf-8", body);
    }

    private static void notFound(Request request, Response response, Callback callback, String message) {
        text(request, response, callback, 404, message);
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
