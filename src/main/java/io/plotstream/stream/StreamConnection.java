package io.plotstream.stream;

import io.plotstream.protocol.AckChannel;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * One HTTP/1.1 chunked upload ({@code POST /}) on a plain socket, full duplex.
 *
 * <p><b>Why not OkHttp (or any request/response HTTP client):</b> the protocol's server ends a
 * stream by writing an HTTP response <em>while the client is still uploading</em>. Over HTTP/1.1,
 * OkHttp writes a streaming body on the call's own thread and surfaces the server's early response
 * only after a later write fails — observed: three more line writes "succeeded" into the socket
 * buffer after the server had answered 408 and closed. So this class owns the socket: the stream's
 * writer thread writes chunks, and a reader thread per connection blocks on the input, where any
 * byte at all means the server has ended the stream. The reader parses the response (bounded) into
 * a {@link StreamEnd} and completes {@link #end()}; EOF or a reset without a response is
 * {@link StreamEnd#NO_RESPONSE}.
 *
 * <p>Acknowledgements ({@link AckChannel}): unless they are off, the request asks for them. A
 * server that agrees answers at once with {@code 200} and the extension's header; the reader then
 * stays in that body for the stream's life, publishes each cumulative count ({@link #acknowledgedLines()})
 * and ends the connection at the {@code end} line with its status, exactly as a plain response
 * would. Any other response is the plain protocol's end, as before.
 *
 * <p>Write timeout: the reader's socket read timeout doubles as a watchdog tick; when a write has been
 * blocked for longer than {@code writeTimeout} (a peer that stopped reading), the reader closes the
 * socket, which unblocks the writer with an exception and ends the connection.
 */
final class StreamConnection {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEARTBEAT = {'\n'};
    /** Bytes written between two renewals of the write watchdog. */
    private static final int WATCHDOG_SLICE = 64 * 1024;
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket rawSocket;
    private final Socket socket;
    /** Set by the reader thread at the server's first byte; read by the writer before it confirms. */
    private volatile boolean responseStarted;
    private final OutputStream out;
    private final long writeTimeoutNanos;
    private final long responseBudgetNanos;
    private final Runnable wake;
    /** The request asked for acknowledgements. */
    private final boolean askedForAcks;
    /** Set by the reader once the server agreed to acknowledge on this connection. */
    private volatile boolean acknowledging;
    /** The server's latest cumulative count of durable lines; written by the reader only. */
    private volatile long acknowledgedLines;
    private final CompletableFuture<StreamEnd> end = new CompletableFuture<>();
    private final Thread reader;
    /** When the write in progress started, 0 when none is: read by the watchdog. */
    private volatile long writeStartedNanos;
    private volatile boolean closedByClient;

    private StreamConnection(Socket rawSocket, Socket socket, StreamSettings settings, String threadName,
                             Runnable wake) throws IOException {
        this.rawSocket = rawSocket;
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.writeTimeoutNanos = settings.writeTimeout().toNanos();
        this.responseBudgetNanos = settings.closeTimeout().toNanos();
        this.wake = wake;
        this.askedForAcks = settings.ackMode() == StreamSettings.AckMode.AUTO;
        this.reader = new Thread(this::readUntilEnd, threadName);
        this.reader.setDaemon(true);
    }

    /**
     * Connects (TCP, then TLS for https with SNI and hostname verification), sends the request head
     * and starts the reader.
     *
     * @param ssl  the TLS context for https, ignored for http
     * @param wake run on the reader thread when the writer has something new to look at: the server
     *             agreed to acknowledge, acknowledged more lines, or {@link #end()} completed
     */
    static StreamConnection open(StreamSettings settings, SSLContext ssl, String token, String readerThreadName,
                                 Runnable wake) throws IOException {
        DialedSocket dialed = DialedSocket.dial(settings, ssl, DialedSocket.millis(settings.connectTimeout()));
        try {
            // Reads wake up this often to run the write watchdog.
            dialed.socket.setSoTimeout(watchdogTickMillis(settings.writeTimeout()));
            StreamConnection connection = new StreamConnection(dialed.raw, dialed.socket, settings, readerThreadName, wake);
            connection.writeHead(dialed.hostHeader, token);
            connection.reader.start();
            return connection;
        } catch (IOException | RuntimeException e) {
            DialedSocket.closeQuietly(dialed.raw);
            throw e;
        }
    }

    /**
     * Sends {@code len} bytes as one chunk and flushes. Large chunks go out in slices, each of which
     * renews the watchdog: the write timeout is about a peer that stopped reading, not a big write
     * over a slow link.
     */
    void writeChunk(byte[] data, int off, int len) throws IOException {
        guardedWrite(() -> chunk(data, off, len));
    }

    /** Sends every chunk of {@code sent}, then flushes once. */
    void send(Sent sent) throws IOException {
        guardedWrite(() -> sent.writeTo(this::chunk));
    }

    private void chunk(byte[] data, int off, int len) throws IOException {
        if (len == 0) {
            return; // a zero-length chunk would end the body
        }
        out.write(Integer.toHexString(len).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        for (int sent = 0; sent < len; sent += WATCHDOG_SLICE) {
            writeStartedNanos = Math.max(1, System.nanoTime());
            out.write(data, off + sent, Math.min(WATCHDOG_SLICE, len - sent));
        }
        out.write(CRLF);
    }

    /** A chunk holding a bare "\n": keeps an idle stream open. */
    void writeHeartbeat() throws IOException {
        writeChunk(HEARTBEAT, 0, 1);
    }

    /**
     * Ends the body ({@code 0\r\n\r\n}), waits up to {@code timeout} for the server's response, then
     * closes the socket.
     *
     * @return how the server answered, or {@link StreamEnd#NO_RESPONSE} if it did not in time
     */
    StreamEnd closeCleanly(Duration timeout) {
        try {
            if (!end.isDone()) {
                guardedWrite(() -> out.write(LAST_CHUNK));
            }
            return end.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (IOException | ExecutionException e) {
            return end.getNow(StreamEnd.noResponse("the final chunk could not be written: " + e));
        } catch (TimeoutException e) {
            return StreamEnd.noResponse("no response to the clean close within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StreamEnd.noResponse("interrupted while closing");
        } finally {
            abort("closed by the client");
        }
    }

    /** Ends the connection now with {@code reason} (unless the server already ended it) and closes the socket. */
    void abort(String reason) {
        closedByClient = true;
        finish(StreamEnd.noResponse(reason));
    }

    /** Completes when the server (or a failure, or the client) ended this connection. */
    CompletableFuture<StreamEnd> end() {
        return end;
    }

    boolean ended() {
        return end.isDone();
    }

    /**
     * True once the server has sent anything, even if the reader thread has not parsed it yet. The
     * protocol's server sends nothing while a stream is healthy, so any byte is the start of its
     * verdict: confirmations must wait for it, or a starved reader lets the ack delay confirm points
     * the server had already refused. Counts bytes still in the kernel's buffer (the raw socket, so
     * TLS records count before they are decrypted).
     */
    boolean serverHasSpoken() {
        if (responseStarted || end.isDone()) {
            return true;
        }
        try {
            return rawSocket.getInputStream().available() > 0;
        } catch (IOException e) {
            return true; // a socket that cannot say is not one to confirm on
        }
    }

    /** True once the server agreed to acknowledge on this connection (its {@code 200} and header were read). */
    boolean acknowledging() {
        return acknowledging;
    }

    /** How many lines of this connection's upload the server has declared durable so far. */
    long acknowledgedLines() {
        return acknowledgedLines;
    }

    /** The end, waiting up to {@code timeout} for the reader to learn it (after a failed write). */
    StreamEnd awaitEnd(Duration timeout, String reasonIfNone) {
        try {
            return end.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            abort(reasonIfNone);
            return end.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort(reasonIfNone);
            return end.join();
        }
    }

    private void writeHead(String hostHeader, String token) throws IOException {
        String head = "POST / HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + io.plotstream.protocol.StreamToken.HEADER + ": " + token + "\r\n"
                + "User-Agent: " + ClientVersion.USER_AGENT + "\r\n"
                + (askedForAcks ? AckChannel.REQUEST_HEADER + ": " + AckChannel.VERSION + "\r\n" : "")
                + "\r\n";
        guardedWrite(() -> out.write(head.getBytes(StandardCharsets.US_ASCII)));
    }

    private interface Write {
        void run() throws IOException;
    }

    private void guardedWrite(Write write) throws IOException {
        if (end.isDone()) {
            throw new IOException("the stream has already ended: " + end.getNow(null));
        }
        writeStartedNanos = Math.max(1, System.nanoTime());
        try {
            write.run();
            out.flush();
        } finally {
            writeStartedNanos = 0;
        }
    }

    private void readUntilEnd() {
        try {
            InputStream in = socket.getInputStream();
            while (!end.isDone()) {
                int first;
                try {
                    first = in.read();
                } catch (SocketTimeoutException tick) {
                    watchdogTick();
                    continue;
                }
                if (first < 0) {
                    finish(StreamEnd.noResponse("connection closed without response"));
                } else {
                    responseStarted = true;
                    finish(readResponse(in, first));
                }
            }
        } catch (IOException e) {
            finish(StreamEnd.noResponse(closedByClient ? "closed by the client" : "connection failed: " + e));
        }
    }

    /**
     * The server's answer: a plain response ends the stream; the extension's {@code 200} (only if
     * this connection asked) is the acknowledgement body, read until its end line.
     */
    private StreamEnd readResponse(InputStream in, int first) throws IOException {
        ResponseReader response = new ResponseReader(in, responseBudgetNanos);
        ResponseReader.Head head = response.readHead(first);
        if (!askedForAcks || !head.startsAcknowledgements()) {
            return response.readEnd(head);
        }
        acknowledging = true;
        wake.run();
        // The head was read byte by byte, so nothing of the body is lost by buffering from here on.
        InputStream body = new WatchdogInput(new BufferedInputStream(in, 4096));
        return new AckBodyReader(head.chunked ? new ChunkedInput(body) : body, lines -> {
            acknowledgedLines = lines;
            wake.run();
        }).read();
    }

    /** Reads time out every watchdog tick: a write blocked longer than the write timeout ends the connection. */
    private void watchdogTick() {
        long started = writeStartedNanos;
        if (started != 0 && System.nanoTime() - started > writeTimeoutNanos) {
            finish(StreamEnd.noResponse("a write blocked for longer than the write timeout ("
                    + writeTimeoutNanos / 1_000_000 + " ms): the server stopped reading"));
        }
    }

    /**
     * The socket's input for a body that lasts the whole stream: a read that times out runs the
     * watchdog and reads on, so no timeout ever escapes into a parser's half-read state.
     */
    private final class WatchdogInput extends InputStream {
        private final InputStream in;

        WatchdogInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            while (true) {
                try {
                    return in.read();
                } catch (SocketTimeoutException tick) {
                    watchdogTick(); // if it fired, the socket is closed and the next read fails
                }
            }
        }
    }

    private void finish(StreamEnd how) {
        boolean first = end.complete(how);
        DialedSocket.closeQuietly(rawSocket); // the raw socket: an SSL close would wait on a blocked writer's lock
        if (first) {
            wake.run();
        }
    }

    private static int watchdogTickMillis(Duration writeTimeout) {
        return (int) Math.max(10, Math.min(1000, writeTimeout.toMillis() / 4));
    }
}
