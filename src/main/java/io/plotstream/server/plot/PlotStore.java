package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.log.LogUnavailableException;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.RecoveryReport;
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
    private ScheduledExecutorService sweeper;
    private final Map<String, Plot> plots = new ConcurrentHashMap<>();
    private volatile Map<String, List<TokenBinding>> tokenIndex = Map.of();
    private final List<PlotChangeListener> changeListeners = new CopyOnWriteArrayList<>();
    private final List<PlotLifecycleListener> lifecycleListeners = new CopyOnWriteArrayList<>();
    /** Serialises definition changes (create, redefine, delete) and index rebuilds; never taken by writes. */
    private final Object definitions = new Object();

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
        this.log = log;
        this.figures = figures;
        this.maxPlots = maxPlots;
        this.historyBudget = new HistoryBudget(history);
        this.clock = clock;
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
            long now = clock.millis();
            synchronized (plot) {
                if (plot.isDeleted() || !plot.hasAged(now)) {
                    continue;
                }
                CompletableFuture<Long> append = append(plot.id(), PlotOps.trim(now));
                plot.trimAged(now);
                plot.logged(append);
            }
            changed++;
            notifyChanged(plot.id());
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
        PlotDefinition definition = figures.parse(figure);
        Plot plot;
        synchronized (definitions) {
            String id = requestedId == null ? freshId() : checkedId(requestedId);
            if (plots.containsKey(id)) {
                throw new PlotConflictException("plot '" + id + "' already exists (PUT /api/plots/" + id + " replaces it)");
            }
            plot = addLogged(id, definition, figureBytes(figure));
        }
        durable(plot.lastOp(), "creating plot " + plot.id());
        defined(plot);
        return plot;
    }

    /** Creates the plot or replaces its definition; returns true when it was created. */
    public boolean put(String id, JsonNode figure) {
        PlotDefinition definition = figures.parse(figure);
        Plot plot;
        boolean created;
        synchronized (definitions) {
            checkedId(id);
            plot = plots.get(id);
            created = plot == null;
            if (created) {
                plot = addLogged(id, definition, figureBytes(figure));
            } else {
                long now = clock.millis();
                synchronized (plot) {
                    CompletableFuture<Long> append = append(id, PlotOps.define(now, figureBytes(figure)));
                    plot.redefine(definition, now);
                    plot.logged(append);
                }
                rebuildIndex();
            }
        }
        durable(plot.lastOp(), "defining plot " + id);
        defined(plot);
        return created;
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
        synchronized (plot) {
            if (windows != null) {
                plot.restoreWindows(windows, now);
            }
            if (history != null) {
                plot.restoreHistory(history);
            }
            plot.logged(CompletableFuture.completedFuture(position));
        }
        return plot;
    }

    /** Deletes a plot once its deletion is durable in the log; false when there is none of that id. */
    public boolean delete(String id) {
        Plot removed;
        CompletableFuture<Long> append;
        synchronized (definitions) {
            removed = plots.get(id);
            if (removed == null) {
                return false;
            }
            synchronized (removed) {
                append = append(id, PlotOps.delete(clock.millis()));
                removed.markDeleted();
                removed.logged(append);
            }
            plots.remove(id);
            rebuildIndex();
        }
        removed.release();
        durable(append, "deleting plot " + id); // before the listeners remove its checkpoint files
        lifecycleListeners.forEach(l -> l.deleted(id));
        notifyChanged(id);
        return true;
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
                replay(plotId, position, record, decoder);
            } catch (RuntimeException e) {
                LOG.error("Skipping log record of plot {} at position {}: {}", plotId, position, e.getMessage());
            }
        });
    }

    private void replay(String plotId, long position, byte[] record, LineDecoder decoder) {
        PlotOps.Op op = PlotOps.decode(record);
        long now = op.nowMs();
        Plot plot = plots.get(plotId);
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
                    } else {
                        plot.redefine(definition, now);
                        rebuildIndex();
                    }
                }
            }
            case PlotOps.DELETE -> {
                if (plot != null) {
                    synchronized (definitions) {
                        plots.remove(plotId);
                        rebuildIndex();
                    }
                    plot.markDeleted();
                    plot.release();
                }
                return;
            }
            case PlotOps.WRITES -> {
                if (plot == null) {
                    throw new IllegalArgumentException("writes to a plot that does not exist (it was deleted)");
                }
                for (PlotOps.Line line : op.lines()) {
                    StreamWrite write = decoder.decode(line.bytes(), 0, line.bytes().length);
                    if (write != null) {
                        plot.apply(line.traceIndices(), write, now);
                    }
                }
            }
            case PlotOps.TRIM -> {
                if (plot == null) {
                    return;
                }
                plot.trimAged(now);
            }
            default -> throw new IllegalArgumentException("unknown record type " + op.type());
        }
        plot.logged(CompletableFuture.completedFuture(position));
    }

    /** The log this store appends to (for health and checkpoints). */
    public OperationLog log() {
        return log;
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
     * Open mode: the bindings of a token, creating a one-trace plot for it when it has none.
     *
     * @throws PlotLimitException when the plot limit is reached
     */
    public List<TokenBinding> bindOpenModeToken(String token) {
        List<TokenBinding> existing = bindings(token);
        if (!existing.isEmpty()) {
            return existing;
        }
        Plot plot;
        synchronized (definitions) {
            existing = bindings(token);
            if (!existing.isEmpty()) {
                return existing;
            }
            String id = PlotIds.forOpenToken(token);
            if (plots.containsKey(id)) { // a plot of that id whose trace no longer names the token
                throw new PlotConflictException("plot '" + id + "' exists but is not bound to this token");
            }
            PlotDefinition definition = figures.openModeFigure(token, id);
            // the figure as the log records it: the definition's own JSON (parsing it gives the same definition)
            byte[] figure = new Plot(id, definition).definitionJson().toString().getBytes(StandardCharsets.UTF_8);
            plot = addLogged(id, definition, figure);
        }
        durable(plot.lastOp(), "creating open-mode plot " + plot.id());
        defined(plot);
        return bindings(token);
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
        CompletableFuture<Long> append;
        synchronized (plot) {
            if (plot.isDeleted()) { // the binding was looked up just before a deletion: nothing to write to
                return CompletableFuture.completedFuture(OperationLog.NONE);
            }
            long now = clock.millis();
            append = append(plot.id(), writes.record.finish(now));
            for (int i = 0; i < writes.writes.size(); i++) {
                plot.apply(writes.traceIndices.get(i), writes.writes.get(i), now);
            }
            plot.logged(append);
        }
        notifyChanged(plot.id());
        return append;
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

    /** Logs a DEFINE of a new plot, then adds it. Caller holds {@link #definitions}. */
    private Plot addLogged(String id, PlotDefinition definition, byte[] figure) {
        if (plots.size() >= maxPlots) {
            throw new PlotLimitException("plot limit of " + maxPlots + " reached");
        }
        long now = clock.millis();
        Plot plot = new Plot(id, definition, historyBudget, now);
        synchronized (plot) {
            plot.logged(append(id, PlotOps.define(now, figure)));
        }
        plots.put(id, plot);
        rebuildIndex();
        return plot;
    }

    /** Appends a record; an engine that throws instead of failing the future is treated the same. */
    private CompletableFuture<Long> append(String plotId, byte[] record) {
        try {
            return log.append(plotId, record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e instanceof LogUnavailableException ? e
                    : new LogUnavailableException("append failed: " + e.getMessage(), e));
        }
    }

    /** Waits for a definition change's record to be durable; the API call fails when it is not. */
    private static void durable(CompletableFuture<Long> append, String what) {
        try {
            append.get(DEFINITION_WAIT_SECONDS, TimeUnit.SECONDS);
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

    private void defined(Plot plot) {
        lifecycleListeners.forEach(l -> l.defined(plot));
        notifyChanged(plot.id());
    }

    private void notifyChanged(String id) {
        for (PlotChangeListener listener : changeListeners) {
            listener.plotChanged(id);
        }
    }

    private void rebuildIndex() {
        Map<String, List<TokenBinding>> index = new HashMap<>();
        for (Plot plot : plots.values()) {
            plot.tokenBindings().forEach((token, traces) ->
                    index.computeIfAbsent(token, t -> new ArrayList<>()).add(new TokenBinding(plot, traces)));
        }
        index.replaceAll((token, list) -> List.copyOf(list));
        tokenIndex = Map.copyOf(index);
    }

    private String freshId() {
        String id;
        do {
            id = PlotIds.random();
        } while (plots.containsKey(id));
        return id;
    }

    private static String checkedId(String id) {
        if (!PlotIds.isValid(id)) {
            throw new InvalidFigureException("id: '" + id + "' must be 1 to 64 characters of [A-Za-z0-9_-], starting with a letter or digit");
        }
        return id;
    }
}
