package io.plotstream.integration.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A stream client on a bare socket: the test controls every byte, as the real clients' fixtures do. */
final class RawStream implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawStream(int port) {
        this(plainSocket(port));
    }

    /** Over a socket the test opened itself (e.g. TLS). */
    RawStream(Socket connected) {
        try {
            socket = connected;
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Socket plainSocket(int port) {
        try {
            return new Socket("127.0.0.1", port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String headers(String method, String token) {
        return method + " / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                + (token == null ? "" : "plotly-streamtoken: " + token + "\r\n") + "\r\n";
    }

    /** Starts a stream: POST / with the token header, chunked. */
    RawStream begin(String token) {
        return raw(headers("POST", token));
    }

    /** Sends {@code text} as one chunk. */
    RawStream chunk(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return raw(Integer.toHexString(bytes.length) + "\r\n").raw(bytes).raw("\r\n");
    }

    /** Sends one write: the JSON line and its newline in one chunk. */
    RawStream line(String json) {
        return chunk(json + "\n");
    }

    RawStream heartbeat() {
        return chunk("\n");
    }

    /** The clean close: the last (empty) chunk. */
    RawStream finish() {
        return raw("0\r\n\r\n");
    }

    RawStream raw(String text) {
        return raw(text.getBytes(StandardCharsets.UTF_8));
    }

    RawStream raw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Tries to write; false when the server has closed the connection. */
    boolean tryRaw(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when nothing at all arrives from the server within {@code millis}. */
    boolean silentFor(int millis) {
        try {
            if (in.available() > 0) {
                return false;
            }
            socket.setSoTimeout(millis);
            int b = in.read();
            return false; // a byte, or EOF (-1): either way the server spoke or hung up
        } catch (SocketTimeoutException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads what the server sends until it closes the connection (or {@code millis} pass). */
    Reply reply(int millis) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            socket.setSoTimeout(millis);
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
            }
            return new Reply(received.toString(StandardCharsets.UTF_8), true);
        } catch (SocketTimeoutException e) {
            return new Reply(received.toString(StandardCharsets.UTF_8), false);
        } catch (IOException e) { // a reset after the response: what arrived still counts
            return new Reply(received.toString(StandardCharsets.UTF_8), true);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a test socket
        }
    }

    /** What the server answered: the raw response text, and whether it closed the connection. */
    record Reply(String text, boolean closed) {
        int status() {
            if (!text.startsWith("HTTP/1.1 ")) {
                return -1;
            }
            return Integer.parseInt(text.substring(9, 12));
        }

        String body() {
            int i = text.indexOf("\r\n\r\n");
            return i < 0 ? "" : text.substring(i + 4);
        }
    }
}
