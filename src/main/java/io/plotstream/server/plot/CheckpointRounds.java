package io.plotstream.server.plot;

import java.time.Duration;

/**
 * The checkpoint rounds both kinds of {@link PlotCheckpoints} run, whatever they write to: a round
 * over every plot on the {@link CheckpointTimer}'s thread every interval, a checkpoint as soon as a
 * plot is defined, and a last round at close after the timer stopped. A subclass says how one plot's
 * checkpoint is written ({@link #checkpoint}); whether it changed, where it goes and who may write it
 * are its own.
 */
abstract class CheckpointRounds implements PlotCheckpoints {

    protected final PlotStore store;
    private final CheckpointTimer timer;

    CheckpointRounds(PlotStore store) {
        this.store = store;
        this.timer = new CheckpointTimer(store);
    }

    /** Checkpoints one plot if it changed since its last; true when a checkpoint was written (or sent). */
    abstract boolean checkpoint(Plot plot);

    /**
     * Starts checkpointing changed plots every {@code interval}, and the store's time-window sweeper
     * ({@link PlotStore#startSweeping}; stopped again by {@link #close}).
     */
    @Override
    public final void start(Duration interval) {
        timer.start(interval, this::saveChanged);
    }

    /** Checkpoints every plot changed since its last checkpoint; returns how many were written (or sent). */
    @Override
    public final int saveChanged() {
        int written = 0;
        for (Plot plot : store.all()) {
            if (checkpoint(plot)) {
                written++;
            }
        }
        return written;
    }

    /** A plot was defined (its record is durable): checkpoint it now, so a restart or a new node finds it at once. */
    @Override
    public final void defined(Plot plot) {
        checkpoint(plot);
    }

    /** Stops the periodic checkpoints and checkpoints what changed one last time. */
    @Override
    public final void close() {
        timer.stop();
        saveChanged();
    }
}
