package io.plotstream.server.ingest;

import io.plotstream.protocol.StreamStatus;

/** Thrown while reading a stream when it must end with a status of the protocol's table and a short text (PROTOCOL.md §2). */
public class StreamEndException extends RuntimeException {
    private final StreamStatus status;

    public StreamEndException(StreamStatus status, String message) {
        super(message, null, false, false); // thrown per bad line: no stack trace to fill
        this.status = status;
    }

    public StreamStatus status() {
        return status;
    }
}
