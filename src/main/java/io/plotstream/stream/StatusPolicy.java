package io.plotstream.stream;

import io.plotstream.protocol.ClientReaction;
import io.plotstream.protocol.StreamStatus;

/**
 * The client's side of {@link StreamStatus}: how it reacts to a stream's end, and the failure it
 * reports for a permanent one. A failure message names the masked token, the status, the server's
 * text and what to do.
 */
final class StatusPolicy {

    private StatusPolicy() {
    }

    static ClientReaction reactionTo(int status) {
        return StreamStatus.reactionTo(status);
    }

    /** The failure for a {@link ClientReaction#STOP} end. */
    static StreamException failureFor(StreamEnd end, String maskedToken) {
        int status = end.status();
        String said = end.message() == null || end.message().isBlank() ? "" : " (server said: \"" + end.message() + "\")";
        String message = status + " for token " + maskedToken + ": " + meaning(status) + said + " — " + advice(status);
        return new StreamException(message, status);
    }

    private static String meaning(int status) {
        return StreamStatus.of(status).map(StreamStatus::text).orElse(
                status >= 300 && status < 400 ? "the server redirected the stream" : "the server refused the stream");
    }

    private static String advice(int status) {
        return StreamStatus.of(status).map(StreamStatus::advice).filter(a -> !a.isEmpty()).orElse(
                status >= 300 && status < 400
                        ? "redirects are not followed; set the stream URL to the address the server names"
                        : "the server will not accept this stream; check the server's logs");
    }
}
