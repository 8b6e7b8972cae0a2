package io.plotstream.server.log;

/** A definition appended only if the plot were absent found it live (another node created it first). */
public final class PlotExistsInLogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlotExistsInLogException(String plotId) {
        super("plot '" + plotId + "' already exists");
    }
}
