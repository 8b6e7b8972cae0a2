package io.plotstream.server.ingest;

import io.plotstream.protocol.AckChannel;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The response body of a stream in acknowledgement mode ({@link AckChannel}): committed at once
 * ({@code 200}, {@code plotstream-ack: 1}, chunked), then cumulative {@code {"ack":N}} lines while
 * the upload goes on, and the {@code {"end":...}} line that finishes it.
 *
 * <p>Batching: at most one ack line per {@link #MIN_GAP_NANOS} per stream, and one write in flight
 * (Jetty allows no more); progress that arrives meanwhile is merged into the next line, which a timer
 * sends when the gap has passed, so a pending count waits at most that long. The end line is never
 * held back. Thread-safe: acks come from the log's committer thread, the end from whichever thread
 * ends the stream, the timer from Jetty's scheduler.
 */
final class AckResponse {

    /** The least time between two ack lines of one stream (each costs a socket write on the server and a read on the client). */
    static final long MIN_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Response response;
    private final Scheduler scheduler;
    private final Consumer<Throwable> finished;
    private long lastWriteNanos = System.nanoTime() - MIN_GAP_NANOS;
    private boolean timerSet;
    private boolean writing;
    private long latest;
    private long sent;
    private byte[] endLine;
    private boolean complete;
    private long linesWritten;

    /** @param finished called once when the end line is written (null) or a write failed (the failure) */
    AckResponse(Response response, Scheduler scheduler, Consumer<Throwable> finished) {
        this.response = response;
        this.scheduler = scheduler;
        this.finished = finished;
    }

    /** Commits the response headers now, before any line is acknowledged. */
    void open() {
        response.setStatus(200);
        response.getHeaders().put(AckChannel.RESPONSE_HEADER, AckChannel.VERSION);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, AckChannel.CONTENT_TYPE);
        // chunked even though the connection closes after the end (Jetty would otherwise delimit the body by
        // the close): the extension promises chunks, and a chunked end is a clean end a client can tell from a crash
        response.getHeaders().put(HttpHeader.TRANSFER_ENCODING, HttpHeaderValue.CHUNKED.asString());
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
        synchronized (this) {
            writing = true;
        }
        response.write(false, ByteBuffer.allocate(0), callback(false));
    }

    /** The first {@code lines} lines are durable. */
    void ack(long lines) {
        synchronized (this) {
            if (lines <= latest || complete) {
                return;
            }
            latest = lines;
        }
        flush();
    }

    /** Sends the newest ack (if not sent yet) and the end line, then completes the response. */
    void end(int code, String text) {
        synchronized (this) {
            if (endLine != null) {
                return;
            }
            endLine = AckChannel.endLine(code, text);
        }
        flush();
    }

    /** Ack lines written so far (for tests and metrics). */
    synchronized long linesWritten() {
        return linesWritten;
    }

    private void flush() {
        ByteBuffer out;
        boolean last;
        synchronized (this) {
            if (writing || complete) {
                return;
            }
            last = endLine != null;
            if (latest > sent && !last) {
                long wait = lastWriteNanos + MIN_GAP_NANOS - System.nanoTime();
                if (wait > 0) {
                    if (!timerSet) {
                        timerSet = true;
                        scheduler.schedule(this::timer, wait, TimeUnit.NANOSECONDS);
                    }
                    return;
                }
            }
            byte[] ack = latest > sent ? AckChannel.ackLine(latest) : null;
            if (ack == null && !last) {
                return;
            }
            if (ack != null && last) {
                out = ByteBuffer.allocate(ack.length + endLine.length).put(ack).put(endLine).flip();
            } else {
                out = ByteBuffer.wrap(ack != null ? ack : endLine);
            }
            if (ack != null) {
                linesWritten++;
            }
            sent = latest;
            writing = true;
            complete = last;
            lastWriteNanos = System.nanoTime();
        }
        response.write(last, out, callback(last));
    }

    private void timer() {
        synchronized (this) {
            timerSet = false;
        }
        flush();
    }

    private Callback callback(boolean last) {
        return Callback.from(() -> {
            if (last) {
                finished.accept(null);
                return;
            }
            synchronized (this) {
                writing = false;
            }
            flush();
        }, failure -> {
            synchronized (this) {
                complete = true;
            }
            finished.accept(failure);
        });
    }
}
