package io.plotstream.server.plot;

/** A plot with the requested id already exists. */
public class PlotConflictException extends RuntimeException {
    public PlotConflictException(String message) {
        super(message);
    }
}
