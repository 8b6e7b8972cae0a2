package io.plotstream.stream;

/**
 * What the client does when the server ends a stream, per PROTOCOL.md §2:
 *
 * <pre>
 * status                                   reaction
 * none (EOF, reset, failed/blocked write)  RECONNECT with backoff
 * 200, 408, 449, 502, other 5xx, other 2xx RECONNECT with backoff (500/503/520: server trouble)
 * 423 connection limit for this token      BACK_OFF: wait backoffMax, then reconnect
 * 308 stream had ended                     STOP: permanent, status 308
 * 400/403/404/405/406/413/422, other 4xx   STOP: permanent, actionable message
 * other 3xx (redirects)                    STOP: we do not follow redirects; the URL is wrong
 * </pre>
 *
 * A permanent end fails every queued and future point of the token with the same
 * {@link StreamException}, whose message names the masked token, the status, the server's text and
 * what to do.
 */
final class StatusPolicy {

    enum Reaction { RECONNECT, BACK_OFF, STOP }

    private StatusPolicy() {
    }

    static Reaction reactionTo(int status) {
        if (status == StreamEnd.NO_RESPONSE || (status >= 100 && status < 300) || status >= 500
                || status == 408 || status == 449) {
            return Reaction.RECONNECT;
        }
        if (status == 423) {
            return Reaction.BACK_OFF;
        }
        return Reaction.STOP;
    }

    /** The failure for a {@link Reaction#STOP} end. */
    static StreamException failureFor(StreamEnd end, String maskedToken) {
        int status = end.status();
        String said = end.message() == null || end.message().isBlank() ? "" : " (server said: \"" + end.message() + "\")";
        String message = status + " for token " + maskedToken + ": " + meaning(status) + said + " — " + advice(status);
        return new StreamException(message, status);
    }

    private static String meaning(int status) {
        return switch (status) {
            case 308 -> "the stream has ended";
            case 400 -> "invalid or malformed request";
            case 401, 407 -> "the server or a proxy requires authentication";
            case 403 -> "stream token no longer associated with this plot";
            case 404 -> "stream token not registered or not valid";
            case 405 -> "bad request method";
            case 406 -> "the server did not accept the request headers (plotly-streamtoken)";
            case 413 -> "a write is larger than the server accepts for one line";
            case 422 -> "the server could not parse a write as JSON";
            default -> status >= 300 && status < 400 ? "the server redirected the stream" : "the server refused the stream";
        };
    }

    private static String advice(int status) {
        return switch (status) {
            case 308 -> "the plot's stream was closed on the server; create a new stream token for the trace";
            case 400, 405 -> "check that the stream URL points at a Plotly streaming endpoint";
            case 401, 407 -> "this client does not authenticate; stream directly to the server or configure the proxy";
            case 403 -> "the token was moved to another plot or revoked; update the token in the configuration";
            case 404 -> "create the plot on the server or check the token";
            case 406 -> "check that no proxy between client and server strips the plotly-streamtoken header";
            case 413 -> "shorten long text values, or lower windowPoints in window mode, or raise the server's line limit";
            case 422 -> "this is a bug in the client's encoding; please report it with the point that caused it";
            default -> status >= 300 && status < 400
                    ? "redirects are not followed; set the stream URL to the address the server names"
                    : "the server will not accept this stream; check the server's logs";
        };
    }
}
