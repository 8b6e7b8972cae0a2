package io.plotstream.server.log;

/** An append could not be made durable: the ingest path ends its streams with 503 and acknowledges nothing. */
public final class LogUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
