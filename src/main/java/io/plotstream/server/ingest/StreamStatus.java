package io.plotstream.server.ingest;

/**
 * The statuses that end a stream and their texts, as PROTOCOL.md §2 lists them, plus 413 for a
 * line over the size limit (not in Plotly's table; a client stops and reports it, as for 422).
 */
public final class StreamStatus {
    public static final int CLOSED_BY_CLIENT = 200;
    public static final int TOKEN_UNBOUND = 403;
    public static final int UNKNOWN_TOKEN = 404;
    public static final int BAD_METHOD = 405;
    public static final int MISSING_TOKEN = 406;
    public static final int IDLE_TIMEOUT = 408;
    public static final int LINE_TOO_LONG = 413;
    public static final int BAD_JSON = 422;
    public static final int TOKEN_LIMIT = 423;
    public static final int UNAVAILABLE = 503;

    public static final String CLOSED_BY_CLIENT_TEXT = "healthy endpoint disconnect: stream closed by the client";
    public static final String TOKEN_UNBOUND_TEXT = "stream token no longer associated with this plot";
    public static final String UNKNOWN_TOKEN_TEXT = "stream token not registered or not valid";
    public static final String BAD_METHOD_TEXT = "bad request method: use POST for streaming";
    public static final String MISSING_TOKEN_TEXT = "bad request header: missing plotly-streamtoken";
    public static final String IDLE_TIMEOUT_TEXT = "timeout on active data";
    public static final String BAD_JSON_TEXT = "JSON parse error: please stream newline-separated JSON";
    public static final String TOKEN_LIMIT_TEXT = "connection limit for this token has been reached";
    public static final String SHUTDOWN_TEXT = "server shutting down: reconnect";
    public static final String SERVER_LIMIT_TEXT = "server stream limit reached: retry later";

    private StreamStatus() {
    }

    public static String lineTooLongText(int maxLineBytes) {
        return "line exceeds " + maxLineBytes + " bytes";
    }
}
