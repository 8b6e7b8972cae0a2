package io.plotstream.protocol;

import java.util.Optional;

/**
 * The one table of statuses that end a stream (PROTOCOL.md §2, plus 413 and 431 of this project's
 * server): the code, the server's text, when the bundled server sends it (or null when it never
 * does), the client's reaction, and the advice a client gives its user on a permanent end. The
 * server writes these texts, the client reacts by this table, and the README's status table is
 * rendered from it ({@link StatusTable}).
 */
public enum StreamStatus {
    CLOSED_BY_CLIENT(200, "healthy endpoint disconnect: stream closed by the client",
            "the client closed the body cleanly", ClientReaction.RECONNECT, ""),
    STREAM_ENDED(308, "stream had ended", null, ClientReaction.STOP,
            "the plot's stream was closed on the server; create a new stream token for the trace"),
    BAD_REQUEST(400, "invalid or malformed request syntax",
            "malformed HTTP, such as broken chunk framing or header syntax (Jetty answers it, even mid-stream)",
            ClientReaction.STOP,
            "check that the stream URL points at a Plotly streaming endpoint"),
    TOKEN_UNBOUND(403, "stream token no longer associated with this plot",
            "the token's plot was deleted or redefined mid-stream", ClientReaction.STOP,
            "the token was moved to another plot or revoked; update the token in the configuration"),
    UNKNOWN_TOKEN(404, "stream token not registered or not valid",
            "a malformed token, or an unknown one (unless open mode creates its plot)", ClientReaction.STOP,
            "create the plot on the server or check the token"),
    BAD_METHOD(405, "bad request method: use POST for streaming",
            "a method other than POST (or OPTIONS, the acknowledgement probe) on `/`", ClientReaction.STOP,
            "check that the stream URL points at a Plotly streaming endpoint"),
    MISSING_TOKEN(406, "bad request header: missing " + StreamToken.HEADER, "no `" + StreamToken.HEADER + "` header",
            ClientReaction.STOP, "check that no proxy between client and server strips the " + StreamToken.HEADER
                    + " header"),
    IDLE_TIMEOUT(408, "timeout on active data", "no byte, not even a heartbeat, for `--idle-timeout`",
            ClientReaction.RECONNECT, ""),
    LINE_TOO_LONG(413, "line too long", "a line longer than `--max-line-bytes`", ClientReaction.STOP,
            "shorten long text values, or lower windowPoints in window mode, or raise the server's line limit"),
    BAD_JSON(422, "JSON parse error: please stream newline-separated JSON",
            "invalid JSON, not an object, NaN/Infinity, too deep, invalid UTF-8", ClientReaction.STOP,
            "this is a bug in the client's encoding; please report it with the point that caused it"),
    TOKEN_LIMIT(423, "connection limit for this token has been reached",
            "more streams on the token than `--max-streams-per-token`", ClientReaction.BACK_OFF, ""),
    HEADERS_TOO_LARGE(431, "request header fields too large",
            "request headers over `--max-header-bytes` (Jetty answers it, before the stream starts)",
            ClientReaction.STOP, "check what a proxy adds to the request headers, or raise the server's header limit"),
    RELOADING(449, "stream content has changed, reloading clients", null, ClientReaction.RECONNECT, ""),
    SERVER_ERROR(500, "server error", null, ClientReaction.RECONNECT, ""),
    BAD_GATEWAY(502, "bad gateway", null, ClientReaction.RECONNECT, ""),
    UNAVAILABLE(503, "server unavailable: reconnect",
            "the server is shutting down, `--max-streams` streams are open, or its operation log cannot make lines durable (a full or failing disk)", ClientReaction.RECONNECT, ""),
    REQUEST_STREAM_ERROR(520, "request stream error", null, ClientReaction.RECONNECT, "");

    private final int code;
    private final String text;
    private final String whenServerSends;
    private final ClientReaction reaction;
    private final String advice;

    StreamStatus(int code, String text, String whenServerSends, ClientReaction reaction, String advice) {
        this.code = code;
        this.text = text;
        this.whenServerSends = whenServerSends;
        this.reaction = reaction;
        this.advice = advice;
    }

    public int code() {
        return code;
    }

    /** The response body the server writes (and Plotly's text where Plotly had one). */
    public String text() {
        return text;
    }

    /** When this project's server sends it; empty for a status only other servers or proxies send. */
    public Optional<String> whenServerSends() {
        return Optional.ofNullable(whenServerSends);
    }

    public ClientReaction reaction() {
        return reaction;
    }

    /** What the user should do after a {@link ClientReaction#STOP}; empty for the others. */
    public String advice() {
        return advice;
    }

    /** The entry for {@code code}, if the table has one. */
    public static Optional<StreamStatus> of(int code) {
        for (StreamStatus s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The client's reaction to any status, listed or not: a connection that ended without a
     * response ({@code code < 0}), any 1xx/2xx and any 5xx reconnect; any other 3xx or 4xx stops
     * (redirects are not followed, and an unknown refusal will not heal by retrying).
     */
    public static ClientReaction reactionTo(int code) {
        Optional<StreamStatus> known = of(code);
        if (known.isPresent()) {
            return known.get().reaction;
        }
        if (code < 0 || code < 300 || code >= 500) {
            return ClientReaction.RECONNECT;
        }
        return ClientReaction.STOP;
    }
}
