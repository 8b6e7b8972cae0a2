package io.plotstream.stream;

import io.plotstream.protocol.AckChannel;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A Plotly-protocol stream server on a raw socket, for tests: it de-chunks request bodies itself
 * (no HTTP library between the client's bytes and the assertions), records the request line,
 * headers, raw bytes, chunk sizes and decoded lines of every connection, and follows a script:
 * each new connection takes the next {@link Behaviour} (default: accept silently, answer the clean
 * close with 200). It can answer mid-upload with any status and text, close without a response,
 * stop reading, or refuse connections by being {@link #stop() stopped} and {@link #restart() restarted}
 * on the same port.
 *
 * <p>It can also speak the acknowledgement extension ({@link AckChannel}, see {@link Acks}): to a
 * connection that asks it answers at once with {@code 200} and the extension's header, then
 * acknowledges lines (every line as it arrives, or only when the test says so), ends a stream with
 * an {@code end} line instead of a plain response, and can send anything else a broken server might.
 */
public final class RecordingStreamServer implements AutoCloseable {

    /** What one connection does once it has accepted {@code afterLines} JSON lines. */
    public record Behaviour(int afterLines, Action action, int status, String text) {
        public static Behaviour respondAfter(int lines, int status, String text) {
            return new Behaviour(lines, Action.RESPOND, status, text);
        }

        static Behaviour closeWithoutResponseAfter(int lines) {
            return new Behaviour(lines, Action.CLOSE, 0, null);
        }

        static Behaviour stopReadingAfter(int lines) {
            return new Behaviour(lines, Action.STOP_READING, 0, null);
        }

        static Behaviour healthy() {
            return new Behaviour(Integer.MAX_VALUE, Action.NONE, 0, null);
        }
    }

    enum Action { NONE, RESPOND, CLOSE, STOP_READING }

    /** How the server treats a connection that asks for acknowledgements. */
    public enum Acks {
        /** A plain Plotly-protocol server: it ignores the header and says nothing while a stream is healthy. */
        NONE,
        /** Agrees, and acknowledges every line as soon as it has read the chunk that carried it. */
        EVERY_LINE,
        /** Agrees, and acknowledges only what the test sends with {@link Connection#acknowledge}. */
        MANUAL
    }

    /** Everything seen on one connection. */
    static final class Connection {
        final long acceptedAtNanos = System.nanoTime();
        volatile String requestLine;
        final List<String> headerLines = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        final List<Integer> chunkSizes = new CopyOnWriteArrayList<>();
        /** Lines accepted before the server ended the stream, heartbeats as "". */
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<Long> lineArrivalNanos = new CopyOnWriteArrayList<>();
        /** Lines that arrived after the server had answered: a real server drops them. */
        final List<String> discarded = new CopyOnWriteArrayList<>();
        final List<String> framingErrors = new CopyOnWriteArrayList<>();
        volatile String token;
        volatile boolean lastChunkSeen;
        volatile boolean closedByPeer;
        volatile boolean open = true;
        volatile boolean answered;
        /** The server agreed to acknowledge on this connection. */
        volatile boolean acknowledging;
        /** Every line received ({@code \n}s, heartbeats included) before the server answered. */
        final java.util.concurrent.atomic.AtomicLong linesReceived = new java.util.concurrent.atomic.AtomicLong();
        /** Lines of the acknowledgement body sent, without their newline. */
        final List<String> ackBodyLines = new CopyOnWriteArrayList<>();
        private Socket socket;

        /** Sends {@code {"ack":lines}} on the acknowledgement body. */
        void acknowledge(long lines) throws IOException {
            sendAckBodyLine(new String(AckChannel.ackLine(lines), StandardCharsets.US_ASCII));
        }

        /** Ends the stream now as the server would: an end line and the body's end (or a plain response). */
        void endStream(int status, String text) throws IOException {
            answer(this, status, text);
        }

        /** Sends any line (its newline is added) on the acknowledgement body: for malformed ones. */
        void sendAckBodyLine(String line) throws IOException {
            sendAckBodyLine(line, false);
        }

        /**
         * One write for the whole chunk (and the body's last chunk with it when {@code last}): the
         * client may close as soon as it has read the line, and the handler then closes the socket.
         */
        synchronized void sendAckBodyLine(String line, boolean last) throws IOException {
            String text = line.endsWith("\n") ? line : line + "\n";
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            chunk.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunk.write(data);
            chunk.write((last ? "\r\n0\r\n\r\n" : "\r\n").getBytes(StandardCharsets.US_ASCII));
            ackBodyLines.add(text.substring(0, text.length() - 1));
            OutputStream out = socket.getOutputStream();
            out.write(chunk.toByteArray());
            out.flush();
        }

        synchronized byte[] rawBytes() {
            return raw.toByteArray();
        }

        List<String> jsonLines() {
            return lines.stream().filter(l -> !l.isEmpty()).toList();
        }

        long heartbeats() {
            return lines.stream().filter(String::isEmpty).count();
        }

        String header(String name) {
            for (String h : headerLines) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return h.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** How the server answers a client's {@code OPTIONS /} probe ({@link AckProbe}). */
    public enum Probes {
        /** As its kind of server would: 204 with the extension's header when it acknowledges, else 405 (a plain server). */
        ANSWER,
        /** Closes the probe's connection without a word: the probe learns nothing, the handshake window decides. */
        SILENT
    }

    private final ConcurrentLinkedDeque<Behaviour> script = new ConcurrentLinkedDeque<>();
    private final AtomicInteger probesSeen = new AtomicInteger();
    private volatile Probes probes = Probes.ANSWER;
    private volatile List<String> lastProbeHeaders = List.of();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final AtomicInteger maxOpenAtOnce = new AtomicInteger();
    private final SSLContext tls;
    private volatile Acks acks = Acks.NONE;
    private volatile ServerSocket server;
    private volatile int port;

    private RecordingStreamServer(SSLContext tls) {
        this.tls = tls;
    }

    public static RecordingStreamServer start() throws IOException {
        return startTls(null);
    }

    /** A server speaking TLS with {@code tls}'s key material (null: plain). */
    static RecordingStreamServer startTls(SSLContext tls) throws IOException {
        RecordingStreamServer s = new RecordingStreamServer(tls);
        s.bind(0);
        return s;
    }

    public URI uri() {
        return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** From the next connection on, connections that ask for acknowledgements are treated like this. */
    public RecordingStreamServer acknowledging(Acks how) {
        acks = how;
        return this;
    }

    /** How probes are answered from now on. */
    public RecordingStreamServer probes(Probes how) {
        probes = how;
        return this;
    }

    /** {@code OPTIONS} requests seen (they are not stream connections and are not listed as such). */
    public int probesSeen() {
        return probesSeen.get();
    }

    /** The header lines of the last probe. */
    public List<String> lastProbeHeaders() {
        return lastProbeHeaders;
    }

    /** Acknowledges every line received so far on each open, acknowledging connection of {@code token}. */
    public void acknowledgeEverything(String token) throws IOException {
        for (Connection c : connections(token)) {
            if (c.acknowledging && c.open && !c.answered) {
                c.acknowledge(c.linesReceived.get());
            }
        }
    }

    /**
     * Acknowledges the first {@code lines} lines (heartbeats included) on each open, acknowledging
     * connection of {@code token}: for a partial acknowledgement, e.g. in the middle of a chunk.
     */
    public void acknowledgeFirst(String token, long lines) throws IOException {
        for (Connection c : connections(token)) {
            if (c.acknowledging && c.open && !c.answered) {
                c.acknowledge(lines);
            }
        }
    }

    /** Lines received (heartbeats included) on the token's open connections, summed. */
    public long linesReceived(String token) {
        return connections(token).stream().filter(c -> c.open).mapToLong(c -> c.linesReceived.get()).sum();
    }

    /** The next connections behave like this, in order. */
    public RecordingStreamServer then(Behaviour... behaviours) {
        script.addAll(List.of(behaviours));
        return this;
    }

    /** Closes the listening socket and every connection: new connections are refused. */
    public void stop() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        for (Connection c : connections) {
            closeQuietly(c.socket);
        }
    }

    /** Listens again on the same port. */
    public void restart() throws IOException {
        // A client retrying against the closed port may hold it for a moment (on loopback a connect to
        // a port nobody listens on can even connect to itself), so the port is retried for a while.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                bind(port);
                return;
            } catch (java.net.BindException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    List<Connection> connections() {
        return Collections.unmodifiableList(connections);
    }

    List<Connection> connections(String token) {
        return connections.stream().filter(c -> token.equals(c.token)).toList();
    }

    /** Chunks received on all of the token's connections, heartbeats included. */
    public int chunkCount(String token) {
        return connections(token).stream().mapToInt(c -> c.chunkSizes.size()).sum();
    }

    public int connectionCount(String token) {
        return connections(token).size();
    }

    long openConnections() {
        return connections.stream().filter(c -> c.open).count();
    }

    int maxOpenAtOnce() {
        return maxOpenAtOnce.get();
    }

    /** JSON lines the server accepted for {@code token}, over all connections, in arrival order. */
    public List<String> acceptedLines(String token) {
        List<String> all = new ArrayList<>();
        for (Connection c : connections(token)) {
            all.addAll(c.jsonLines());
        }
        return all;
    }

    @Override
    public void close() throws IOException {
        stop();
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void bind(int wantedPort) throws IOException {
        ServerSocket s = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wantedPort));
        port = s.getLocalPort();
        server = s;
        Thread acceptor = new Thread(() -> acceptLoop(s), "test-stream-server-accept");
        acceptor.setDaemon(true);
        threads.add(acceptor);
        acceptor.start();
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket socket = s.accept();
                Connection c = new Connection();
                c.socket = socket;
                connections.add(c);
                maxOpenAtOnce.accumulateAndGet((int) openConnections(), Math::max);
                Thread handler = new Thread(() -> handle(c), "test-stream-server-conn");
                handler.setDaemon(true);
                threads.add(handler);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Connection c) {
        try (Socket socket = c.socket) {
            InputStream in = new RecordingInput(socket.getInputStream(), c);
            c.requestLine = readLine(in);
            String h;
            while (!(h = readLine(in)).isEmpty()) {
                c.headerLines.add(h);
            }
            c.token = c.header("plotly-streamtoken");
            if (c.requestLine.startsWith("OPTIONS ")) {
                connections.remove(c);
                answerProbe(c);
                return;
            }
            Behaviour b = script.isEmpty() ? Behaviour.healthy() : script.pollFirst(); // a probe takes no turn
            Acks how = acks;
            if (how != Acks.NONE && AckChannel.VERSION.equals(c.header(AckChannel.REQUEST_HEADER))) {
                agreeToAcknowledge(c);
            }
            if (b.afterLines() == 0 && act(b, c, in)) {
                return;
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int jsonLines = 0;
            while (true) {
                String sizeLine = readLine(in);
                int size = Integer.parseInt(sizeLine.trim(), 16);
                c.chunkSizes.add(size);
                if (size == 0) {
                    readLine(in); // end of (empty) trailers
                    c.lastChunkSeen = true;
                    if (!c.answered) {
                        if (c.acknowledging && how == Acks.EVERY_LINE) {
                            c.acknowledge(c.linesReceived.get());
                        }
                        answer(c, 200, "");
                    }
                    return;
                }
                for (int i = 0; i < size; i++) {
                    int x = in.read();
                    if (x < 0) {
                        throw new EOFException("EOF inside a chunk");
                    }
                    if (x == '\n') {
                        String text = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        if (c.answered) {
                            c.discarded.add(text);
                        } else {
                            c.linesReceived.incrementAndGet();
                            c.lines.add(text);
                            c.lineArrivalNanos.add(System.nanoTime());
                            if (!text.isEmpty()) {
                                jsonLines++;
                            }
                            if (!text.isEmpty() && jsonLines == b.afterLines() && act(b, c, in)) {
                                return;
                            }
                        }
                    } else {
                        line.write(x);
                    }
                }
                if (in.read() != '\r' || in.read() != '\n') {
                    c.framingErrors.add("chunk of " + size + " bytes not followed by CRLF");
                }
                if (c.acknowledging && how == Acks.EVERY_LINE && !c.answered) {
                    c.acknowledge(c.linesReceived.get());
                }
            }
        } catch (EOFException e) {
            c.closedByPeer = true;
        } catch (SocketException e) {
            c.closedByPeer = true;
        } catch (IOException | RuntimeException e) {
            c.framingErrors.add(e.toString());
        } finally {
            c.open = false;
        }
    }

    /** Returns true when the connection is finished. */
    private boolean act(Behaviour b, Connection c, InputStream in) throws IOException {
        switch (b.action()) {
            case RESPOND -> {
                answer(c, b.status(), b.text());
                drainAfterAnswer(c, in);
                return true;
            }
            case CLOSE -> {
                c.answered = true;
                c.socket.shutdownOutput();
                drainAfterAnswer(c, in);
                return true;
            }
            case STOP_READING -> {
                while (server != null && !c.socket.isClosed()) {
                    sleep(20);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void answerProbe(Connection c) throws IOException {
        lastProbeHeaders = List.copyOf(c.headerLines);
        probesSeen.incrementAndGet();
        if (probes == Probes.SILENT) {
            return; // the socket closes with the handler
        }
        boolean agrees = acks != Acks.NONE && AckChannel.VERSION.equals(c.header(AckChannel.REQUEST_HEADER));
        String head = agrees
                ? "HTTP/1.1 204 No Content\r\n" + AckChannel.RESPONSE_HEADER + ": " + AckChannel.VERSION + "\r\n"
                : "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n";
        OutputStream out = c.socket.getOutputStream();
        out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The extension's answer, at once: 200, its header, and a chunked body that stays open. */
    private static void agreeToAcknowledge(Connection c) throws IOException {
        String head = "HTTP/1.1 200 OK\r\n" + AckChannel.RESPONSE_HEADER + ": " + AckChannel.VERSION + "\r\n"
                + "Content-Type: " + AckChannel.CONTENT_TYPE + "\r\nTransfer-Encoding: chunked\r\n\r\n";
        synchronized (c) {
            OutputStream out = c.socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        c.acknowledging = true;
    }

    private static void answer(Connection c, int status, String text) throws IOException {
        if (c.acknowledging) {
            // the stream's end is the body's last line, then the body ends
            c.answered = true;
            c.sendAckBodyLine(new String(AckChannel.endLine(status, text), StandardCharsets.US_ASCII), true);
            return;
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = c.socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        c.answered = true;
    }

    /**
     * Like a graceful server: after answering, read (and drop) what the client still sends for a
     * moment instead of resetting the connection, so the client can read the answer.
     */
    private static void drainAfterAnswer(Connection c, InputStream in) throws IOException {
        c.socket.shutdownOutput();
        c.socket.setSoTimeout(1000);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int x;
            while ((x = in.read()) >= 0) {
                if (x == '\n') {
                    c.discarded.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(x);
                }
            }
        } catch (IOException e) {
            // timeout or reset: done either way
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int x;
        while ((x = in.read()) != '\n') {
            if (x < 0) {
                throw new EOFException("EOF in a line");
            }
            line.write(x);
        }
        String s = line.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 408 -> "Request Timeout";
            case 422 -> "Unprocessable Entity";
            case 423 -> "Locked";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // test teardown
        }
    }

    /** Buffers the socket and copies every byte read into the connection's raw record, a block at a time. */
    private static final class RecordingInput extends InputStream {
        private final InputStream in;
        private final Connection c;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int limit;

        RecordingInput(InputStream in, Connection c) {
            this.in = in;
            this.c = c;
        }

        @Override
        public int read() throws IOException {
            if (pos == limit) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    return -1;
                }
                synchronized (c) {
                    c.raw.write(buf, 0, n);
                }
                pos = 0;
                limit = n;
            }
            return buf[pos++] & 0xff;
        }
    }
}
