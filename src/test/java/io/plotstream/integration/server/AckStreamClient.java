package io.plotstream.integration.server;

import io.plotstream.protocol.AckChannel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A stream client speaking the acknowledgement extension on a bare socket, as another client's
 * author would from the README: POST / chunked with {@code plotstream-ack: 1}, then the response
 * head, then a background reader that de-chunks the body and follows its {@code ack} and
 * {@code end} lines. Public for the recovery test and the benchmark harness.
 */
public final class AckStreamClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private int status = -1;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private volatile long acked;
    private volatile AckChannel.Line end;
    private volatile boolean closed;
    private volatile String broken;
    private final Thread reader;
    private LongConsumer onAck = n -> { };

    /** Connects and sends the request head; does not wait for the answer ({@link #awaitHead}). */
    public AckStreamClient(int port, String token) {
        this(port, token, true);
    }

    public AckStreamClient(int port, String token, boolean askForAcks) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
            raw(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nplotly-streamtoken: " + token + "\r\n"
                    + (askForAcks ? AckChannel.REQUEST_HEADER + ": " + AckChannel.VERSION + "\r\n" : "") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reader = new Thread(this::read, "ack-client-reader");
        reader.setDaemon(true);
    }

    /** Called on the reader thread with each ack count received. */
    public AckStreamClient onAck(LongConsumer listener) {
        this.onAck = listener;
        return this;
    }

    /** Reads the response head (status and headers), then starts the body reader; returns the status. */
    public int awaitHead(long timeoutMillis) {
        try {
            socket.setSoTimeout((int) timeoutMillis);
            String statusLine = headerLine();
            status = Integer.parseInt(statusLine.substring(9, 12));
            for (String line = headerLine(); !line.isEmpty(); line = headerLine()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            socket.setSoTimeout(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reader.start();
        return status;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Sends {@code text} as one chunk. */
    public AckStreamClient send(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return raw((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII))
                .raw(bytes).raw("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** Like {@link #send} but false instead of an exception when the server has gone. */
    public boolean trySend(String text) {
        try {
            send(text);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** The clean close: the last (empty) chunk. */
    public AckStreamClient finish() {
        return raw("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private AckStreamClient raw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public long acked() {
        return acked;
    }

    /** The end line, null until it came. */
    public AckChannel.Line end() {
        return end;
    }

    /** Non-null when the body held something that is neither an ack nor an end line. */
    public String broken() {
        return broken;
    }

    /** Whether the server closed the connection. */
    public boolean closed() {
        return closed;
    }

    /** Waits until at least {@code lines} are acknowledged (true) or the stream ended or the time passed (false). */
    public boolean awaitAcked(long lines, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (this) {
            while (acked < lines && !closed && System.nanoTime() < deadline) {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        }
        return acked >= lines;
    }

    /** Waits for the connection to close (after the end line) and returns the end line, null if none came. */
    public AckChannel.Line awaitEnd(long timeoutMillis) throws InterruptedException {
        reader.join(timeoutMillis);
        return end;
    }

    private void read() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                String size = headerLine();
                int semicolon = size.indexOf(';');
                int length = Integer.parseInt(semicolon < 0 ? size.trim() : size.substring(0, semicolon).trim(), 16);
                if (length == 0) {
                    break;
                }
                for (int i = 0; i < length; i++) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    if (b == '\n') {
                        handle(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
                headerLine(); // the CRLF after the chunk's data
            }
        } catch (IOException | RuntimeException e) {
            // the server went away (killed, or closed after the end line)
        } finally {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }

    private void handle(String text) {
        AckChannel.Line parsed = AckChannel.parse(text).orElse(null);
        if (parsed == null) {
            broken = text;
            return;
        }
        synchronized (this) {
            if (parsed.isEnd()) {
                end = parsed;
            } else {
                if (parsed.acked() < acked) {
                    broken = "ack went down: " + parsed.acked() + " after " + acked;
                }
                acked = parsed.acked();
                onAck.accept(acked);
            }
            notifyAll();
        }
    }

    /** One CRLF-terminated line of the head or of the chunk framing. */
    private String headerLine() throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int n = s.length();
                return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
            }
            s.append((char) b);
        }
        throw new IOException("connection closed");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }
}
