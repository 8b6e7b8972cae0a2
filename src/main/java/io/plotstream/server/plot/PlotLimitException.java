package io.plotstream.server.plot;

/** The configured number of plots is reached. */
public class PlotLimitException extends RuntimeException {
    public PlotLimitException(String message) {
        super(message);
    }
}
