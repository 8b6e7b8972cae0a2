package io.plotstream.server.web;

import io.plotstream.server.plot.PlotReader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;

/**
 * Everything a browser talks to: the index page, plot pages, the embeddable view, static assets
 * (plotly.js from its WebJar), and the WebSocket that pushes coalesced updates. CONTRACT between
 * the server core (mounts {@link #handler()} for every request it does not handle itself) and the
 * web/ work (implements it).
 */
public final class ViewerModule implements AutoCloseable {

    // PLACEHOLDER until the web/ work lands: answers 404 so the server core can be built and tested alone.
    public ViewerModule(Server server, PlotReader plots, ViewerOptions options) {
    }

    /** Handles GET pages, assets and the WebSocket upgrade; answers 404 for what it does not know. */
    public Handler handler() {
        return new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, Response response,
                                  org.eclipse.jetty.util.Callback callback) {
                Response.writeError(request, response, callback, 404);
                return true;
            }
        };
    }

    public ViewerStats stats() {
        return new ViewerStats(0, 0, 0, 0, 0);
    }

    @Override
    public void close() {
    }
}
