package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * All live plots and the token → traces index, implementing {@link PlotReader} for the viewer side.
 *
 * <p>Writes look their token up in an immutable index map replaced (under {@link #definitions}) on every
 * definition change, so the hot path takes no store-wide lock: only the written plot's own lock.
 */
public final class PlotStore implements PlotReader {

    /** How often {@link #startSweeping} trims time windows of quiet streams. */
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    private final Figures figures;
    private final int maxPlots;
    private final HistoryBudget historyBudget;
    private final Clock clock;
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
            if (plot.trimAged()) {
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
        PlotDefinition definition = figures.parse(figure);
        Plot plot;
        synchronized (definitions) {
            String id = requestedId == null ? freshId() : checkedId(requestedId);
            if (plots.containsKey(id)) {
                throw new PlotConflictException("plot '" + id + "' already exists (PUT /api/plots/" + id + " replaces it)");
            }
            plot = add(id, definition);
        }
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
                plot = add(id, definition);
            } else {
                plot.redefine(definition);
                rebuildIndex();
            }
        }
        defined(plot);
        return created;
    }

    /** Restores a saved plot at start (definition from the data directory, then its windows). */
    public Plot restore(String id, JsonNode figure, JsonNode windows) {
        return restore(id, figure, windows, null);
    }

    /** Restores a saved plot with its windows and histories (either may be null: not saved yet, or an older server's files). */
    public Plot restore(String id, JsonNode figure, JsonNode windows, JsonNode history) {
        PlotDefinition definition = figures.parse(figure);
        Plot plot;
        synchronized (definitions) {
            plot = add(checkedId(id), definition);
        }
        if (windows != null) {
            plot.restoreWindows(windows);
        }
        if (history != null) {
            plot.restoreHistory(history);
        }
        return plot;
    }

    public boolean delete(String id) {
        Plot removed;
        synchronized (definitions) {
            removed = plots.remove(id);
            if (removed == null) {
                return false;
            }
            rebuildIndex();
        }
        removed.release();
        lifecycleListeners.forEach(l -> l.deleted(id));
        notifyChanged(id);
        return true;
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
            plot = add(id, figures.openModeFigure(token, id));
        }
        defined(plot);
        return bindings(token);
    }

    /** Applies a decoded write to every trace the token feeds, then tells the listeners (who only mark dirty). */
    public void write(List<TokenBinding> bindings, StreamWrite write) {
        for (int i = 0; i < bindings.size(); i++) {
            TokenBinding binding = bindings.get(i);
            binding.plot().apply(binding.traceIndices(), write);
            notifyChanged(binding.plot().id());
        }
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

    private Plot add(String id, PlotDefinition definition) {
        if (plots.size() >= maxPlots) {
            throw new PlotLimitException("plot limit of " + maxPlots + " reached");
        }
        Plot plot = new Plot(id, definition, historyBudget, clock);
        plots.put(id, plot);
        rebuildIndex();
        return plot;
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
