package io.plotstream.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.plotstream.server.plot.PlotIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The dashboards: the one owner of the live set; their definitions are kept by a
 * {@link DashboardRepository} (files in {@code <data-dir>/dashboards/}, or Redis for a cluster).
 *
 * <p>Invariants: every change is validated completely, then stored durably (an fsync'd atomic file
 * replace, an answered Redis command), and only then published; a bad definition or a failed write
 * changes nothing, in memory or in the repository. Changes are serialised by one lock; readers ({@link DashboardReader}, any thread) see
 * an immutable sorted map swapped in by each change and never wait.
 *
 * <p>A panel must name an existing plot when its definition is stored, but a plot deleted later
 * leaves the dashboard as it is (the page shows that panel as "missing"). So that such a dashboard
 * can still be rearranged and saved, a replace accepts panels naming plots that do not exist any
 * more if the stored version already had a panel on that plot; a new panel must name a live plot.
 *
 * <p>In a cluster another node may change a dashboard: {@link #reload} then takes the stored version
 * as it is (that node validated it), so every node converges on what the repository holds.
 */
public final class DashboardStore implements DashboardReader {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardStore.class);
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DashboardRepository repository;
    private final int maxDashboards;
    private final int maxPanels;
    private final Predicate<String> plotExists;
    private final Object changes = new Object();
    private volatile NavigableMap<String, Dashboard> dashboards = Collections.emptyNavigableMap();

    /**
     * @param dataDir    the server's data directory; dashboards are kept in its {@code dashboards/}
     * @param plotExists whether a plot of that id exists now (panels must name one)
     */
    public DashboardStore(Path dataDir, int maxDashboards, int maxPanels, Predicate<String> plotExists) {
        this(new FileDashboards(dataDir), maxDashboards, maxPanels, plotExists);
    }

    /**
     * @param repository where definitions are kept ({@link FileDashboards}, {@link RedisDashboards})
     * @param plotExists whether a plot of that id exists now (panels must name one)
     */
    public DashboardStore(DashboardRepository repository, int maxDashboards, int maxPanels, Predicate<String> plotExists) {
        this.repository = repository;
        this.maxDashboards = maxDashboards;
        this.maxPanels = maxPanels;
        this.plotExists = plotExists;
    }

    @Override
    public Optional<Dashboard> find(String id) {
        return Optional.ofNullable(id == null ? null : dashboards.get(id));
    }

    @Override
    public List<Dashboard> all() {
        return List.copyOf(dashboards.values());
    }

    public int size() {
        return dashboards.size();
    }

    public int maxDashboards() {
        return maxDashboards;
    }

    public int maxPanels() {
        return maxPanels;
    }

    /**
     * Creates a dashboard ({@code POST}); an absent id gets a random {@code d-xxxxxxxx}.
     *
     * @throws InvalidDashboardException   the definition is bad, or the dashboard limit is reached
     * @throws DashboardConflictException  the id is taken
     */
    public Dashboard create(JsonNode json) {
        synchronized (changes) {
            Dashboard dashboard = DashboardJson.parse(json, null, this::freshId, rulesFor(null));
            if (dashboards.containsKey(dashboard.id())) {
                throw new DashboardConflictException("dashboard '" + dashboard.id() + "' already exists (PUT /api/dashboards/"
                        + dashboard.id() + " replaces it)");
            }
            checkRoomForOneMore();
            store(dashboard);
            return dashboard;
        }
    }

    /** The outcome of a {@link #put}. */
    public record Put(Dashboard dashboard, boolean created) {
    }

    /**
     * Creates or replaces the dashboard {@code id} ({@code PUT}, and the files of {@code --dashboards-dir});
     * the body's id must be absent or equal.
     */
    public Put put(String id, JsonNode json) {
        synchronized (changes) {
            Dashboard previous = id == null ? null : dashboards.get(id);
            Dashboard dashboard = DashboardJson.parse(json, id, () -> id, rulesFor(previous));
            if (previous == null) {
                checkRoomForOneMore();
            }
            store(dashboard);
            return new Put(dashboard, previous == null);
        }
    }

    /** Deletes a dashboard and its stored definition; false when there is none of that id. */
    public boolean delete(String id) {
        synchronized (changes) {
            if (id == null || !dashboards.containsKey(id)) {
                return false;
            }
            try {
                repository.delete(id);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            unpublish(id);
            return true;
        }
    }

    /**
     * Loads the saved dashboards (at start, before anything else changes the store). They were valid
     * when stored; their plots may have been deleted since, which is allowed. A definition that cannot
     * be read or is no longer valid (limits lowered) is logged and skipped, and left where it is.
     */
    public int loadSaved() {
        List<DashboardRepository.Stored> saved;
        try {
            saved = repository.loadAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        int loaded = 0;
        for (DashboardRepository.Stored stored : saved) {
            String id = stored.id();
            try {
                JsonNode json = DashboardJson.readTree(stored.json());
                Dashboard dashboard;
                synchronized (changes) {
                    dashboard = DashboardJson.parse(json, id, () -> id, DashboardJson.Rules.savedDefinition(maxPanels));
                    checkRoomForOneMore();
                    publish(dashboard);
                }
                loaded++;
            } catch (RuntimeException e) {
                LOG.error("Skipping saved dashboard {}: {}", stored.source(), e.getMessage());
            }
        }
        return loaded;
    }

    /**
     * Takes the stored version of one dashboard, which another node changed: replaced, added, or
     * removed when it is no longer stored. Taken as stored (the node that stored it validated it;
     * the dashboard limit is not checked again, so every node holds the same set). A stored version
     * that does not parse (limits differ between nodes) is logged and the one held is kept.
     *
     * @return the dashboard now held, or empty when there is none of that id
     * @throws UncheckedIOException the repository cannot be read now (the caller may retry later)
     */
    public Optional<Dashboard> reload(String id) {
        if (id == null || !PlotIds.isValid(id)) {
            LOG.warn("Ignoring a change of dashboard '{}': not a valid id", id);
            return Optional.empty();
        }
        synchronized (changes) {
            Optional<byte[]> stored;
            try {
                stored = repository.load(id);
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
            if (stored.isEmpty()) {
                unpublish(id);
                return Optional.empty();
            }
            try {
                Dashboard dashboard = DashboardJson.parse(DashboardJson.readTree(stored.get()), id, () -> id,
                        DashboardJson.Rules.savedDefinition(maxPanels));
                publish(dashboard);
                return Optional.of(dashboard);
            } catch (RuntimeException e) {
                LOG.error("Keeping dashboard {} as it was: its stored version in {} is not valid here: {}", id,
                        repository, e.getMessage());
                return find(id);
            }
        }
    }

    /**
     * Defines a dashboard from every {@code *.json} file of a directory ({@code --dashboards-dir};
     * id = file name without {@code .json}), exactly as {@code PUT /api/dashboards/{id}} would: a
     * dashboard that exists is replaced. A bad file is logged with its name and reason and skipped.
     */
    public int loadDirectory(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        int loaded = 0;
        List<Path> files;
        try {
            files = FileDashboards.jsonFiles(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        for (Path file : files) {
            try {
                put(FileDashboards.idOf(file), DashboardJson.readTree(Files.readAllBytes(file)));
                loaded++;
            } catch (IOException | RuntimeException e) {
                LOG.error("Skipping dashboard file {}: {}", file, e.getMessage());
            }
        }
        return loaded;
    }

    private DashboardJson.Rules rulesFor(Dashboard previous) {
        if (previous == null) {
            return new DashboardJson.Rules(maxPanels, plotExists);
        }
        List<String> kept = previous.panels().stream().map(Panel::plot).toList();
        return new DashboardJson.Rules(maxPanels, plot -> plotExists.test(plot) || kept.contains(plot));
    }

    private void checkRoomForOneMore() {
        if (dashboards.size() >= maxDashboards) {
            throw new InvalidDashboardException("id: the limit of " + maxDashboards
                    + " dashboards (--max-dashboards) is reached; delete one first");
        }
    }

    /** Stores, then publishes; a failed write leaves memory as it was. Caller holds {@link #changes}. */
    private void store(Dashboard dashboard) {
        try {
            repository.save(dashboard.id(), DashboardJson.toBytes(dashboard));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        publish(dashboard);
    }

    private void publish(Dashboard dashboard) {
        NavigableMap<String, Dashboard> next = new TreeMap<>(dashboards);
        next.put(dashboard.id(), dashboard);
        dashboards = Collections.unmodifiableNavigableMap(next);
    }

    private void unpublish(String id) {
        if (!dashboards.containsKey(id)) {
            return;
        }
        NavigableMap<String, Dashboard> next = new TreeMap<>(dashboards);
        next.remove(id);
        dashboards = Collections.unmodifiableNavigableMap(next);
    }

    private String freshId() {
        String id;
        do {
            StringBuilder b = new StringBuilder("d-");
            for (int i = 0; i < 8; i++) {
                b.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
            }
            id = b.toString();
        } while (dashboards.containsKey(id));
        return id;
    }

    /** For tests and logs: the ids with their panel counts. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("DashboardStore[");
        for (Map.Entry<String, Dashboard> e : dashboards.entrySet()) {
            out.append(e.getKey()).append('(').append(e.getValue().panels().size()).append(") ");
        }
        return out.toString().trim() + "]";
    }
}
