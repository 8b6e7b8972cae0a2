package io.plotstream.server.plot;

/** Told when a plot is defined (created or redefined) or deleted: the persister saves definitions at once. */
public interface PlotLifecycleListener {
    void defined(Plot plot);

    void deleted(String plotId);
}
