package io.plotstream.server.web;

import io.plotstream.server.plot.PlotReader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;

/**
 * Everything a browser talks to: the index page, plot pages, the embeddable view, static assets
 * (plotly.js from its WebJar), and the WebSocket that pushes coalesced updates. CONTRACT between
 * the server core (mounts {@link #handler()} for every request it does not handle itself) and the
 * web/ work (implements it).
 */
public final class ViewerModule implements AutoCloseable {

    public ViewerModule(Server server, PlotReader plots, ViewerOptions options) {
        throw new UnsupportedOperationException("contract");
    }

    /** Handles GET pages, assets and the WebSocket upgrade; answers 404 for what it does not know. */
    public Handler handler() {
        throw new UnsupportedOperationException("contract");
    }

    public ViewerStats stats() {
        throw new UnsupportedOperationException("contract");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("contract");
    }
}
