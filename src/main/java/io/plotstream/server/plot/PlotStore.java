package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.log.LogUnavailableException;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.RecoveryReport;
import io.plotstream.server.log.SharedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;

/**
 * All live plots and the token → traces index, implementing {@link PlotReader} for the viewer side.
 *
 * <p>Writes look their token up in an immutable index map replaced (under {@link #definitions}) on every
 * definition change, so the hot path takes no store-wide lock: only the written plot's own lock.
 *
 * <p>The producer of the plots' operations: each change is stamped with the clock once, encoded
 * ({@link PlotOps}), appended to the {@link OperationLog} under the plot's lock and then applied to
 * the {@link Plot} under the same lock, so the log's order of a plot is its apply order. Definition
 * changes (create, replace, delete) wait until their record is durable before they return;
 * stream writes return the appends' future, which the ingest path turns into acknowledgements.
 * {@link #recover} replays the records after each plot's checkpoint at start.
 */
public final class PlotStore implements PlotReader {

    private static final Logger LOG = LoggerFactory.getLogger(PlotStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How long an API definition change waits for its record to be durable before it fails. */
    private static final long DEFINITION_WAIT_SECONDS = 30;

    /** How often {@link #startSweeping} trims time windows of quiet streams. */
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final Figures figures;
    private final int maxPlots;
    private final HistoryBudget historyBudget;
    private final Clock clock;
    private final OperationLog log;
    /** Append-then-apply for a log of our own, append-and-let-the-tail-apply for a shared one; chosen once. */
    private final PlotChanges changes;
    private ScheduledExecutorService sweeper;
    private final Map<String, Plot> plots = new ConcurrentHashMap<>();
    private volatile Map<String, List<TokenBinding>> tokenIndex = Map.of();
    private final List<PlotChangeListener> changeListeners = new CopyOnWriteArrayList<>();
    private final List<PlotLifecycleListener> lifecycleListeners = new CopyOnWriteArrayList<>();
    /** Serialises definition changes (create, redefine, delete) and index rebuilds; never taken by writes. */
    final Object definitions = new Object();

    /** A store with the default history caps ({@link HistoryLimits#DEFAULT}) on the system clock. */
    public PlotStore(Figures figures, int maxPlots) {
        this(figures, maxPlots, HistoryLimits.DEFAULT, Clock.systemUTC());
    }

    /**
     * @param history caps of the downsampled history per trace and in total ({@link HistoryLimits#OFF}: none)
     * @param clock   wall clock for arrival times, time windows and {@code lastUpdateMs} (tests inject one)
     */
    public PlotStore(Figures figures, int maxPlots, HistoryLimits history, Clock clock) {
        this(figures, maxPlots, history, clock, new NoLog());
    }

    /** @param log where every change is appended before it is applied ({@link NoLog}: nowhere) */
    public PlotStore(Figures figures, int maxPlots, HistoryLimits history, Clock clock, OperationLog log) {
        this(figures, maxPlots, history, clock, log, null);
    }

    /**
     * @param cluster how this node takes part in a cluster over a {@link SharedLog} (its id, how long
     *                it waits for its own changes to come back); required when {@code log} is one
     */
    public PlotStore(Figures figures, int maxPlots, HistoryLimits history, Clock clock, OperationLog log,
                     ClusterNode cluster) {
        this.log = log;
        this.figures = figures;
        this.maxPlots = maxPlots;
        this.historyBudget = new HistoryBudget(history);
        this.clock = clock;
        if (log instanceof SharedLog shared) {
            this.changes = new SharedPlotChanges(this, shared, clock, java.util.Objects.requireNonNull(cluster,
                    "a store over a shared log needs its cluster node"));
        } else {
            this.changes = new LocalPlotChanges(this, clock);
        }
    }

    public HistoryLimits historyLimits() {
        return historyBudget.limits();
    }

    /** Bytes all histories hold now (what {@link HistoryLimits#bytesTotal()} bounds). */
    public long historyBytes() {
        return historyBudget.used();
    }

    /**
     * Trims every time-limited window by age and tells the listeners of each plot that lost points
     * (so viewers get an extend with the shorter lengths). Runs on the sweeper thread; each plot's
     * lock is held only for its own trim.
     *
     * @return how many plots changed
     */
    public int trimAged() {
        int changed = 0;
        for (Plot plot : plots.values()) {
            if (changes.trimAged(plot, clock.millis())) {
                changed++;
                notifyChanged(plot.id());
            }
        }
        return changed;
    }

    /** Starts trimming time windows every {@link #SWEEP_INTERVAL} on a daemon thread (idempotent). */
    public synchronized void startSweeping() {
        if (sweeper != null) {
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plot-window-sweep");
            t.setDaemon(true);
            return t;
        });
        long millis = SWEEP_INTERVAL.toMillis();
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                trimAged();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(PlotStore.class).error("Trimming time windows failed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the sweeper thread, if started. */
    public synchronized void stopSweeping() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            try {
                sweeper.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sweeper = null;
        }
    }

    public Figures figures() {
        return figures;
    }

    @Override
    public void addListener(PlotChangeListener listener) {
        changeListeners.add(listener);
    }

    public void addLifecycleListener(PlotLifecycleListener listener) {
        lifecycleListeners.add(listener);
    }

    /** Creates a plot; a null id gets a random one. */
    public Plot create(String requestedId, JsonNode figure) {
        return changes.create(requestedId, figures.parse(figure), figureBytes(figure));
    }

    /** Creates the plot or replaces its definition; returns true when it was created. */
    public boolean put(String id, JsonNode figure) {
        return changes.put(id, figures.parse(figure), figureBytes(figure));
    }

    /** Restores a saved plot at start (definition from the data directory, then its windows). */
    public Plot restore(String id, JsonNode figure, JsonNode windows) {
        return restore(id, figure, windows, null);
    }

    /** Restores a saved plot with its windows and histories (either may be null: not saved yet, or an older server's files). */
    public Plot restore(String id, JsonNode figure, JsonNode windows, JsonNode history) {
        return restore(id, figure, windows, history, OperationLog.NONE);
    }

    /**
     * Restores a plot from its checkpoint (not an operation: nothing is logged), which covers the
     * log up to {@code position}; {@link #recover} then replays what came after.
     */
    public Plot restore(String id, JsonNode figure, JsonNode windows, JsonNode history, long position) {
        PlotDefinition definition = figures.parse(figure);
        long now = clock.millis(); // arrival time only for points of files written before arrival stamps were saved
        Plot plot;
        synchronized (definitions) {
            plot = add(checkedId(id), definition, now);
        }
        restoreState(plot, windows, history, position, now);
        return plot;
    }

    /** Deletes a plot once its deletion is durable in the log; false when there is none of that id. */
    public boolean delete(String id) {
        return changes.delete(id);
    }

    /** A checkpoint's windows and history (either may be null) onto a new plot, which then covers {@code position}. */
    private static void restoreState(Plot plot, JsonNode windows, JsonNode history, long position, long now) {
        synchronized (plot) {
            if (windows != null) {
                plot.restoreWindows(windows, now);
            }
            if (history != null) {
                plot.restoreHistory(history);
            }
            plot.logged(CompletableFuture.completedFuture(position));
        }
    }

    /**
     * Replays the log at start, after the checkpoints were restored: every intact record after its
     * plot's checkpoint, in order, applied with the time recorded in it (no record is appended).
     * A record that cannot be applied (a figure this configuration refuses now, a line the parser
     * refuses) is logged and skipped; the rest goes on.
     */
    public RecoveryReport recover(ToLongFunction<String> checkpointOf, LineDecoder decoder) throws IOException {
        return log.recover(checkpointOf, (plotId, position, record) -> {
            try {
                if (apply(plotId, position, record, decoder) == Applied.UNKNOWN_PLOT) {
                    LOG.error("Skipping log record of plot {} at position {}: the plot does not exist (it was deleted)",
                            plotId, position);
                }
            } catch (RuntimeException e) {
                LOG.error("Skipping log record of plot {} at position {}: {}", plotId, position, e.getMessage());
            }
        });
    }

    /** What applying one log record did (so a cluster node's tail knows whom to tell). */
    enum Applied {
        /** A plot was created or redefined. */
        DEFINED,
        /** A plot was deleted (or its deletion came for a plot this node does not hold). */
        DELETED,
        /** Points or a trim changed the plot's windows. */
        CHANGED,
        /** Already applied (a position at or before the plot's last), or a trim that moved nothing. */
        UNCHANGED,
        /** Writes or a trim of a plot this node does not hold. */
        UNKNOWN_PLOT
    }

    /**
     * Applies one record of the log under the plot's lock with the time recorded in it, and stamps
     * the plot with its position (what a checkpoint of this state covers). Records at or before the
     * plot's last position are skipped: a tail re-reading after a reload applies each record once.
     * Tells nobody: replay at start has no listeners; a cluster node's tail tells them by the outcome.
     */
    Applied apply(String plotId, long position, byte[] record, LineDecoder decoder) {
        PlotOps.Op op = PlotOps.decode(record);
        long now = op.nowMs();
        Plot plot = plots.get(plotId);
        if (plot != null && position != OperationLog.NONE && position <= plot.lastOp().getNow(OperationLog.NONE)) {
            return Applied.UNCHANGED;
        }
        switch (op.type()) {
            case PlotOps.DEFINE -> {
                PlotDefinition definition;
                try {
                    definition = figures.parse(MAPPER.readTree(op.figure()));
                } catch (IOException e) {
                    throw new IllegalArgumentException("figure is not JSON: " + e.getMessage(), e);
                }
                synchronized (definitions) {
                    if (plot == null) {
                        plot = add(checkedId(plotId), definition, now);
                        synchronized (plot) {
                            plot.logged(CompletableFuture.completedFuture(position));
                        }
                    } else {
                        synchronized (plot) {
                            plot.redefine(definition, now);
                            plot.logged(CompletableFuture.completedFuture(position));
                        }
                        rebuildIndex();
                    }
                }
                return Applied.DEFINED;
            }
            case PlotOps.DELETE -> {
                if (plot != null) {
                    synchronized (definitions) {
                        synchronized (plot) {
                            plot.markDeleted();
                            plot.logged(CompletableFuture.completedFuture(position));
                        }
                        remove(plotId);
                    }
                    plot.release();
                }
                return Applied.DELETED;
            }
            case PlotOps.WRITES -> {
                if (plot == null) {
                    return Applied.UNKNOWN_PLOT;
                }
                synchronized (plot) {
                    for (PlotOps.Line line : op.lines()) {
                        StreamWrite write = decoder.decode(line.bytes(), 0, line.bytes().length);
                        if (write != null) {
                            plot.apply(line.traceIndices(), write, now);
                        }
                    }
                    plot.logged(CompletableFuture.completedFuture(position));
                }
                return Applied.CHANGED;
            }
            case PlotOps.TRIM -> {
                if (plot == null) {
                    return Applied.UNKNOWN_PLOT;
                }
                boolean trimmed;
                synchronized (plot) {
                    trimmed = plot.trimAged(now);
                    plot.logged(CompletableFuture.completedFuture(position));
                }
                return trimmed ? Applied.CHANGED : Applied.UNCHANGED;
            }
            default -> throw new IllegalArgumentException("unknown record type " + op.type());
        }
    }

    /**
     * Replaces (or adds) a plot with the state of a stored checkpoint, which covers the log up to
     * {@code position}: for a cluster node whose tail found the records before it trimmed away. The
     * replica's cursors (structure version, appended counts) come from the checkpoint, so viewers'
     * cursors stay valid. Viewers hear of it; nothing is logged.
     */
    Plot reload(String id, JsonNode figure, JsonNode windows, JsonNode history, long position) {
        PlotDefinition definition = figures.parse(figure);
        long now = clock.millis();
        Plot plot = newPlot(checkedId(id), definition, now);
        restoreState(plot, windows, history, position, now);
        Plot previous;
        synchronized (definitions) {
            previous = plots.get(id);
            if (previous == null) {
                checkRoomForOneMore();
            }
            put(plot);
        }
        if (previous != null) {
            previous.release();
        }
        notifyChanged(id);
        return plot;
    }

    /**
     * The listener of a shared log's tail that feeds this store's replicas (cluster mode only).
     *
     * @param dashboardChanged told when a dashboard changed through another node
     * @param reachable        told when the shared log is lost or back
     */
    public ReplicaFeed replicaFeed(LineDecoder decoder, java.util.function.Consumer<String> dashboardChanged,
                                   java.util.function.Consumer<Boolean> reachable) {
        if (!(changes instanceof SharedPlotChanges shared)) {
            throw new IllegalStateException("a replica feed needs a store over a shared log");
        }
        return new ReplicaFeed(this, (SharedLog) log, decoder, shared.applied(), dashboardChanged, reachable);
    }

    /** Whether this node is the plot's steward now (cluster mode: it alone checkpoints it); always true on one server. */
    public boolean steward(String plotId) {
        return !(changes instanceof SharedPlotChanges shared) || shared.leases().holds(plotId);
    }

    /** The log this store appends to (for health and checkpoints). */
    public OperationLog log() {
        return log;
    }

    /** The log position of the last record applied to a plot ({@link OperationLog#NONE}: none, or no such plot). */
    public long position(String plotId) {
        Plot plot = plots.get(plotId);
        return plot == null ? OperationLog.NONE : plot.lastOp().getNow(OperationLog.NONE);
    }

    public Optional<Plot> plot(String id) {
        return Optional.ofNullable(id == null ? null : plots.get(id));
    }

    public int size() {
        return plots.size();
    }

    /** The traces a token feeds; empty when the token is bound to none. */
    public List<TokenBinding> bindings(String token) {
        return tokenIndex.getOrDefault(token, List.of());
    }

    /**
     * The bindings of the token a new stream names: in a cluster, a plot defined through another node
     * a moment ago is waited for (up to a second) rather than refused; one server answers at once.
     */
    public List<TokenBinding> bindingsForNewStream(String token) {
        return changes.bindingsForNewStream(token);
    }

    /**
     * Open mode: the bindings of a token, creating a one-trace plot for it when it has none.
     *
     * @throws PlotLimitException when the plot limit is reached
     */
    public List<TokenBinding> bindOpenModeToken(String token) {
        List<TokenBinding> existing = bindings(token);
        return existing.isEmpty() ? changes.bindOpenModeToken(token) : existing;
    }

    /**
     * Applies one decoded write to every trace the token feeds (one record per plot, the write
     * encoded as a line again); for callers without the received bytes (tests, benchmarks).
     */
    public CompletableFuture<Void> write(List<TokenBinding> bindings, StreamWrite write) {
        WriteBatch batch = new WriteBatch();
        byte[] line = write.toLine();
        batch.add(bindings, write, line, 0, line.length);
        return write(batch);
    }

    /**
     * Logs and applies one chunk's writes: per plot, one record appended and its writes applied under
     * the plot's lock, then the listeners told (they only mark dirty). The future completes when every
     * record is durable, or exceptionally ({@link LogUnavailableException}) when one cannot be made so;
     * the writes are applied either way (viewers see them), but only a completed future lets the
     * ingest path acknowledge them.
     */
    public CompletableFuture<Void> write(WriteBatch batch) {
        Map<Plot, WriteBatch.PlotWrites> byPlot = batch.byPlot();
        if (byPlot.size() == 1) {
            Map.Entry<Plot, WriteBatch.PlotWrites> only = byPlot.entrySet().iterator().next();
            return write(only.getKey(), only.getValue()).thenApply(position -> null);
        }
        CompletableFuture<?>[] appends = new CompletableFuture<?>[byPlot.size()];
        int i = 0;
        for (Map.Entry<Plot, WriteBatch.PlotWrites> entry : byPlot.entrySet()) {
            appends[i++] = write(entry.getKey(), entry.getValue());
        }
        return CompletableFuture.allOf(appends);
    }

    private CompletableFuture<Long> write(Plot plot, WriteBatch.PlotWrites writes) {
        return changes.write(plot, writes);
    }

    @Override
    public List<PlotSummary> plots() {
        List<PlotSummary> out = new ArrayList<>();
        for (Plot plot : plots.values()) {
            out.add(plot.summary());
        }
        out.sort(Comparator.comparing(PlotSummary::id));
        return out;
    }

    public List<Plot> all() {
        return List.copyOf(plots.values());
    }

    @Override
    public Optional<PlotSnapshot> snapshot(String plotId) {
        return plot(plotId).map(Plot::snapshot);
    }

    @Override
    public Optional<PlotDelta> deltaSince(String plotId, long structureVersion, long[] traceCounts) {
        Plot plot = plotId == null ? null : plots.get(plotId);
        return plot == null ? Optional.empty() : plot.deltaSince(structureVersion, traceCounts);
    }

    /** Tokens bound to a plot (for metrics labels). */
    public Map<String, List<String>> plotIdsByToken() {
        Map<String, List<String>> out = new HashMap<>();
        tokenIndex.forEach((token, bindings) -> out.put(token, bindings.stream().map(b -> b.plot().id()).toList()));
        return out;
    }

    /** Adds a plot without logging (restore and replay). Caller holds {@link #definitions}. */
    private Plot add(String id, PlotDefinition definition, long now) {
        if (plots.size() >= maxPlots) {
            throw new PlotLimitException("plot limit of " + maxPlots + " reached");
        }
        Plot plot = new Plot(id, definition, historyBudget, now);
        plots.put(id, plot);
        rebuildIndex();
        return plot;
    }

    /** A plot of this store not yet in it (its history shares the store's budget). */
    Plot newPlot(String id, PlotDefinition definition, long now) {
        return new Plot(id, definition, historyBudget, now);
    }

    /** Throws {@link PlotLimitException} when one more plot would pass the limit. */
    void checkRoomForOneMore() {
        if (plots.size() >= maxPlots) {
            throw new PlotLimitException("plot limit of " + maxPlots + " reached");
        }
    }

    /** Publishes a plot (new, or replacing one of its id). Caller holds {@link #definitions}. */
    void put(Plot plot) {
        plots.put(plot.id(), plot);
        rebuildIndex();
    }

    /** Removes a plot from the index. Caller holds {@link #definitions}. */
    void remove(String id) {
        plots.remove(id);
        rebuildIndex();
    }

    /** Appends a record; an engine that throws instead of failing the future is treated the same. */
    CompletableFuture<Long> append(String plotId, byte[] record) {
        try {
            return log.append(plotId, record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e instanceof LogUnavailableException ? e
                    : new LogUnavailableException("append failed: " + e.getMessage(), e));
        }
    }

    /** Waits for a definition change's record to be durable; the API call fails when it is not. */
    static long durable(CompletableFuture<Long> append, String what) {
        try {
            return append.get(DEFINITION_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException(what + ": interrupted while waiting for the log", e);
        } catch (ExecutionException e) {
            throw new LogUnavailableException(what + ": the log could not make it durable: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LogUnavailableException(what + ": the log did not make it durable within " + DEFINITION_WAIT_SECONDS + " s", e);
        }
    }

    private static byte[] figureBytes(JsonNode figure) {
        return figure.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A deletion is durable (local) or applied (shared): listeners drop the plot's checkpoint, viewers hear of it. */
    void deleted(String id) {
        lifecycleListeners.forEach(l -> l.deleted(id));
        notifyChanged(id);
    }

    void defined(Plot plot) {
        lifecycleListeners.forEach(l -> l.defined(plot));
        notifyChanged(plot.id());
    }

    void notifyChanged(String id) {
        for (PlotChangeListener listener : changeListeners) {
            listener.plotChanged(id);
        }
    }

    void rebuildIndex() {
        Map<String, List<TokenBinding>> index = new HashMap<>();
        for (Plot plot : plots.values()) {
            plot.tokenBindings().forEach((token, traces) ->
                    index.computeIfAbsent(token, t -> new ArrayList<>()).add(new TokenBinding(plot, traces)));
        }
        index.replaceAll((token, list) -> List.copyOf(list));
        tokenIndex = Map.copyOf(index);
    }

    String freshId() {
        String id;
        do {
            id = PlotIds.random();
        } while (plots.containsKey(id));
        return id;
    }

    static String checkedId(String id) {
        if (!PlotIds.isValid(id)) {
            throw new InvalidFigureException("id: '" + id + "' must be 1 to 64 characters of [A-Za-z0-9_-], starting with a letter or digit");
        }
        return id;
    }
}
