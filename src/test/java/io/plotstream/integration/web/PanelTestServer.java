package io.plotstream.integration.web;

import io.plotstream.server.web.InMemoryPlots;
import io.plotstream.server.web.ViewerModule;
import io.plotstream.server.web.ViewerOptions;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The viewer module on loopback, fed by an in-memory plot model, with a programmable stand-in for
 * the API's history endpoint ({@code GET /api/plots/{id}/history}): the browser side of zoom into
 * history is tested against answers the test chooses (and delays), independent of the server's
 * downsampling.
 */
final class PanelTestServer implements AutoCloseable {

    /** What the history stand-in answers: a delay and a JSON body. */
    record Answer(long delayMs, String json) {
    }

    /** One history request as the browser sent it. */
    record HistoryRequest(String plotId, String from, String to, String points) {
    }

    final InMemoryPlots plots = new InMemoryPlots();
    final ViewerModule viewers;
    final List<HistoryRequest> historyRequests = new CopyOnWriteArrayList<>();
    volatile Function<HistoryRequest, Answer> history = request -> new Answer(0, "{\"traces\":[]}");
    private final Server server;
    private final ServerConnector connector;
    private final int port;

    PanelTestServer(ViewerOptions options) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("panel-it");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        viewers = new ViewerModule(server, plots, options);
        server.setHandler(new Handler.Sequence(new HistoryStandIn(), viewers.handler()));
        server.start();
        port = connector.getLocalPort();
    }

    private final class HistoryStandIn extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = Request.getPathInContext(request);
            if (!path.startsWith("/api/plots/") || !path.endsWith("/history")) {
                return false;
            }
            String id = path.substring("/api/plots/".length(), path.length() - "/history".length());
            Fields query = Request.extractQueryParameters(request);
            HistoryRequest asked = new HistoryRequest(id, query.getValue("from"), query.getValue("to"), query.getValue("points"));
            historyRequests.add(asked);
            Answer answer = history.apply(asked);
            if (answer.delayMs() > 0) {
                Thread.sleep(answer.delayMs());
            }
            response.getHeaders().put("Content-Type", "application/json");
            response.write(true, ByteBuffer.wrap(answer.json().getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
    }

    void stopAccepting() throws Exception {
        connector.stop();
    }

    void resumeAccepting() throws Exception {
        connector.setPort(port);
        connector.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        viewers.close();
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("test server did not stop", e);
        }
    }
}
