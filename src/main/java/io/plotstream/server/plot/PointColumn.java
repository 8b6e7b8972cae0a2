package io.plotstream.server.plot;

/**
 * The per-point attributes a stream can append to. Everything else a write carries is a trace
 * attribute (it changes the trace as a whole, not one point).
 */
public enum PointColumn {
    X("x"),
    Y("y"),
    TEXT("text"),
    MARKER_COLOR("marker.color"),
    MARKER_SIZE("marker.size");

    public static final int COUNT = values().length;
    private static final PointColumn[] ALL = values();

    /** The name plotly.js uses in restyle/extendTraces ({@code marker.color}). */
    private final String plotlyName;

    PointColumn(String plotlyName) {
        this.plotlyName = plotlyName;
    }

    public String plotlyName() {
        return plotlyName;
    }

    /** True for the two columns that live inside the trace's {@code marker} object. */
    public boolean inMarker() {
        return this == MARKER_COLOR || this == MARKER_SIZE;
    }

    /** The attribute name inside its parent object ({@code color} for {@code marker.color}). */
    public String leafName() {
        return inMarker() ? plotlyName.substring("marker.".length()) : plotlyName;
    }

    public static PointColumn of(int ordinal) {
        return ALL[ordinal];
    }
}
