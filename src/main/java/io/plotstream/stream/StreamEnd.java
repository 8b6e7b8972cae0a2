package io.plotstream.stream;

import java.util.Objects;

/**
 * How the server ended one connection: the status of the HTTP response it wrote mid-upload and
 * the text of that response, or {@link #NO_RESPONSE} (-1) when the connection ended without one
 * (EOF, reset, a write that failed or blocked too long).
 */
final class StreamEnd {

    static final int NO_RESPONSE = -1;

    private final int status;
    private final String message;

    StreamEnd(int status, String message) {
        this.status = status;
        this.message = message;
    }

    static StreamEnd noResponse(String why) {
        return new StreamEnd(NO_RESPONSE, why);
    }

    int status() {
        return status;
    }

    String message() {
        return message;
    }

    boolean hasResponse() {
        return status != NO_RESPONSE;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StreamEnd)) {
            return false;
        }
        StreamEnd other = (StreamEnd) o;
        return status == other.status && Objects.equals(message, other.message);
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(status) * 31 + Objects.hashCode(message);
    }

    @Override
    public String toString() {
        return (hasResponse() ? String.valueOf(status) : "no response") + ": " + message;
    }
}
