package io.plotstream.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One stream as a client puts it on the wire: {@code POST /} with {@code plotly-streamtoken},
 * chunked, one NDJSON line per point, {@code lines-per-chunk} lines per chunk. x is the line's send
 * time in nanoseconds since the run's origin (what the viewers turn back into a delay), y a
 * sequence number. Unpaced (rate 0) it writes as fast as the socket accepts, so TCP backpressure
 * from the server sets the rate; paced, it spreads {@code rate} lines a second evenly.
 */
final class IngestWriter implements Runnable {

    private final Socket socket;
    private final String token;
    private final long origin;
    private final int rate;
    private final int linesPerChunk;
    private final AtomicLong lines = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String failure;

    private IngestWriter(Socket socket, String token, long origin, int rate, int linesPerChunk) {
        this.socket = socket;
        this.token = token;
        this.origin = origin;
        this.rate = rate;
        this.linesPerChunk = linesPerChunk;
        this.thread = new Thread(this, "ingest-writer-" + token);
        thread.setDaemon(true);
    }

    static IngestWriter start(int port, String token, long origin, int rate, int linesPerChunk) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        IngestWriter writer = new IngestWriter(socket, token, origin, rate, linesPerChunk);
        writer.thread.start();
        return writer;
    }

    long linesWritten() {
        return lines.get();
    }

    @Override
    public void run() {
        try {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 65536);
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: " + token
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[linesPerChunk * 64];
            long seq = 0;
            long intervalNanos = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * linesPerChunk / rate;
            long nextDue = System.nanoTime();
            while (running) {
                if (intervalNanos > 0) {
                    long wait = nextDue - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                        continue;
                    }
                    nextDue += intervalNanos;
                }
                int length = 0;
                for (int i = 0; i < linesPerChunk; i++) {
                    length = line(chunk, length, System.nanoTime() - origin, seq++);
                }
                out.write(Integer.toHexString(length).getBytes(StandardCharsets.US_ASCII));
                out.write('\r');
                out.write('\n');
                out.write(chunk, 0, length);
                out.write('\r');
                out.write('\n');
                out.flush();
                lines.addAndGet(linesPerChunk);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            if (running) {
                failure = e.toString();
            }
        }
    }

    /** {"x":123,"y":45}\n without allocating: the writer must not be what limits the rate. */
    private static int line(byte[] buf, int at, long x, long y) {
        at = ascii(buf, at, "{\"x\":");
        at = digits(buf, at, x);
        at = ascii(buf, at, ",\"y\":");
        at = digits(buf, at, y);
        buf[at++] = '}';
        buf[at++] = '\n';
        return at;
    }

    private static int ascii(byte[] buf, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            buf[at++] = (byte) s.charAt(i);
        }
        return at;
    }

    private static int digits(byte[] buf, int at, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative value " + v);
        }
        int start = at;
        do {
            buf[at++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        for (int i = start, j = at - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return at;
    }

    /** Stops writing; the writer thread then ends the body with the last chunk. */
    void stop() {
        running = false;
    }

    /** Ends the stream cleanly and returns how the server answered (its status line), or the failure. */
    String finish(long timeout, TimeUnit unit) {
        running = false;
        try {
            thread.join(unit.toMillis(timeout));
            if (failure != null) {
                return token + ": failed while writing: " + failure;
            }
            socket.setSoTimeout((int) unit.toMillis(timeout));
            InputStream in = socket.getInputStream();
            StringBuilder status = new StringBuilder();
            int b;
            while ((b = in.read()) != -1 && b != '\r' && status.length() < 200) {
                status.append((char) b);
            }
            return token + ": " + status;
        } catch (IOException e) {
            return token + ": no response: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return token + ": interrupted";
        } finally {
            abort();
        }
    }

    void abort() {
        running = false;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort at the end of a run
        }
    }
}
