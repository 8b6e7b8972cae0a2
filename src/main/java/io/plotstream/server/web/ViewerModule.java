package io.plotstream.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.dashboard.Dashboard;
import io.plotstream.server.dashboard.DashboardReader;
import io.plotstream.server.plot.PlotReader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a browser talks to: the index page, plot and dashboard pages, the embeddable views,
 * static assets (plotly.js from its WebJar), and the WebSockets that push coalesced updates.
 * CONTRACT between the server core (mounts {@link #handler()} for every request it does not
 * handle itself) and the web/ work (implements it).
 *
 * <p>Routes: {@code GET /} (index), {@code /plots.json} and {@code /dashboards.json} (index data),
 * {@code /plots/{id}} (plot page), {@code /embed/{id}} (frameable plot alone),
 * {@code /dashboards/{id}} and {@code /embed/dashboards/{id}} (dashboard pages), {@code /assets/...},
 * and the WebSockets {@code /ws/plots/{id}} (one plot) and {@code /ws/live?plots=a,b} (up to 64
 * plots on one socket), both taking {@code &width=N} (the panel's width in px: snapshots cut to it,
 * see {@link PixelReduction}). The view key, when set, guards all of them except {@code /assets/}.
 * Needs no ContextHandler above it.
 */
public final class ViewerModule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerModule.class);
    // Browsers send a keep-alive every 30 s (live-plot.js), so only a dead connection reaches this.
    private static final Duration SOCKET_IDLE_TIMEOUT = Duration.ofSeconds(90);
    /** For Jetty's own aggregating paths; {@link ViewerSocket} checks every incoming frame itself. */
    private static final long MAX_INCOMING_MESSAGE = ViewerSocket.MAX_INCOMING_MESSAGE;

    /** For servers that have no dashboards (yet): finds nothing. */
    private static final DashboardReader NO_DASHBOARDS = new DashboardReader() {
        @Override
        public Optional<Dashboard> find(String id) {
            return Optional.empty();
        }

        @Override
        public List<Dashboard> all() {
            return List.of();
        }
    };

    private final FanOut fanOut;
    private final ViewerHandler handler;

    /** Without dashboards: {@code /dashboards/{id}} answers 404 and {@code /dashboards.json} {@code []}. */
    public ViewerModule(Server server, PlotReader plots, ViewerOptions options) {
        this(server, plots, NO_DASHBOARDS, options);
    }

    /**
     * @param server the server the handler will be mounted in (not modified: the WebSocket machinery
     *               lives inside {@link #handler()} and starts with it)
     */
    public ViewerModule(Server server, PlotReader plots, DashboardReader dashboards, ViewerOptions options) {
        ObjectMapper mapper = new ObjectMapper();
        ClassLoader loader = ViewerModule.class.getClassLoader();
        ViewKeyGate gate = new ViewKeyGate(options.viewKey());
        this.fanOut = new FanOut(plots, options, mapper);
        StaticAssets assets = new StaticAssets(loader);
        PageTemplates pages = new PageTemplates(loader, assets.plotlyPath(), options.scatterglThreshold(),
                options.staleAfterMs());
        WebSocketUpgradeHandler upgrades = new WebSocketUpgradeHandler();
        upgrades.addMapping(ViewerHandler.SOCKET + "*", (request, response, callback) -> {
            // ViewerHandler checked key, plot and room before delegating here.
            String id = PlotIds.after(ViewerHandler.SOCKET, Request.getPathInContext(request)).orElseThrow();
            return new ViewerSocket(List.of(id), false, fanOut, width(request));
        });
        upgrades.addMapping(ViewerHandler.LIVE_SOCKET, (request, response, callback) -> {
            // ViewerHandler checked key, the plots parameter and room before delegating here.
            return new ViewerSocket(livePlots(request), true, fanOut, width(request));
        });
        upgrades.getConfiguration().setIdleTimeout(SOCKET_IDLE_TIMEOUT);
        upgrades.getConfiguration().setMaxTextMessageSize(MAX_INCOMING_MESSAGE);
        upgrades.getConfiguration().setMaxBinaryMessageSize(MAX_INCOMING_MESSAGE);
        this.handler = new ViewerHandler(upgrades, plots, dashboards, fanOut, gate, assets, pages, mapper);
        plots.addListener(fanOut);
        fanOut.start();
        LOG.info("viewer pages ready: {}", options);
    }

    /** The socket URL's {@code width} (docs/VIEWER-WIDTH.md), or none when absent or invalid (whole snapshots). */
    private static int width(Request request) {
        return PanelWidth.fromQuery(Request.extractQueryParameters(request).getValues("width"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> livePlots(Request request) {
        Object checked = request.getAttribute(ViewerHandler.LIVE_PLOTS_ATTRIBUTE);
        if (checked instanceof List<?> ids) {
            return (List<String>) ids;
        }
        LivePlots.Parsed parsed = LivePlots.parse(Request.extractQueryParameters(request).getValues("plots"));
        if (!parsed.ok()) {
            throw new IllegalArgumentException(parsed.error());
        }
        return parsed.ids();
    }

    /** Handles GET pages, assets and the WebSocket upgrade; answers 404 for what it does not know. */
    public Handler handler() {
        return handler;
    }

    /**
     * This node lost its cluster's engine (Redis), or has it back: every viewer is told, keeps what it
     * has, and shows its plots as stale until the engine is back.
     */
    public void engineReachable(boolean up, String reason) {
        fanOut.engineState(up, reason);
    }

    public ViewerStats stats() {
        return fanOut.stats();
    }

    /** Stops pushing and closes every viewer's socket. */
    @Override
    public void close() {
        fanOut.close();
    }
}
