package io.plotstream.server.plot;

import java.util.List;
import java.util.Optional;

/**
 * What viewers may read of the plots. CONTRACT between the plot model (implements it) and the
 * viewer side (web pages, WebSocket fan-out), so that neither knows the other's insides.
 *
 * <p>Every trace counts the points ever appended to it; a viewer remembers the counts it has shown
 * and asks for what came since. Anything that is not an append (a list overwrite, a layout or
 * definition change, a deletion) bumps the plot's {@code structureVersion}, after which a viewer
 * needs a fresh snapshot.
 */
public interface PlotReader {

    /** All plots, for the index page. */
    List<PlotSummary> plots();

    /** The whole figure as plotly.js takes it ({@code stream} attributes stripped), with the current windows. */
    Optional<PlotSnapshot> snapshot(String plotId);

    /**
     * The points appended since {@code traceCounts} under {@code structureVersion}; empty when the
     * viewer needs a snapshot instead (structure changed, or the window has moved past what it has).
     */
    Optional<PlotDelta> deltaSince(String plotId, long structureVersion, long[] traceCounts);

    /** Registers a listener told (on the ingest thread, must not block) that a plot changed. */
    void addListener(PlotChangeListener listener);
}
