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
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A real Jetty server on loopback with only the viewer module, fed by an in-memory plot model. */
public final class ViewerTestServer implements AutoCloseable {

    public final InMemoryPlots plots = new InMemoryPlots();
    public final ViewerModule viewers;
    private final Server server;
    private final ServerConnector connector;
    private final int port;

    public ViewerTestServer(ViewerOptions options) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("viewer-it");
        server = new Server(threads);
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        viewers = new ViewerModule(server, plots, options);
        // Mounted the way the server core mounts it: after the core's own handlers, for what they leave.
        server.setHandler(new Handler.Sequence(new CoreStandIn(), viewers.handler()));
        server.start();
        port = connector.getLocalPort();
    }

    /** Answers {@code /healthz} as the server core would, and leaves every other request to the viewer module. */
    private static final class CoreStandIn extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            if (!Request.getPathInContext(request).equals("/healthz")) {
                return false;
            }
            response.getHeaders().put("Content-Type", "text/plain");
            response.write(true, ByteBuffer.wrap("ok\n".getBytes(StandardCharsets.US_ASCII)), callback);
            return true;
        }
    }

    /** Closes every connection and stops accepting, as a network outage or a proxy restart would. */
    public void stopAccepting() throws Exception {
        connector.stop();
    }

    /** Accepts again on the same port. */
    public void resumeAccepting() throws Exception {
        connector.setPort(port);
        connector.start();
    }

    public int port() {
        return port;
    }

    public String url(String path) {
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
