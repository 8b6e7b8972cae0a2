package io.plotstream.server;

import io.plotstream.server.api.ApiHandler;
import io.plotstream.server.api.DashboardApi;
import io.plotstream.server.ingest.IngestHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Routes each request: the ingest path ({@code POST /} and anything but a browser's GET of /) to
 * ingest, {@code /api/dashboards[/...]} to the dashboard API, the rest of {@code /api/*},
 * {@code /healthz} and {@code /metrics} to the API, everything else to the
 * viewer module (pages, assets, WebSocket), which is the wrapped handler so Jetty manages its life.
 */
final class PlotServerHandler extends Handler.Wrapper {

    private final IngestHandler ingest;
    private final DashboardApi dashboards;
    private final ApiHandler api;

    PlotServerHandler(IngestHandler ingest, DashboardApi dashboards, ApiHandler api, Handler viewers) {
        super(viewers);
        this.ingest = ingest;
        this.dashboards = dashboards;
        this.api = api;
    }

    /**
     * Blocking: ingest and the APIs wait on plot locks, the log's room and files. A wrapper takes
     * its wrapped handler's type, and the WebSocket upgrade handler's is NON_BLOCKING, so Jetty ran
     * every request inline on its selector thread: one stream's read turn held the selector, and
     * no other connection (a /healthz, other streams) was read until it ended.
     */
    @Override
    public Invocable.InvocationType getInvocationType() {
        return Invocable.InvocationType.BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (ingest.accepts(request)) {
            ingest.handle(request, response, callback);
            return true;
        }
        if (dashboards.accepts(request)) {
            dashboards.handle(request, response, callback);
            return true;
        }
        if (api.accepts(request)) {
            api.handle(request, response, callback);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
