package io.plotstream.stream;

/**
 * How the server ended one connection: the status of the HTTP response it wrote mid-upload and
 * the text of that response, or {@link #NO_RESPONSE} (-1) when the connection ended without one
 * (EOF, reset, a write that failed or blocked too long).
 */
record StreamEnd(int status, String message) {

    static final int NO_RESPONSE = -1;

    static StreamEnd noResponse(String why) {
        return new StreamEnd(NO_RESPONSE, why);
    }

    boolean hasResponse() {
        return status != NO_RESPONSE;
    }

    @Override
    public String toString() {
        return (hasResponse() ? String.valueOf(status) : "no response") + ": " + message;
    }
}
