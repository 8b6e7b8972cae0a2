package io.plotstream.stream;

/**
 * A stream ended by the server in a way that must not be retried. The message names the token
 * (masked), the status code and the server's text, and says what to do about it.
 */
public class StreamException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public StreamException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** HTTP status the server ended the stream with, or -1 when there was none. */
    public int status() {
        return status;
    }
}
