package io.plotstream.server.web;

/**
 * One socket's view of one plot: its cursor (what it has been sent) is read and written only on
 * the fan-out tick thread; {@link #wantSnapshot} and {@link #viewWidth(int)} may be called from
 * socket threads (they only publish a flag and a value the tick thread reads).
 */
final class Subscription {

    /** Where the plot stands for this socket, as last told to the browser. Tick thread only. */
    enum Told { NOTHING, LIVE, MISSING, GONE }

    private final String plotId;
    private final Viewer viewer;
    private volatile boolean snapshotWanted = true;
    /** The panel's width in CSS px as the browser last told it ({@link PanelWidth#NONE}: whole snapshots). */
    private volatile int width;

    // Tick thread only.
    private Told told = Told.NOTHING;
    private long structureVersion;
    private long[] traceCounts;

    Subscription(String plotId, Viewer viewer) {
        this(plotId, viewer, PanelWidth.NONE);
    }

    Subscription(String plotId, Viewer viewer, int width) {
        this.plotId = plotId;
        this.viewer = viewer;
        this.width = width;
    }

    String plotId() {
        return plotId;
    }

    Viewer viewer() {
        return viewer;
    }

    /** The browser asked for (or the fan-out decided on) a whole figure at the next push. */
    void wantSnapshot() {
        snapshotWanted = true;
    }

    /**
     * The browser laid the panel out at {@code width} px: the next snapshot is reduced to it. The
     * width is published before the snapshot flag, so a tick that sees the flag sees the width. A
     * width in the bucket already used would cut the same snapshot again, so it asks for none: a page
     * correcting its first estimate by a few pixels does not cost every viewer a second snapshot.
     */
    void viewWidth(int newWidth) {
        int old = width;
        width = newWidth;
        if (PanelWidth.bucket(newWidth) != PanelWidth.bucket(old)) {
            snapshotWanted = true;
        }
    }

    int width() {
        return width;
    }

    boolean snapshotWanted() {
        return snapshotWanted || traceCounts == null;
    }

    long structureVersion() {
        return structureVersion;
    }

    long[] traceCounts() {
        return traceCounts;
    }

    Told told() {
        return told;
    }

    /** Moves the cursor when an extend is queued: frames on one socket arrive in order. */
    void sent(long newStructureVersion, long[] newTraceCounts, boolean wasSnapshot) {
        sent(newStructureVersion, newTraceCounts, wasSnapshot, width);
    }

    /**
     * Moves the cursor when a frame is queued. A snapshot clears the request flag, unless the
     * browser told another width after the tick read {@code widthUsed}: then its own snapshot is
     * still owed (the flag is cleared first and the width read after, so a width published at any
     * moment either is seen here or raises the flag again itself).
     */
    void sent(long newStructureVersion, long[] newTraceCounts, boolean wasSnapshot, int widthUsed) {
        structureVersion = newStructureVersion;
        traceCounts = newTraceCounts;
        told = Told.LIVE;
        if (wasSnapshot) {
            snapshotWanted = false;
            if (PanelWidth.bucket(width) != PanelWidth.bucket(widthUsed)) {
                snapshotWanted = true;
            }
        }
    }

    /** The plot is not there (never was, or was deleted): the next time it exists, send a snapshot. */
    void absent(Told what) {
        told = what;
        traceCounts = null;
        snapshotWanted = true;
    }
}
