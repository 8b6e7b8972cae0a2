package io.plotstream.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.plot.PlotChangeListener;
import io.plotstream.server.plot.PlotDelta;
import io.plotstream.server.plot.PlotReader;
import io.plotstream.server.plot.PlotSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pushes plot changes to viewers, coalesced per plot.
 *
 * <p>Ingest threads only mark a plot dirty ({@link #plotChanged}); one tick thread, every
 * {@code 1/maxPushesPerSecond} seconds, turns each dirty plot into at most one frame per viewer:
 * the points appended since that viewer's cursor, or a snapshot when the reader cannot give a delta.
 * A viewer whose send queue is full is skipped for that tick and the plot stays dirty, so it catches
 * up later from its unchanged cursor; nothing here ever waits on a socket.
 */
final class FanOut implements PlotChangeListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

    private final PlotReader plots;
    private final ViewerOptions options;
    private final Frames frames;
    private final Map<String, PlotViewers> viewersByPlot = new ConcurrentHashMap<>();
    private final Set<String> dirtyPlots = ConcurrentHashMap.newKeySet();
    private final AtomicInteger viewers = new AtomicInteger();
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder framesCoalesced = new LongAdder();
    private final LongAdder framesDropped = new LongAdder();
    private final LongAdder snapshotsSent = new LongAdder();
    private final Object tickerLock = new Object();
    private ScheduledExecutorService ticker;

    FanOut(PlotReader plots, ViewerOptions options, ObjectMapper mapper) {
        this.plots = plots;
        this.options = options;
        this.frames = new Frames(mapper);
    }

    /** Starts the one tick thread. Ticks are spaced by a fixed delay so a slow tick never causes a burst. */
    void start() {
        synchronized (tickerLock) {
            if (ticker != null) {
                return;
            }
            ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "viewer-fanout");
                thread.setDaemon(true);
                return thread;
            });
            long period = tickPeriodNanos();
            ticker.scheduleWithFixedDelay(this::tickSafely, period, period, TimeUnit.NANOSECONDS);
        }
    }

    long tickPeriodNanos() {
        return TimeUnit.SECONDS.toNanos(1) / options.maxPushesPerSecond();
    }

    /** Called on ingest threads: only marks the plot, never blocks. Plots nobody watches are ignored. */
    @Override
    public void plotChanged(String plotId) {
        PlotViewers watching = viewersByPlot.get(plotId);
        if (watching != null) {
            watching.changes.increment();
            dirtyPlots.add(plotId);
        }
    }

    /** Registers a viewer; empty when {@code maxViewers} are already open. Its snapshot goes out at the next tick. */
    Optional<Viewer> open(String plotId, FrameSink sink) {
        if (!reserveViewerSlot()) {
            return Optional.empty();
        }
        Viewer viewer = new Viewer(plotId, sink, options.viewerQueueFrames());
        viewersByPlot.compute(plotId, (id, watching) -> {
            PlotViewers result = watching == null ? new PlotViewers() : watching;
            result.viewers.add(viewer);
            return result;
        });
        dirtyPlots.add(plotId);
        return Optional.of(viewer);
    }

    /** True while another viewer may open (a cheap pre-check before a WebSocket upgrade). */
    boolean hasRoom() {
        return viewers.get() < options.maxViewers();
    }

    /** Forgets a viewer whose connection ended. Idempotent. */
    void closed(Viewer viewer) {
        viewersByPlot.computeIfPresent(viewer.plotId(), (id, watching) -> {
            if (watching.viewers.remove(viewer)) {
                viewers.decrementAndGet();
            }
            return watching.viewers.isEmpty() ? null : watching;
        });
        viewer.markClosed();
    }

    /** The browser asked for a whole figure again (e.g. it could not apply an extend). */
    void snapshotRequested(Viewer viewer) {
        viewer.wantSnapshot();
        dirtyPlots.add(viewer.plotId());
    }

    /** One push round: at most one frame per viewer of each dirty plot. Tick thread (or a test) only. */
    synchronized void tick() {
        // Take the dirty set first: a plot marked again during this round waits for the next one,
        // which keeps every plot at one push per viewer per tick.
        List<String> due = new ArrayList<>();
        for (Iterator<String> dirty = dirtyPlots.iterator(); dirty.hasNext(); ) {
            due.add(dirty.next());
            dirty.remove();
        }
        for (String plotId : due) {
            PlotViewers watching = viewersByPlot.get(plotId);
            if (watching != null) {
                push(plotId, watching);
            }
        }
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep ticking.
            LOG.error("viewer push round failed; next round goes on", e);
        }
    }

    private void push(String plotId, PlotViewers watching) {
        long changes = watching.changes.sumThenReset();
        PushRound round = new PushRound(plotId);
        boolean anySkipped = false;
        int pushed = 0;
        for (Viewer viewer : watching.viewers) {
            if (viewer.closed()) {
                continue;
            }
            if (viewer.queueFull()) {
                framesDropped.increment();
                anySkipped = true;
                continue;
            }
            try {
                if (round.pushTo(viewer)) {
                    pushed++;
                }
            } catch (RuntimeException e) {
                LOG.warn("push to a viewer of plot {} failed; it will get a snapshot", plotId, e);
                viewer.wantSnapshot();
                anySkipped = true;
            }
        }
        if (pushed > 0 && changes > 1) {
            framesCoalesced.add(changes - 1);
        }
        if (anySkipped) {
            // Keep the plot dirty so the skipped viewers catch up next round even if ingest goes quiet.
            dirtyPlots.add(plotId);
        }
    }

    /** What one tick computed for one plot, shared by all its viewers at the same cursor. */
    private final class PushRound {
        private final String plotId;
        private final Map<Cursor, Optional<PreparedDelta>> deltas = new HashMap<>();
        private PlotSnapshot snapshot;
        private String snapshotFrame;
        private boolean gone;

        PushRound(String plotId) {
            this.plotId = plotId;
        }

        /** @return whether a frame was queued for this viewer */
        boolean pushTo(Viewer viewer) {
            if (!viewer.snapshotWanted()) {
                Cursor cursor = new Cursor(viewer.structureVersion(), viewer.traceCounts());
                Optional<PreparedDelta> delta = deltas.computeIfAbsent(cursor, this::prepareDelta);
                if (delta.isPresent()) {
                    PreparedDelta prepared = delta.get();
                    if (prepared.frame == null) {
                        return false; // nothing new for this viewer
                    }
                    viewer.sent(viewer.structureVersion(), prepared.newCounts, false);
                    send(viewer, prepared.frame, false);
                    return true;
                }
            }
            return pushSnapshot(viewer);
        }

        private Optional<PreparedDelta> prepareDelta(Cursor cursor) {
            Optional<PlotDelta> delta = plots.deltaSince(plotId, cursor.structureVersion, cursor.traceCounts.clone());
            return delta.map(d -> d.traceIndices().length == 0
                    ? new PreparedDelta(null, d.traceCounts())
                    : new PreparedDelta(frames.extend(d), d.traceCounts()));
        }

        private boolean pushSnapshot(Viewer viewer) {
            if (snapshot == null && !gone) {
                Optional<PlotSnapshot> current = plots.snapshot(plotId);
                gone = current.isEmpty();
                if (!gone) {
                    snapshot = current.get();
                    snapshotFrame = frames.snapshot(snapshot);
                }
            }
            if (gone) {
                viewer.send(Frames.GONE, () -> closed(viewer));
                viewer.close("plot deleted");
                closed(viewer);
                return true;
            }
            viewer.sent(snapshot.structureVersion(), snapshot.traceCounts().clone(), true);
            send(viewer, snapshotFrame, true);
            return true;
        }

        private void send(Viewer viewer, String frame, boolean isSnapshot) {
            framesSent.increment();
            if (isSnapshot) {
                snapshotsSent.increment();
            }
            viewer.send(frame, () -> closed(viewer));
        }
    }

    private record PreparedDelta(String frame, long[] newCounts) {
    }

    /** A viewer's position: equal cursors get the same delta, computed and serialized once per tick. */
    private record Cursor(long structureVersion, long[] traceCounts) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Cursor that && structureVersion == that.structureVersion
                    && Arrays.equals(traceCounts, that.traceCounts);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(structureVersion) + Arrays.hashCode(traceCounts);
        }
    }

    private static final class PlotViewers {
        final List<Viewer> viewers = new CopyOnWriteArrayList<>();
        final LongAdder changes = new LongAdder();
    }

    private boolean reserveViewerSlot() {
        while (true) {
            int now = viewers.get();
            if (now >= options.maxViewers()) {
                return false;
            }
            if (viewers.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    ViewerStats stats() {
        return new ViewerStats(viewers.get(), framesSent.sum(), framesCoalesced.sum(), framesDropped.sum(),
                snapshotsSent.sum());
    }

    /** Viewers of one plot, for tests. */
    List<Viewer> viewersOf(String plotId) {
        PlotViewers watching = viewersByPlot.get(plotId);
        return watching == null ? List.of() : new ArrayList<>(watching.viewers);
    }

    /** Stops ticking and closes every viewer. */
    @Override
    public void close() {
        synchronized (tickerLock) {
            if (ticker != null) {
                ticker.shutdownNow();
                try {
                    ticker.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ticker = null;
            }
        }
        for (PlotViewers watching : viewersByPlot.values()) {
            for (Viewer viewer : watching.viewers) {
                viewer.close("server shutting down");
                closed(viewer);
            }
        }
    }
}
