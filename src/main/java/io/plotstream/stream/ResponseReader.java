package io.plotstream.stream;

import io.plotstream.protocol.AckChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the HTTP response a server writes mid-upload to end a stream, with every part bounded: a
 * status line, headers, and at most {@link #MAX_BODY} bytes of body (Content-Length, chunked, or up
 * to EOF). Anything that is not HTTP still ends the stream, as a {@link StreamEnd#NO_RESPONSE}. The
 * head is read on its own ({@link #readHead}) so the connection can tell the acknowledgement
 * extension's {@code 200} (a body that lasts the whole stream, read by {@link AckBodyReader}) from an end.
 */
final class ResponseReader {
    static final int MAX_LINE = 1024;
    static final int MAX_HEADER_BYTES = 8192;
    static final int MAX_BODY = 4096;

    private final InputStream in;
    private final long deadlineNanos;

    /**
     * @param in        positioned after the first byte, which is passed to {@link #read(int)}
     * @param budgetNanos how long the rest of the response may take to arrive; the socket must
     *                  have a read timeout so reads return to check it
     */
    ResponseReader(InputStream in, long budgetNanos) {
        this.in = in;
        this.deadlineNanos = System.nanoTime() + budgetNanos;
    }

    /** The status line and the headers this client looks at; or, when what came is no usable response, the end. */
    static final class Head {
        final int status;
        final String reason;
        final long contentLength;
        final boolean chunked;
        final String location;
        /** The value of the acknowledgement extension's response header, or null. */
        final String ack;
        /** False when EOF or the time budget cut the headers off (then there is no body to read). */
        final boolean complete;
        /** Set instead of the rest when the bytes were not an HTTP response. */
        final StreamEnd failure;

        private Head(int status, String reason, long contentLength, boolean chunked, String location, String ack,
                     boolean complete, StreamEnd failure) {
            this.status = status;
            this.reason = reason;
            this.contentLength = contentLength;
            this.chunked = chunked;
            this.location = location;
            this.ack = ack;
            this.complete = complete;
            this.failure = failure;
        }

        private static Head failed(StreamEnd why) {
            return new Head(StreamEnd.NO_RESPONSE, "", -1, false, null, null, false, why);
        }

        /** A {@code 200} whose server agreed to acknowledge: its body is the acknowledgement stream. */
        boolean startsAcknowledgements() {
            return failure == null && complete && status == 200 && AckChannel.VERSION.equals(ack);
        }
    }

    /** Reads a whole response that ends the stream: its head, then its (bounded) body. */
    StreamEnd read(int firstByte) {
        return readEnd(readHead(firstByte));
    }

    /** Reads the status line and headers; the first byte was already read and is passed here. */
    Head readHead(int firstByte) {
        try {
            String statusLine = line(firstByte);
            if (statusLine == null) {
                return Head.failed(StreamEnd.noResponse("connection closed without response"));
            }
            String[] parts = statusLine.split(" ", 3);
            int status = parts.length >= 2 && parts[0].startsWith("HTTP/") ? parseStatus(parts[1]) : -1;
            if (status < 100 || status > 999) {
                return Head.failed(StreamEnd.noResponse("the server sent something that is not an HTTP response: \""
                        + printable(statusLine) + "\""));
            }
            String reason = parts.length == 3 ? parts[2].trim() : "";
            long contentLength = -1;
            boolean chunked = false;
            String location = null;
            String ack = null;
            int headerBytes = 0;
            String header;
            while ((header = line(-1)) != null && !header.isEmpty()) {
                headerBytes += header.length();
                if (headerBytes > MAX_HEADER_BYTES) {
                    break;
                }
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length":
                        contentLength = parseLength(value);
                        break;
                    case "transfer-encoding":
                        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        break;
                    case "location":
                        location = value;
                        break;
                    case AckChannel.RESPONSE_HEADER:
                        ack = value;
                        break;
                    default:
                        break;
                }
            }
            return new Head(status, reason, contentLength, chunked, location, ack, header != null,
                    null);
        } catch (IOException e) {
            return Head.failed(StreamEnd.noResponse("connection failed while reading the server's response: " + e));
        }
    }

    /** Reads the rest of a response that ends the stream (its bounded body) into the end. */
    StreamEnd readEnd(Head head) {
        if (head.failure != null) {
            return head.failure;
        }
        try {
            String body = head.complete ? body(head.chunked, head.contentLength) : "";
            String message = body.isBlank() ? head.reason : body.trim();
            if (head.location != null) {
                message = message + " (Location: " + printable(head.location) + ")";
            }
            return new StreamEnd(head.status, printable(message));
        } catch (IOException e) {
            return StreamEnd.noResponse("connection failed while reading the server's response: " + e);
        }
    }

    private String body(boolean chunked, long contentLength) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            while (body.size() < MAX_BODY) {
                String sizeLine = line(-1);
                if (sizeLine == null) {
                    break;
                }
                int semicolon = sizeLine.indexOf(';');
                long size;
                try {
                    size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
                } catch (NumberFormatException e) {
                    break;
                }
                if (size <= 0) {
                    break;
                }
                copy(body, size);
                line(-1); // CRLF after the chunk data
            }
        } else {
            copy(body, contentLength < 0 ? MAX_BODY : contentLength);
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private void copy(ByteArrayOutputStream to, long n) throws IOException {
        long left = Math.min(n, MAX_BODY - to.size());
        while (left > 0) {
            int b = nextByte();
            if (b < 0) {
                return;
            }
            to.write(b);
            left--;
        }
    }

    /** One CRLF- (or LF-) terminated line, bounded; null at EOF before any byte. */
    private String line(int first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = first >= 0 ? first : nextByte();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            if (line.size() < MAX_LINE) {
                line.write(b);
            }
            b = nextByte();
        }
        String s = line.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** The next byte, -1 at EOF or when the response's time budget is spent. */
    private int nextByte() throws IOException {
        while (true) {
            if (System.nanoTime() - deadlineNanos > 0) {
                return -1;
            }
            try {
                return in.read();
            } catch (SocketTimeoutException e) {
                // poll again until the budget is spent
            }
        }
    }

    private static int parseStatus(String s) {
        try {
            return s.length() == 3 ? Integer.parseInt(s) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLength(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Server text goes into logs and exceptions: keep it short and free of control characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 300));
        for (int i = 0; i < s.length() && b.length() < 300; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        if (s.length() > 300) {
            b.append("…");
        }
        return b.toString();
    }
}
