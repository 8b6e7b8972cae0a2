package io.plotstream.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.plot.PlotReader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Everything a browser talks to: the index page, plot pages, the embeddable view, static assets
 * (plotly.js from its WebJar), and the WebSocket that pushes coalesced updates. CONTRACT between
 * the server core (mounts {@link #handler()} for every request it does not handle itself) and the
 * web/ work (implements it).
 *
 * <p>Routes: {@code GET /} (index), {@code /plots.json} (index data), {@code /plots/{id}} (plot page),
 * {@code /embed/{id}} (frameable plot alone), {@code /assets/...}, and the WebSocket
 * {@code /ws/plots/{id}}. The view key, when set, guards all of them except {@code /assets/}.
 * Needs no ContextHandler above it.
 */
public final class ViewerModule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerModule.class);
    // Browsers send a keep-alive every 30 s (live-plot.js), so only a dead connection reaches this.
    private static final Duration SOCKET_IDLE_TIMEOUT = Duration.ofSeconds(90);
    private static final long MAX_INCOMING_MESSAGE = 1024;

    private final FanOut fanOut;
    private final ViewerHandler handler;
    private final ViewKeyGate gate;

    /**
     * @param server the server the handler will be mounted in (not modified: the WebSocket machinery
     *               lives inside {@link #handler()} and starts with it)
     */
    public ViewerModule(Server server, PlotReader plots, ViewerOptions options) {
        ObjectMapper mapper = new ObjectMapper();
        ClassLoader loader = ViewerModule.class.getClassLoader();
        this.gate = new ViewKeyGate(options.viewKey());
        this.fanOut = new FanOut(plots, options, mapper);
        StaticAssets assets = new StaticAssets(loader);
        PageTemplates pages = new PageTemplates(loader, assets.plotlyPath(), options.scatterglThreshold());
        WebSocketUpgradeHandler upgrades = new WebSocketUpgradeHandler();
        upgrades.addMapping(ViewerHandler.SOCKET + "*", (request, response, callback) -> {
            // ViewerHandler checked key, plot and room before delegating here.
            String id = PlotIds.after(ViewerHandler.SOCKET,
                    org.eclipse.jetty.server.Request.getPathInContext(request)).orElseThrow();
            return new ViewerSocket(id, fanOut);
        });
        upgrades.getConfiguration().setIdleTimeout(SOCKET_IDLE_TIMEOUT);
        upgrades.getConfiguration().setMaxTextMessageSize(MAX_INCOMING_MESSAGE);
        upgrades.getConfiguration().setMaxBinaryMessageSize(MAX_INCOMING_MESSAGE);
        this.handler = new ViewerHandler(upgrades, plots, fanOut, gate, assets, pages, mapper);
        plots.addListener(fanOut);
        fanOut.start();
        LOG.info("viewer pages ready: {}", options);
    }

    /** Handles GET pages, assets and the WebSocket upgrade; answers 404 for what it does not know. */
    public Handler handler() {
        return handler;
    }

    /** The view-key check the pages use, for the server core to guard its read APIs the same way. */
    public ViewKeyGate viewKeyGate() {
        return gate;
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
