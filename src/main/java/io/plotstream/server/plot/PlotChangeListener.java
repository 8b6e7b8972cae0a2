package io.plotstream.server.plot;

/** Told that a plot changed. Called on an ingest thread: must return at once (mark dirty, no I/O). */
@FunctionalInterface
public interface PlotChangeListener {
    void plotChanged(String plotId);
}
