package io.plotstream.server.plot;

/** A figure (plot definition) that cannot be accepted; the message names the offending field. */
public class InvalidFigureException extends RuntimeException {
    public InvalidFigureException(String message) {
        super(message);
    }
}
