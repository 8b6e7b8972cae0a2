package io.plotstream.protocol;

/** What a stream client does when the server ends its stream with a status. */
public enum ClientReaction {
    /** Open a new stream after an exponential backoff with jitter, re-sending what was not confirmed. */
    RECONNECT("reconnects with backoff, re-sends what was not confirmed"),
    /** The token has as many streams as the server allows: wait the longest backoff, then try again. */
    BACK_OFF("waits the longest backoff, then reconnects"),
    /** The token is refused for good: every queued and future point of it fails with the server's text. */
    STOP("stops: the token is refused for good and the task fails with the message");

    private final String description;

    ClientReaction(String description) {
        this.description = description;
    }

    /** The reaction in words, for the README's table. */
    public String description() {
        return description;
    }
}
