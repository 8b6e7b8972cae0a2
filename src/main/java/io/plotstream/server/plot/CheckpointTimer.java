package io.plotstream.server.plot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The clock of a {@link PlotCheckpoints}: one daemon thread running a checkpoint round every interval
 * (a round that throws is logged and the next goes on), with the store's window sweeper started and
 * stopped beside it.
 */
final class CheckpointTimer {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointTimer.class);

    private final PlotStore store;
    private ScheduledExecutorService scheduler;

    CheckpointTimer(PlotStore store) {
        this.store = store;
    }

    void start(Duration interval, Runnable round) {
        store.startSweeping();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plot-checkpoints");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(100, interval.toMillis());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                LOG.error("Checkpointing plots failed (will retry): {}", e.getMessage(), e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the sweeper and the rounds, waiting for a round under way to end. */
    void stop() {
        store.stopSweeping();
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
