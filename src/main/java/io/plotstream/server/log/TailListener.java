package io.plotstream.server.log;

/** What a {@link LogTail} hands its node, all on the tail's one thread. */
public interface TailListener {

    /** The next record of a plot: per plot in log order, positions increasing. */
    void record(String plotId, long position, byte[] record);

    /**
     * Records after {@code lastSeen} up to before {@code next} were dropped by a checkpoint before
     * they were read: reload the plot from its stored checkpoint, then {@link LogTail#restart} it.
     */
    void gap(String plotId, long lastSeen, long next);

    /** A plot became live or was deleted through some node (the tail already follows it). */
    void plotAnnounced(String plotId);

    /** A dashboard was created, replaced or deleted through some node. */
    void dashboardChanged(String dashboardId);

    /** The shared store was lost ({@code false}) or is reachable again ({@code true}). */
    void reachable(boolean up);
}
