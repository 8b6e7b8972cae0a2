package io.plotstream.server;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes a connection that has not finished a request's headers within {@code --header-timeout}
 * (slowloris: one header byte every 0.3 s keeps Jetty's idle timeout from ever firing). Jetty 12
 * has no such deadline of its own, so a sweep looks at every connected HTTP/1.1 connection's parser
 * a few times per timeout:
 * <ul>
 *   <li>a new connection is on the clock from the moment it was accepted until its first request's
 *       headers are complete (sending nothing at all counts too);</li>
 *   <li>a kept-alive connection between requests is not (Jetty's idle timeout governs it), but once
 *       the next request's first byte arrives it is, until that request's headers are complete;</li>
 *   <li>a request whose headers are complete is never touched: a streaming upload that sends its
 *       headers once and then its body for hours, a long response, and WebSockets (after the
 *       upgrade the connection is no HTTP/1.1 connection any more) are outside this bound.</li>
 * </ul>
 * A connection is closed at most one sweep period (a tenth of the timeout, at most 1 s) after its
 * deadline. The watch map is owned by the single sweep thread.
 */
final class HeaderDeadline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);
    /** The parser states between a request's first byte and its complete headers. */
    private static final Set<HttpParser.State> IN_HEADERS = EnumSet.of(HttpParser.State.METHOD, HttpParser.State.SPACE1,
            HttpParser.State.URI, HttpParser.State.SPACE2, HttpParser.State.REQUEST_VERSION, HttpParser.State.PROXY,
            HttpParser.State.HEADER);

    private final ServerConnector connector;
    private final long timeoutMillis;
    private final long periodMillis;
    private final Map<EndPoint, Watch> watches = new HashMap<>();
    private final AtomicLong closed = new AtomicLong();
    private ScheduledExecutorService sweeper;

    /** When a connection's current wait for headers began, and for which request (messages in at the time). */
    private record Watch(long messagesIn, long sinceMillis) {
    }

    HeaderDeadline(ServerConnector connector, Duration timeout) {
        this.connector = connector;
        this.timeoutMillis = timeout.toMillis();
        this.periodMillis = Math.max(20, Math.min(1000, timeoutMillis / 10));
    }

    void start() {
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "header-deadline");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Connections closed for not finishing their headers in time, since start. */
    long closedConnections() {
        return closed.get();
    }

    private void sweepQuietly() {
        try {
            sweep(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("Header deadline sweep failed (will retry): {}", e.toString());
        }
    }

    void sweep(long now) {
        Set<EndPoint> seen = new HashSet<>();
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            HttpConnection http = http(endPoint.getConnection());
            if (http == null) {
                continue; // upgraded (WebSocket) or not yet set up
            }
            HttpParser parser = http.getParser();
            HttpParser.State state = parser.getState();
            long messagesIn = http.getMessagesIn();
            boolean fresh = state == HttpParser.State.START && messagesIn == 0;
            if (!fresh && !IN_HEADERS.contains(state)) {
                continue; // idle between requests, or the headers are done: not on this clock
            }
            seen.add(endPoint);
            Watch watch = watches.get(endPoint);
            if (watch == null || watch.messagesIn() != messagesIn) {
                long since = messagesIn == 0 ? endPoint.getCreatedTimeStamp() : now;
                watch = new Watch(messagesIn, since);
                watches.put(endPoint, watch);
            }
            if (now - watch.sinceMillis() >= timeoutMillis) {
                closed.incrementAndGet();
                LOG.debug("Closing {}: request headers not complete within {} ms", endPoint.getRemoteSocketAddress(),
                        timeoutMillis);
                endPoint.close(new TimeoutException("request headers not complete within " + timeoutMillis + " ms"));
                seen.remove(endPoint);
            }
        }
        watches.keySet().retainAll(seen);
    }

    private static HttpConnection http(Connection connection) {
        if (connection instanceof HttpConnection http) {
            return http;
        }
        if (connection instanceof SslConnection ssl) {
            Connection inner = ssl.getSslEndPoint().getConnection();
            return inner instanceof HttpConnection http ? http : null;
        }
        return null;
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}
