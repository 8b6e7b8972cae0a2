package io.plotstream.server.ingest;

/** Thrown while reading a stream when it must end with an HTTP status and a short text (PROTOCOL.md §2). */
public class StreamEndException extends RuntimeException {
    private final int status;

    public StreamEndException(int status, String message) {
        super(message, null, false, false); // thrown per bad line: no stack trace to fill
        this.status = status;
    }

    public int status() {
        return status;
    }
}
