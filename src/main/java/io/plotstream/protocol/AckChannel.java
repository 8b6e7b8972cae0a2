package io.plotstream.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * This project's opt-in extension of the streaming protocol: acknowledgements of durable lines.
 *
 * <p>Plotly's protocol has no acknowledgement: a healthy stream gets no byte back, so a client can
 * only guess what the server kept. A client that wants to know asks with the request header
 * {@link #REQUEST_HEADER}{@code : }{@link #VERSION}. A server that supports it answers at once,
 * while the upload continues, with {@code 200}, the response header {@link #RESPONSE_HEADER}{@code :
 * }{@link #VERSION} and a chunked, newline-delimited body whose lines are:
 * <ul>
 *   <li>{@code {"ack":N}}: the first N lines of this upload are durable (cumulative; N never goes
 *       down; every line ended by {@code \n} counts, heartbeats included, so a client counts its
 *       own {@code \n}s and needs no other bookkeeping). Sent batched, at least every few
 *       milliseconds while lines are pending.</li>
 *   <li>{@code {"end":CODE,"text":"..."}}: the stream has ended with the status and text of
 *       {@link StreamStatus} (the same as the plain response a client without the extension gets);
 *       it is the last line, after the last {@code ack}, and the response then ends.</li>
 * </ul>
 * A server that refuses the stream before it starts (404, 406, 423, 503...) answers as it would
 * without the extension: a plain response with that status. A server that does not know the
 * header sends nothing while the stream is healthy; the client then falls back to its ack-delay
 * rule. Clients that never send the header (Plotly's own) see no change at all.
 *
 * <p>This class is the one definition of those bytes for both ends; it knows no sockets.
 */
public final class AckChannel {

    /** The request header a client sends to ask for acknowledgements. */
    public static final String REQUEST_HEADER = "plotstream-ack";
    /** The response header a server sends when it agreed to acknowledge. */
    public static final String RESPONSE_HEADER = "plotstream-ack";
    /** The extension's version, the value of both headers. */
    public static final String VERSION = "1";
    /** The content type of the acknowledgement body. */
    public static final String CONTENT_TYPE = "application/x-ndjson";
    /** The longest line a server sends (an end line with the longest status text fits easily). */
    public static final int MAX_LINE_BYTES = 1024;

    private AckChannel() {
    }

    /** The line that acknowledges the first {@code lines} lines, with its {@code \n}. */
    public static byte[] ackLine(long lines) {
        if (lines < 0) {
            throw new IllegalArgumentException("acknowledged lines cannot be negative: " + lines);
        }
        return ("{\"ack\":" + lines + "}\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The last line of an acknowledgement body, with its {@code \n}. */
    public static byte[] endLine(int code, String text) {
        StringBuilder out = new StringBuilder(48 + text.length()).append("{\"end\":").append(code).append(",\"text\":\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append("\"}\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The last line for a status of the table, with the table's text. */
    public static byte[] endLine(StreamStatus status) {
        return endLine(status.code(), status.text());
    }

    /** One parsed line of an acknowledgement body. */
    public static final class Line {
        private final long acked;
        private final int endCode;
        private final String endText;

        private Line(long acked, int endCode, String endText) {
            this.acked = acked;
            this.endCode = endCode;
            this.endText = endText;
        }

        /** True for an {@code end} line; then {@link #endCode()} and {@link #endText()} hold it. */
        public boolean isEnd() {
            return endText != null;
        }

        /** The cumulative count of an {@code ack} line; -1 for an end line. */
        public long acked() {
            return acked;
        }

        public int endCode() {
            return endCode;
        }

        public String endText() {
            return endText;
        }
    }

    /**
     * Parses one line of an acknowledgement body (without its {@code \n}; a trailing {@code \r} is
     * ignored). Empty when the line is neither shape: a client treats that as a broken stream.
     */
    public static Optional<Line> parse(String line) {
        String s = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        if (s.startsWith("{\"ack\":") && s.endsWith("}")) {
            String digits = s.substring(7, s.length() - 1);
            if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            return Optional.of(new Line(Long.parseLong(digits), 0, null));
        }
        String head = "{\"end\":";
        int textKey = s.indexOf(",\"text\":\"");
        if (s.startsWith(head) && textKey > head.length() && s.endsWith("\"}")) {
            String code = s.substring(head.length(), textKey);
            if (code.length() != 3 || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            String text = unescape(s.substring(textKey + 9, s.length() - 2));
            return text == null ? Optional.empty() : Optional.of(new Line(-1, Integer.parseInt(code), text));
        }
        return Optional.empty();
    }

    private static String unescape(String body) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '"') {
                return null;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 >= body.length()) {
                return null;
            }
            char e = body.charAt(++i);
            if (e == '"' || e == '\\' || e == '/') {
                out.append(e);
            } else if (e == 'u' && i + 4 < body.length()) {
                try {
                    out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                } catch (NumberFormatException notHex) {
                    return null;
                }
                i += 4;
            } else {
                return null;
            }
        }
        return out.toString();
    }
}
