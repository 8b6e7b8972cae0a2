package io.plotstream.integration.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The smallest Plotly stream endpoint that proves bytes arrived: accepts {@code POST /} uploads on
 * 127.0.0.1, de-chunks them and records every non-empty line with the stream's token. It never
 * answers a stream (a healthy stream gets no byte back) and answers the connector's {@code OPTIONS}
 * probe with 405, as a plain server would, so it tests the connector's archive, not the plot server. Bounded: lines beyond the capacity are counted, not kept.
 */
final class LoopbackStreamReceiver implements AutoCloseable {

    /** One JSON line received on the stream of {@code token}. */
    record Line(String token, String json) {
    }

    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private final ServerSocket server;
    private final BlockingQueue<Line> lines;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    LoopbackStreamReceiver(int capacity) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.lines = new ArrayBlockingQueue<>(capacity);
        this.acceptor = new Thread(this::acceptLoop, "loopback-stream-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Everything received so far, oldest first. */
    List<Line> lines() {
        return new ArrayList<>(lines);
    }

    long dropped() {
        return dropped.get();
    }

    /** Protocol violations seen (wrong method, no token, broken chunking): a test asserts it empty. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread reader = new Thread(() -> readStream(socket), "loopback-stream-" + socket.getPort());
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void readStream(Socket socket) {
        try (socket; InputStream in = socket.getInputStream()) {
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String requestLine = head.get(0);
            if (requestLine.startsWith("OPTIONS / ")) {
                // the connector's probe for acknowledgements: answered as a plain server would
                socket.getOutputStream().write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                return;
            }
            if (!requestLine.startsWith("POST / ")) {
                problems.add("unexpected request line: " + requestLine);
                return;
            }
            String token = null;
            boolean chunked = false;
            for (String header : head.subList(1, head.size())) {
                int colon = header.indexOf(':');
                String name = header.substring(0, Math.max(colon, 0)).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("plotly-streamtoken")) {
                    token = value;
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                }
            }
            if (token == null || !chunked) {
                problems.add("stream without token header or chunked body: " + head);
                return;
            }
            readChunkedLines(in, token);
        } catch (IOException e) {
            // the client or close() ended the connection
        } finally {
            connections.remove(socket);
        }
    }

    /** Reads chunks until the terminating zero chunk; splits the de-chunked bytes on '\n'. */
    private void readChunkedLines(InputStream in, String token) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readCrlfLine(in);
            if (sizeLine == null) {
                return;
            }
            if (sizeLine.isEmpty()) {
                continue; // tolerate a stray CRLF (Plotly's Python client sends one before the last chunk)
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
            if (size == 0) {
                return; // clean close
            }
            for (int i = 0; i < size; i++) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                if (b == '\n') {
                    emit(token, line);
                } else if (line.size() < MAX_LINE_BYTES) {
                    line.write(b);
                } else {
                    problems.add("line over " + MAX_LINE_BYTES + " bytes on token stream");
                }
            }
            String end = readCrlfLine(in);
            if (end == null) {
                return;
            }
            if (!end.isEmpty()) {
                problems.add("chunk not followed by CRLF");
                return;
            }
        }
    }

    private void emit(String token, ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8).strip();
        line.reset();
        if (text.isEmpty()) {
            heartbeats.incrementAndGet();
        } else if (!lines.offer(new Line(token, text))) {
            dropped.incrementAndGet();
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> head = new ArrayList<>();
        int total = 0;
        String line;
        while ((line = readCrlfLine(in)) != null && !line.isEmpty()) {
            total += line.length();
            if (total > MAX_HEADER_BYTES) {
                throw new IOException("request head over " + MAX_HEADER_BYTES + " bytes");
            }
            head.add(line);
        }
        return head;
    }

    /** A line ending in CRLF (or LF), without it; null at end of stream. */
    private static String readCrlfLine(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = out.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (out.size() >= MAX_HEADER_BYTES) {
                throw new IOException("line over " + MAX_HEADER_BYTES + " bytes");
            }
            out.write(b);
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
