package io.plotstream.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the HTTP response a server writes mid-upload to end a stream, with every part bounded: a
 * status line, headers, and at most {@link #MAX_BODY} bytes of body (Content-Length, chunked, or up
 * to EOF). Anything that is not HTTP still ends the stream, as a {@link StreamEnd#NO_RESPONSE}.
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

    StreamEnd read(int firstByte) {
        try {
            String statusLine = line(firstByte);
            if (statusLine == null) {
                return StreamEnd.noResponse("connection closed without response");
            }
            String[] parts = statusLine.split(" ", 3);
            int status = parts.length >= 2 && parts[0].startsWith("HTTP/") ? parseStatus(parts[1]) : -1;
            if (status < 100 || status > 999) {
                return StreamEnd.noResponse("the server sent something that is not an HTTP response: \""
                        + printable(statusLine) + "\"");
            }
            String reason = parts.length == 3 ? parts[2].trim() : "";
            long contentLength = -1;
            boolean chunked = false;
            String location = null;
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
                    default:
                        break;
                }
            }
            String body = header == null ? "" : body(chunked, contentLength);
            String message = body.isBlank() ? reason : body.trim();
            if (location != null) {
                message = message + " (Location: " + printable(location) + ")";
            }
            return new StreamEnd(status, printable(message));
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
