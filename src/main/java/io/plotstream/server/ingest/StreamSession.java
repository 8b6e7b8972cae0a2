package io.plotstream.server.ingest;

import io.plotstream.protocol.StreamStatus;
import io.plotstream.protocol.StreamToken;
import io.plotstream.server.plot.PlotStore;
import io.plotstream.server.plot.StreamWrite;
import io.plotstream.server.plot.TokenBinding;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One open stream: reads the upload asynchronously (read until nothing is available, then demand
 * a callback: no thread waits on a quiet stream), splits it into lines, applies each write, and
 * ends the stream the only way the protocol allows: an HTTP response written mid-upload, then
 * close. Nothing at all is written while the stream is healthy.
 *
 * <p>Reading runs on Jetty's threads one callback at a time; the idle timer and a server shutdown
 * may end the stream from other threads, so state changes take the session's lock.
 */
public final class StreamSession implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamSession.class);

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String token;
    private final PlotStore store;
    private final TokenBinder binder;
    private final WriteParser parser;
    private final LineSplitter splitter;
    private final IngestMetrics metrics;
    private final ActiveStreams activeStreams;
    private final Scheduler scheduler;
    private final long idleTimeoutNanos;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final LineSplitter.LineHandler onLine = this::line;

    private volatile long lastActivityNanos = System.nanoTime();
    private boolean ended;
    private Scheduler.Task idleCheck;
    private long lineNumber;

    StreamSession(Request request, Response response, Callback callback, String token, PlotStore store,
                  TokenBinder binder, WriteParser parser, int maxLineBytes, IngestMetrics metrics, ActiveStreams activeStreams,
                  Scheduler scheduler, long idleTimeoutMillis) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.token = token;
        this.store = store;
        this.binder = binder;
        this.parser = parser;
        this.splitter = new LineSplitter(maxLineBytes);
        this.metrics = metrics;
        this.activeStreams = activeStreams;
        this.scheduler = scheduler;
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
    }

    /** The header's token; null for a multiplexed stream. */
    String token() {
        return token;
    }

    /** Completes when the stream has ended and its response (if any) is written. */
    public CompletableFuture<Void> done() {
        return done;
    }

    void start() {
        synchronized (this) {
            idleCheck = scheduler.schedule(this::checkIdle, idleTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        run();
    }

    /**
     * Chunks one turn of the read loop handles before it hands its thread back: a writer whose
     * next bytes are always ready would otherwise keep a pool thread to itself for as long as it
     * writes (seen in the fan-out benchmark with unpaced writers), starving other streams.
     */
    private static final int CHUNKS_PER_TURN = 64;

    /** The read loop; also the demand callback. */
    @Override
    public void run() {
        for (int turn = 0; ; turn++) {
            if (turn == CHUNKS_PER_TURN) {
                request.getComponents().getThreadPool().execute(this); // to the back of the queue
                return;
            }
            synchronized (this) {
                if (ended) {
                    return;
                }
            }
            Content.Chunk chunk;
            try {
                chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
            } catch (IllegalStateException e) {
                // the idle timer or a shutdown ended the stream (and Jetty completed the request) just now
                return;
            }
            try {
                if (!process(chunk)) {
                    return;
                }
            } catch (StreamEndException e) {
                end(e.status(), e.getMessage());
                return;
            } finally {
                chunk.release();
            }
        }
    }

    /** @return whether to keep reading */
    private boolean process(Content.Chunk chunk) {
        if (Content.Chunk.isFailure(chunk)) {
            Throwable failure = chunk.getFailure();
            if (chunk.isLast()) {
                aborted(failure);
            } else { // a transient failure is Jetty's idle timeout firing before ours: same meaning
                end(StreamStatus.IDLE_TIMEOUT, StreamStatus.IDLE_TIMEOUT.text());
            }
            return false;
        }
        synchronized (this) {
            if (ended) {
                return false;
            }
            int bytes = chunk.remaining();
            if (bytes > 0) {
                lastActivityNanos = System.nanoTime();
                metrics.bytes(bytes);
                splitter.feed(chunk.getByteBuffer(), onLine);
            }
            if (!chunk.isLast()) {
                return true;
            }
            splitter.finish(onLine);
        }
        end(StreamStatus.CLOSED_BY_CLIENT, StreamStatus.CLOSED_BY_CLIENT.text());
        return false;
    }

    private void line(byte[] bytes, int offset, int length) {
        lineNumber++;
        StreamWrite write;
        try {
            write = parser.parse(bytes, offset, length);
        } catch (StreamEndException e) {
            throw new StreamEndException(e.status(), e.getMessage() + " at line " + lineNumber);
        }
        if (write == null) {
            metrics.heartbeat();
            return;
        }
        List<TokenBinding> bindings;
        if (token != null) {
            bindings = store.bindings(token);
            if (bindings.isEmpty()) {
                throw new StreamEndException(StreamStatus.TOKEN_UNBOUND, StreamStatus.TOKEN_UNBOUND.text());
            }
        } else {
            bindings = multiplexedBindings(write);
        }
        store.write(bindings, write);
        metrics.line();
    }

    private List<TokenBinding> multiplexedBindings(StreamWrite write) {
        String lineToken = write.streamToken();
        if (lineToken == null) {
            throw new StreamEndException(StreamStatus.MISSING_TOKEN,
                    StreamStatus.MISSING_TOKEN.text() + " (or a \"streamtoken\" field) at line " + lineNumber);
        }
        List<TokenBinding> bindings = binder.bind(lineToken);
        if (bindings.isEmpty()) {
            throw new StreamEndException(StreamStatus.UNKNOWN_TOKEN, StreamStatus.UNKNOWN_TOKEN.text() + " at line " + lineNumber);
        }
        return bindings;
    }

    private void checkIdle() {
        long idleFor = System.nanoTime() - lastActivityNanos;
        if (idleFor >= idleTimeoutNanos) {
            end(StreamStatus.IDLE_TIMEOUT, StreamStatus.IDLE_TIMEOUT.text());
            return;
        }
        synchronized (this) {
            if (!ended) {
                idleCheck = scheduler.schedule(this::checkIdle, idleTimeoutNanos - idleFor, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Ends the stream with an HTTP response and closes the connection; later calls do nothing. */
    void end(StreamStatus status, String text) {
        if (!finish(Integer.toString(status.code()))) {
            return;
        }
        if (status != StreamStatus.CLOSED_BY_CLIENT) {
            LOG.info("Ending stream of token {} with {}: {}", token == null ? "(multiplexed)" : StreamToken.mask(token),
                    status.code(), text);
        }
        StreamResponses.send(response, status, text, Callback.from(
                () -> {
                    callback.succeeded();
                    done.complete(null);
                },
                failure -> {
                    callback.failed(failure);
                    done.complete(null);
                }));
    }

    private void aborted(Throwable failure) {
        if (!finish(IngestMetrics.ABORTED)) {
            return;
        }
        LOG.debug("Stream of token {} dropped by the client: {}", StreamToken.mask(token), failure.toString());
        callback.failed(failure);
        done.complete(null);
    }

    /** Marks the stream ended exactly once: stops the idle timer, frees its slot, counts the outcome. */
    private boolean finish(String outcome) {
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            cancelIdleCheck();
        }
        activeStreams.unregister(this);
        metrics.streamEnded(outcome);
        return true;
    }

    private void cancelIdleCheck() {
        if (idleCheck != null) {
            idleCheck.cancel();
        }
    }
}
