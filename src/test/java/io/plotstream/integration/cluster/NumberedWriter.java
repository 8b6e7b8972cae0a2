package io.plotstream.integration.cluster;

import io.plotstream.integration.server.AckStreamClient;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A writer as the README asks clients to be: point n is {@code {"x":n,"y":n}}, sent with the
 * acknowledgement extension through one address (the load balancer); when its stream breaks (its
 * node was killed, or answered 503 because Redis is away) it connects again, backing off while it is
 * refused, and re-sends everything after the last acknowledged point. So every point up to
 * {@link #ackedThrough()} was acknowledged by some node, and points sent but not acknowledged may
 * arrive twice (at-least-once), never be lost.
 */
final class NumberedWriter implements AutoCloseable {
    private static final int LINES_PER_CHUNK = 5;
    private static final long CHUNK_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final int port;
    private final String token;
    private final long last;
    private final Thread thread;
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private volatile long ackedThrough;
    private volatile long streams;
    private volatile boolean stopped;
    private volatile Throwable failure;

    /** Writes points 1..{@code last} to {@code token} through the balancer on {@code port}; call {@link #start}. */
    NumberedWriter(int port, String token, long last) {
        this.port = port;
        this.token = token;
        this.last = last;
        this.thread = new Thread(this::run, "numbered-writer-" + token);
        this.thread.setDaemon(true);
    }

    NumberedWriter start() {
        thread.start();
        return this;
    }

    /** Every point up to this one was acknowledged. */
    long ackedThrough() {
        return ackedThrough;
    }

    /** Streams opened that the server accepted (200). */
    long streams() {
        return streams;
    }

    /** What happened to each stream: refusals, ends with their status, breaks. */
    List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Waits until every point was acknowledged (true), or the time passed (false). */
    boolean awaitAllAcked(long timeoutMillis) throws InterruptedException {
        thread.join(timeoutMillis);
        if (failure != null) {
            throw new AssertionError("the writer failed", failure);
        }
        return ackedThrough == last;
    }

    /** Waits until at least {@code n} points were acknowledged. */
    boolean awaitAcked(long n, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (ackedThrough < n && System.nanoTime() < deadline && thread.isAlive()) {
            Thread.sleep(5);
        }
        return ackedThrough >= n;
    }

    private void run() {
        long backoff = 50;
        try {
            while (!stopped && ackedThrough < last) {
                AckStreamClient client;
                int status;
                try {
                    client = new AckStreamClient(port, token);
                    status = client.awaitHead(5_000);
                } catch (UncheckedIOException refused) {
                    events.add("connect failed: " + refused.getCause());
                    Thread.sleep(backoff);
                    backoff = Math.min(1_000, backoff * 2);
                    continue;
                }
                if (status != 200) {
                    events.add("refused " + status);
                    client.close();
                    Thread.sleep(backoff);
                    backoff = Math.min(1_000, backoff * 2);
                    continue;
                }
                backoff = 50;
                streams++;
                try (client) {
                    stream(client);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Sends from the first unacknowledged point until the stream breaks or every point is acknowledged. */
    private void stream(AckStreamClient client) throws InterruptedException {
        long first = ackedThrough + 1;
        long next = first;
        while (!stopped && !client.closed() && client.end() == null) {
            noteAcks(client, first);
            if (next <= last) {
                StringBuilder chunk = new StringBuilder();
                for (int i = 0; i < LINES_PER_CHUNK && next <= last; i++, next++) {
                    chunk.append("{\"x\":").append(next).append(",\"y\":").append(next).append("}\n");
                }
                if (!client.trySend(chunk.toString())) {
                    break;
                }
                LockSupport.parkNanos(CHUNK_PERIOD_NANOS);
            } else if (ackedThrough >= last) {
                client.finish();
                client.awaitEnd(5_000);
                events.add("finished, end " + describe(client.end()));
                return;
            } else {
                client.awaitAcked(last - first + 1, 50);
            }
        }
        client.awaitEnd(1_000);
        noteAcks(client, first);
        events.add("stream from " + first + " broke after " + (ackedThrough - first + 1) + " acked, end "
                + describe(client.end()) + (client.broken() != null ? ", broken: " + client.broken() : ""));
    }

    /** "503 <text>" for an end line, "none" when the stream broke without one. */
    private static String describe(io.plotstream.protocol.AckChannel.Line end) {
        return end == null ? "none" : end.endCode() + " " + end.endText();
    }

    private void noteAcks(AckStreamClient client, long first) {
        ackedThrough = Math.max(ackedThrough, first + client.acked() - 1);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(5_000);
    }
}
