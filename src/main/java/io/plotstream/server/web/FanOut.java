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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Pushes plot changes to viewers, coalesced per plot.
 *
 * <p>Ingest threads only mark a plot dirty ({@link #plotChanged}); one tick thread, every
 * {@code 1/maxPushesPerSecond} seconds, turns each dirty plot into at most one frame per
 * subscription (a socket watching that plot): the points appended since its cursor, or a snapshot
 * when the reader cannot give a delta. Each distinct frame is built and UTF-8 encoded once per plot
 * and cursor, and the same bytes go to every socket at that cursor (sockets that opened together
 * or keep up stay at the same cursor, so normally one encoding per plot per tick).
 *
 * <p>A subscription may carry its panel's width ({@link Subscription#width}, set from socket
 * threads); its snapshots are then cut to that width's bucket ({@link PanelWidth#bucket}) by
 * {@link PixelReduction}, once per plot and bucket per tick, and shared like any other frame.
 * Extends do not depend on the width: every subscription at a cursor shares one.
 *
 * <p>A socket whose send queue is full is skipped for that tick and the plot stays dirty, so it
 * catches up later from its unchanged cursor; nothing here ever waits on a socket.
 *
 * <p>Snapshot frames carry {@code ageMs}, from {@link PlotSnapshot#lastUpdateMs} and this fan-out's
 * wall clock, fixed when the frame is encoded (all viewers of that round get the same value).
 *
 * <p>Invariants: cursors ({@link Subscription}) are read and written on the tick thread only;
 * {@link #tick} is the only place frames are made; one tick per plot per period at most.
 */
final class FanOut implements PlotChangeListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

    private final PlotReader plots;
    private final ViewerOptions options;
    private final Frames frames;
    private final LongSupplier wallClockMs;
    private final Map<String, PlotViewers> viewersByPlot = new ConcurrentHashMap<>();
    private final Set<String> dirtyPlots = ConcurrentHashMap.newKeySet();
    private final AtomicInteger viewers = new AtomicInteger();
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder framesCoalesced = new LongAdder();
    private final LongAdder framesDropped = new LongAdder();
    private final LongAdder snapshotsSent = new LongAdder();
    private final Object tickerLock = new Object();
    /** The engine's state as last reported (any thread writes); the tick tells viewers when it differs from {@link #toldEngine}. */
    private volatile EngineState engine = EngineState.LIVE;
    /** What every open viewer was last told of the engine; tick thread only. */
    private EngineState toldEngine = EngineState.LIVE;
    /** Viewers opened since the last tick, who must hear of a lost engine too; drained by the tick. */
    private final java.util.Queue<Viewer> openedSinceTick = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private ScheduledExecutorService ticker;

    FanOut(PlotReader plots, ViewerOptions options, ObjectMapper mapper) {
        this(plots, options, mapper, System::currentTimeMillis);
    }

    FanOut(PlotReader plots, ViewerOptions options, ObjectMapper mapper, LongSupplier wallClockMs) {
        this.plots = plots;
        this.options = options;
        this.frames = new Frames(mapper);
        this.wallClockMs = wallClockMs;
    }

    /**
     * Starts the one tick thread. Each tick starts one period after the previous one STARTED (so
     * the tick's own work does not stretch the period), or at once when a tick overran its period;
     * never earlier, so a stall (GC, busy machine) is not followed by a burst of catch-up ticks.
     */
    void start() {
        synchronized (tickerLock) {
            if (ticker != null) {
                return;
            }
            ScheduledExecutorService created = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "viewer-fanout");
                thread.setDaemon(true);
                return thread;
            });
            ticker = created;
            created.schedule(() -> runTick(created), tickPeriodNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void runTick(ScheduledExecutorService on) {
        long started = System.nanoTime();
        tickSafely();
        long delay = Math.max(0, started + tickPeriodNanos() - System.nanoTime());
        try {
            on.schedule(() -> runTick(on), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            // close() stopped the ticker: no more rounds.
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

    /** A single-plot socket ({@code /ws/plots/{id}}); see {@link #open(List, boolean, FrameSink)}. */
    Optional<Viewer> open(String plotId, FrameSink sink) {
        return open(List.of(plotId), false, sink);
    }

    /**
     * Registers one socket watching {@code plotIds} (distinct, validated ids; unknown ones get a
     * {@code missing} frame); empty when {@code maxViewers} sockets are already open. Snapshots go
     * out at the next tick.
     */
    Optional<Viewer> open(List<String> plotIds, boolean multiplexed, FrameSink sink) {
        return open(plotIds, multiplexed, sink, PanelWidth.NONE);
    }

    /** As {@link #open(List, boolean, FrameSink)}, every subscription starting at the socket URL's {@code width}. */
    Optional<Viewer> open(List<String> plotIds, boolean multiplexed, FrameSink sink, int width) {
        if (!reserveViewerSlot()) {
            return Optional.empty();
        }
        Viewer viewer = new Viewer(sink, options.viewerQueueFrames(), multiplexed);
        List<Subscription> subscriptions = new ArrayList<>(plotIds.size());
        for (String plotId : plotIds) {
            subscriptions.add(new Subscription(plotId, viewer, width));
        }
        viewer.subscribe(subscriptions);
        openedSinceTick.add(viewer);
        for (Subscription subscription : subscriptions) {
            viewersByPlot.compute(subscription.plotId(), (id, watching) -> {
                PlotViewers result = watching == null ? new PlotViewers() : watching;
                result.subscriptions.add(subscription);
                return result;
            });
            dirtyPlots.add(subscription.plotId());
        }
        if (viewer.closed()) {
            unsubscribe(viewer); // closed while opening: take back what was added after it
        }
        return Optional.of(viewer);
    }

    /** True while another viewer may open (a cheap pre-check before a WebSocket upgrade). */
    boolean hasRoom() {
        return viewers.get() < options.maxViewers();
    }

    /** Forgets a socket whose connection ended, with all its plots. Idempotent; frees its slot once. */
    void closed(Viewer viewer) {
        viewer.markClosed();
        if (viewer.forget()) {
            unsubscribe(viewer);
            viewers.decrementAndGet();
        }
    }

    private void unsubscribe(Viewer viewer) {
        for (Subscription subscription : viewer.subscriptions()) {
            viewersByPlot.computeIfPresent(subscription.plotId(), (id, watching) -> {
                watching.subscriptions.remove(subscription);
                return watching.subscriptions.isEmpty() ? null : watching;
            });
        }
    }

    /** The browser asked for a whole figure again (it could not apply an extend): every plot of its socket. */
    void snapshotRequested(Viewer viewer) {
        for (Subscription subscription : viewer.subscriptions()) {
            subscription.wantSnapshot();
            dirtyPlots.add(subscription.plotId());
        }
    }

    /** {@code {"resync":"id"}}: a whole figure of one plot of the socket; ignored for a plot it does not watch. */
    void snapshotRequested(Viewer viewer, String plotId) {
        Subscription subscription = viewer.subscription(plotId);
        if (subscription != null) {
            subscription.wantSnapshot();
            dirtyPlots.add(plotId);
        }
    }

    /**
     * {@code {"view":"id","width":N}}: the panel of that plot is {@code width} px wide (already
     * validated): store it on the subscription and send a snapshot reduced to it when its bucket changed. Ignored for a
     * plot the socket does not watch. Socket thread: only publishes; the tick reads.
     */
    void viewRequested(Viewer viewer, String plotId, int width) {
        Subscription subscription = viewer.subscription(plotId);
        if (subscription != null) {
            subscription.viewWidth(width);
            dirtyPlots.add(plotId);
        }
    }

    /** One push round: at most one frame per subscription of each dirty plot. Tick thread (or a test) only. */
    synchronized void tick() {
        tellEngineState();
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

    /**
     * The cluster's engine was lost ({@code live} false, with the reason) or is back: viewers keep what
     * they have and show it as stale meanwhile. Any thread; the next tick tells every open socket once,
     * and a socket opened while the engine is lost hears of it with its first frames.
     */
    void engineState(boolean live, String reason) {
        engine = live ? EngineState.LIVE : new EngineState(false, reason == null ? "" : reason);
    }

    private void tellEngineState() {
        EngineState now = engine;
        if (!now.equals(toldEngine)) {
            EncodedFrame frame = frames.engine(now.live(), now.reason());
            java.util.Set<Viewer> told = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (PlotViewers watching : viewersByPlot.values()) {
                for (Subscription subscription : watching.subscriptions) {
                    Viewer viewer = subscription.viewer();
                    if (!viewer.closed() && told.add(viewer)) {
                        viewer.send(frame, () -> closed(viewer));
                    }
                }
            }
            toldEngine = now;
            openedSinceTick.clear();
            return;
        }
        Viewer opened;
        EncodedFrame frame = null;
        while ((opened = openedSinceTick.poll()) != null) {
            if (!now.live() && !opened.closed()) {
                frame = frame != null ? frame : frames.engine(false, now.reason());
                Viewer viewer = opened;
                viewer.send(frame, () -> closed(viewer));
            }
        }
    }

    /** Whether the cluster's engine is reachable, and why not. */
    private record EngineState(boolean live, String reason) {
        static final EngineState LIVE = new EngineState(true, "");
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
        for (Subscription subscription : watching.subscriptions) {
            Viewer viewer = subscription.viewer();
            if (viewer.closed()) {
                continue;
            }
            if (viewer.queueFull()) {
                framesDropped.increment();
                anySkipped = true;
                continue;
            }
            try {
                if (round.pushTo(subscription)) {
                    pushed++;
                }
            } catch (RuntimeException e) {
                LOG.warn("push to a viewer of plot {} failed; it will get a snapshot", plotId, e);
                subscription.wantSnapshot();
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

    /** What one tick computed for one plot, shared by all its subscriptions at the same cursor. */
    private final class PushRound {
        private final String plotId;
        private final Map<Cursor, Optional<PreparedDelta>> deltas = new HashMap<>();
        private boolean snapshotLoaded;
        private PlotSnapshot snapshot;
        private long snapshotAgeMs;
        /** Per width bucket ({@link PanelWidth#NONE}: whole), the snapshot frame: encoded once per round. */
        private final Map<Integer, EncodedFrame> snapshotFrames = new HashMap<>();
        private EncodedFrame goneFrame;
        private EncodedFrame missingFrame;

        PushRound(String plotId) {
            this.plotId = plotId;
        }

        /** @return whether a frame was queued for this subscription */
        boolean pushTo(Subscription subscription) {
            if (!subscription.snapshotWanted()) {
                Cursor cursor = new Cursor(subscription.structureVersion(), subscription.traceCounts());
                Optional<PreparedDelta> delta = deltas.computeIfAbsent(cursor, this::prepareDelta);
                if (delta.isPresent()) {
                    PreparedDelta prepared = delta.get();
                    if (prepared.frame == null) {
                        return false; // nothing new for this viewer
                    }
                    subscription.sent(subscription.structureVersion(), prepared.newCounts, false);
                    send(subscription.viewer(), prepared.frame, false);
                    return true;
                }
            }
            return pushSnapshot(subscription);
        }

        private Optional<PreparedDelta> prepareDelta(Cursor cursor) {
            Optional<PlotDelta> delta = plots.deltaSince(plotId, cursor.structureVersion, cursor.traceCounts.clone());
            return delta.map(d -> d.traceIndices().length == 0
                    ? new PreparedDelta(null, d.traceCounts())
                    : new PreparedDelta(frames.extend(plotId, d), d.traceCounts()));
        }

        private boolean pushSnapshot(Subscription subscription) {
            if (!snapshotLoaded) {
                snapshotLoaded = true;
                snapshot = plots.snapshot(plotId).orElse(null);
                if (snapshot != null) {
                    snapshotAgeMs = ageMs(snapshot);
                }
            }
            Viewer viewer = subscription.viewer();
            if (snapshot == null) {
                return absent(subscription, viewer);
            }
            int width = subscription.width();
            EncodedFrame frame = snapshotFrame(PanelWidth.bucket(width));
            subscription.sent(snapshot.structureVersion(), snapshot.traceCounts().clone(), true, width);
            send(viewer, frame, true);
            return true;
        }

        /**
         * The snapshot for panels of one width bucket, reduced and encoded once per round; a bucket
         * whose reduction cut nothing shares the whole snapshot's bytes.
         */
        private EncodedFrame snapshotFrame(int bucket) {
            EncodedFrame cached = snapshotFrames.get(bucket);
            if (cached != null) {
                return cached;
            }
            EncodedFrame frame;
            if (bucket == PanelWidth.NONE) {
                frame = frames.snapshot(snapshot, snapshotAgeMs);
            } else {
                PixelReduction.Result reduction = PixelReduction.reduce(snapshot, bucket);
                frame = reduction.reduced() ? frames.snapshot(snapshot, snapshotAgeMs, reduction)
                        : snapshotFrame(PanelWidth.NONE);
            }
            snapshotFrames.put(bucket, frame);
            return frame;
        }

        /** The plot does not exist (now): tell the browser once, in the socket's terms. */
        private boolean absent(Subscription subscription, Viewer viewer) {
            Subscription.Told told = subscription.told();
            if (told == Subscription.Told.MISSING || told == Subscription.Told.GONE) {
                subscription.absent(told);
                return false; // already said so
            }
            if (!viewer.multiplexed()) {
                // The single-plot socket's plot was deleted (or vanished between upgrade and first push).
                if (goneFrame == null) {
                    goneFrame = frames.gone(plotId);
                }
                viewer.send(goneFrame, () -> closed(viewer));
                viewer.close("plot deleted");
                closed(viewer);
                return true;
            }
            if (told == Subscription.Told.LIVE) {
                if (goneFrame == null) {
                    goneFrame = frames.gone(plotId);
                }
                subscription.absent(Subscription.Told.GONE);
                send(viewer, goneFrame, false);
            } else {
                if (missingFrame == null) {
                    missingFrame = frames.missing(plotId);
                }
                subscription.absent(Subscription.Told.MISSING);
                send(viewer, missingFrame, false);
            }
            return true;
        }

        private long ageMs(PlotSnapshot current) {
            long lastUpdate = current.lastUpdateMs();
            return lastUpdate <= 0 ? -1 : Math.max(0, wallClockMs.getAsLong() - lastUpdate);
        }

        private void send(Viewer viewer, EncodedFrame frame, boolean isSnapshot) {
            framesSent.increment();
            if (isSnapshot) {
                snapshotsSent.increment();
            }
            viewer.send(frame, () -> closed(viewer));
        }
    }

    private record PreparedDelta(EncodedFrame frame, long[] newCounts) {
    }

    /** A subscription's position: equal cursors get the same delta, computed and encoded once per tick. */
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
        final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
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
                snapshotsSent.sum(), frames.encoded());
    }

    /** Sockets watching one plot, for tests. */
    List<Viewer> viewersOf(String plotId) {
        PlotViewers watching = viewersByPlot.get(plotId);
        return watching == null ? List.of()
                : watching.subscriptions.stream().map(Subscription::viewer).distinct().toList();
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
        Set<Viewer> open = new java.util.LinkedHashSet<>();
        for (PlotViewers watching : viewersByPlot.values()) {
            for (Subscription subscription : watching.subscriptions) {
                open.add(subscription.viewer());
            }
        }
        for (Viewer viewer : open) {
            viewer.close("server shutting down");
            closed(viewer);
        }
    }
}
