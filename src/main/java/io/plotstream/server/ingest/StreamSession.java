package io.plotstream.server.ingest;

import io.plotstream.protocol.StreamStatus;
import io.plotstream.protocol.StreamToken;
import io.plotstream.server.plot.PlotStore;
import io.plotstream.server.plot.StreamWrite;
import io.plotstream.server.plot.TokenBinding;
import io.plotstream.server.plot.WriteBatch;
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
 * a callback: no thread waits on a quiet stream), splits it into lines, and hands the writes of
 * each read chunk to the store as one batch (one log record per plot, applied under the plot's
 * lock). Its {@link AckLedger} follows which lines are durable.
 *
 * <p>Plain mode (Plotly's protocol): nothing at all is written while the stream is healthy; it
 * ends the only way the protocol allows, an HTTP response written mid-upload, then close. Ack mode
 * ({@code plotstream-ack: 1}, see {@link io.plotstream.protocol.AckChannel}): a {@code 200} is
 * committed at once and {@link AckResponse} writes the durable count as it grows, then an end line
 * with the same status and text. Either way the end waits until every append of the stream
 * settled, and an append that failed ends the stream with 503 (a clean close becomes 503 too): a
 * line is acknowledged, or closed with 200, only once the log holds it.
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
    private final AckLedger ledger;
    /** Null in plain mode. */
    private final AckResponse acks;

    private volatile long lastActivityNanos = System.nanoTime();
    private boolean ended;
    private Scheduler.Task idleCheck;
    private long lineNumber;
    /** Lines handled whole (applied, or a heartbeat): what an ack may count; a refused line never is. */
    private long handledLines;
    /** The writes of the chunk being read (null until its first write line). */
    private WriteBatch batch;

    StreamSession(Request request, Response response, Callback callback, String token, PlotStore store,
                  TokenBinder binder, WriteParser parser, int maxLineBytes, IngestMetrics metrics, ActiveStreams activeStreams,
                  Scheduler scheduler, long idleTimeoutMillis, boolean ackMode) {
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
        this.acks = ackMode ? new AckResponse(response, scheduler, this::ackResponseFinished) : null;
        this.ledger = new AckLedger(new AckLedger.Listener() {
            @Override
            public void durable(long lines, long arrivalNanos) {
                metrics.durable(System.nanoTime() - arrivalNanos);
                if (acks != null) {
                    acks.ack(lines);
                }
            }

            @Override
            public void failed(Throwable cause) {
                metrics.appendFailed();
                // off the log's committer thread: end() takes this session's lock, which a reader blocked in
                // an append (waiting for room in the log) may hold
                request.getComponents().getThreadPool().execute(() -> end(StreamStatus.UNAVAILABLE, logUnavailable(cause)));
            }
        });
    }

    private static String logUnavailable(Throwable cause) {
        return "operation log unavailable (" + cause.getMessage() + "): retry later";
    }

    /** Whether the client asked for acknowledgements and gets them. */
    boolean ackMode() {
        return acks != null;
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
        if (acks != null) {
            acks.open();
        }
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
            long arrival = System.nanoTime();
            if (bytes > 0) {
                lastActivityNanos = arrival;
                metrics.bytes(bytes);
                try {
                    splitter.feed(chunk.getByteBuffer(), onLine);
                } finally { // lines before a bad one are applied (as before the log) and may be acknowledged
                    commit(arrival);
                }
            }
            if (!chunk.isLast()) {
                return true;
            }
            long terminated = handledLines; // an unterminated last line is applied but not counted: clients count their \n
            splitter.finish(onLine);
            commit(arrival, terminated);
        }
        end(StreamStatus.CLOSED_BY_CLIENT, StreamStatus.CLOSED_BY_CLIENT.text());
        return false;
    }

    private void commit(long arrivalNanos) {
        commit(arrivalNanos, handledLines);
    }

    /** Logs and applies the chunk's writes (one batch), and tells the ledger how many lines it ends at. */
    private void commit(long arrivalNanos, long lines) {
        CompletableFuture<Void> appends = null;
        if (batch != null) {
            appends = store.write(batch);
            batch = null;
        }
        ledger.chunk(lines, arrivalNanos, appends);
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
            handledLines++;
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
        if (batch == null) {
            batch = new WriteBatch();
        }
        batch.add(bindings, write, bytes, offset, length);
        metrics.line();
        handledLines++;
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

    /**
     * Ends the stream; later calls do nothing. Reading stops now; once every append of the stream
     * settled, the end goes out (plain: the HTTP response, then close; ack mode: the last ack and the
     * end line). A clean close whose appends did not all become durable ends with 503 instead.
     */
    void end(StreamStatus status, String text) {
        if (!finish()) {
            return;
        }
        ledger.close();
        ledger.settled().orTimeout(SETTLE_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((ok, timeout) -> {
            StreamStatus outcome = status;
            String outcomeText = text;
            Throwable failure = ledger.failure();
            if (timeout != null || (failure != null && status == StreamStatus.CLOSED_BY_CLIENT)) {
                outcome = StreamStatus.UNAVAILABLE;
                outcomeText = logUnavailable(timeout != null ? new IllegalStateException("no answer within "
                        + SETTLE_TIMEOUT_SECONDS + " s") : failure);
            }
            send(outcome, outcomeText);
        });
    }

    /** How long the end waits for the stream's last appends before it gives up on them (503). */
    private static final long SETTLE_TIMEOUT_SECONDS = 15;

    private void send(StreamStatus status, String text) {
        metrics.streamEnded(Integer.toString(status.code()));
        if (status != StreamStatus.CLOSED_BY_CLIENT) {
            LOG.info("Ending stream of token {} with {}: {}", token == null ? "(multiplexed)" : StreamToken.mask(token),
                    status.code(), text);
        }
        if (acks != null) {
            acks.end(status.code(), text);
            return;
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

    /** The ack body was finished (the end line written) or could not be written. */
    private void ackResponseFinished(Throwable failure) {
        if (failure == null) {
            callback.succeeded();
        } else {
            callback.failed(failure);
        }
        done.complete(null);
    }

    private void aborted(Throwable failure) {
        if (!finish()) {
            return;
        }
        metrics.streamEnded(IngestMetrics.ABORTED);
        ledger.close();
        LOG.debug("Stream of token {} dropped by the client: {}", StreamToken.mask(token), failure.toString());
        callback.failed(failure);
        done.complete(null);
    }

    /** Marks the stream ended exactly once: stops the idle timer and frees its slot. */
    private boolean finish() {
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            cancelIdleCheck();
        }
        activeStreams.unregister(this);
        return true;
    }

    private void cancelIdleCheck() {
        if (idleCheck != null) {
            idleCheck.cancel();
        }
    }
}
