package io.plotstream.server.ingest;

import io.plotstream.protocol.AckChannel;
import io.plotstream.protocol.StreamStatus;
import io.plotstream.protocol.StreamToken;
import io.plotstream.server.plot.PlotStore;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ingest path {@code POST /}: checks method, token header and token, enforces the stream
 * limits, then hands the upload to a {@link StreamSession}. With the multiplexed variant enabled,
 * a POST without the token header is accepted and each line names its token in {@code "streamtoken"}
 * (Plotly's Arduino endpoint); such a stream counts toward the total limit, not a token's. A browser's {@code GET /} is not ours
 * (the viewer module serves the index page there).
 */
public final class IngestHandler {

    /** This server's texts for its two kinds of 503 (the status and the client's reaction are the protocol's). */
    private static final String SHUTDOWN_TEXT = "server shutting down: reconnect";
    private static final String SERVER_LIMIT_TEXT = "server stream limit reached: retry later";
    private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

    private final PlotStore store;
    private final IngestSettings settings;
    private final IngestMetrics metrics;
    private final ActiveStreams activeStreams;
    private final Scheduler scheduler;
    private final WriteParser parser;
    private final TokenBinder binder;

    public IngestHandler(PlotStore store, IngestSettings settings, IngestMetrics metrics,
                         ActiveStreams activeStreams, Scheduler scheduler) {
        this.store = store;
        this.settings = settings;
        this.metrics = metrics;
        this.activeStreams = activeStreams;
        this.scheduler = scheduler;
        this.parser = new WriteParser(settings.maxJsonDepth(), settings.maxLineBytes());
        this.binder = new TokenBinder(store, settings.openMode());
    }

    /** True for requests on the ingest path except a browser's GET/HEAD of the index page. */
    public boolean accepts(Request request) {
        if (!"/".equals(Request.getPathInContext(request))) {
            return false;
        }
        String method = request.getMethod();
        boolean browserRead = (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method))
                && request.getHeaders().get(StreamToken.HEADER) == null;
        return !browserRead;
    }

    public void handle(Request request, Response response, Callback callback) {
        if (HttpMethod.OPTIONS.is(request.getMethod())) {
            StreamResponses.options(response,
                    AckChannel.VERSION.equals(request.getHeaders().get(AckChannel.REQUEST_HEADER)), callback);
            return;
        }
        if (!HttpMethod.POST.is(request.getMethod())) {
            reject(response, callback, StreamStatus.BAD_METHOD, StreamStatus.BAD_METHOD.text());
            return;
        }
        String token = request.getHeaders().get(StreamToken.HEADER);
        if (token == null || token.isBlank()) {
            if (!settings.multiplexed()) {
                reject(response, callback, StreamStatus.MISSING_TOKEN, StreamStatus.MISSING_TOKEN.text());
                return;
            }
            token = null; // the multiplexed variant: each line names its token
        } else {
            token = token.trim();
            if (binder.bind(token).isEmpty()) {
                reject(response, callback, StreamStatus.UNKNOWN_TOKEN, StreamStatus.UNKNOWN_TOKEN.text());
                return;
            }
        }
        // The acknowledgement extension: only on the client's request; everything before this point
        // (refusals) answers as without it.
        boolean ackMode = AckChannel.VERSION.equals(request.getHeaders().get(AckChannel.REQUEST_HEADER));
        StreamSession session = new StreamSession(request, response, callback, token, store, binder, parser,
                settings.maxLineBytes(), metrics, activeStreams, scheduler, settings.idleTimeoutMillis(), ackMode);
        Optional<StreamStatus> refusal = activeStreams.register(session);
        if (refusal.isPresent()) {
            StreamStatus status = refusal.get();
            reject(response, callback, status, status == StreamStatus.TOKEN_LIMIT ? status.text() : SERVER_LIMIT_TEXT);
            return;
        }
        metrics.streamOpened();
        if (ackMode) {
            metrics.ackStreamOpened();
        }
        session.start();
    }

    private void reject(Response response, Callback callback, StreamStatus status, String text) {
        metrics.streamEnded(Integer.toString(status.code()));
        StreamResponses.send(response, status, text, callback);
    }

    /** Ends every open stream with 503 (clients reconnect) and waits, at most {@code wait}, for the responses to go out. */
    public void shutdown(Duration wait) {
        List<StreamSession> sessions = activeStreams.closeAll(StreamStatus.UNAVAILABLE, SHUTDOWN_TEXT);
        CompletableFuture<?>[] done = sessions.stream().map(StreamSession::done).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(done).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Not every stream got its 503 within {}", wait);
        }
    }

    public ActiveStreams activeStreams() {
        return activeStreams;
    }

    public IngestMetrics metrics() {
        return metrics;
    }
}
