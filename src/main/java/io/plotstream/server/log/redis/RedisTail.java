package io.plotstream.server.log.redis;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.plotstream.server.log.LogTail;
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.TailListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's one reader of the shared log ({@link io.plotstream.server.log.SharedLog#tail}): a thread
 * with a connection of its own (a blocked read would stall the appends pipelined on the engine's
 * connection) that issues one {@code XREAD BLOCK 500 COUNT 256} over {@code ps:catalog} and every
 * followed plot's log, and hands what it reads to the listener, per plot in log order.
 *
 * <p>State: the plots followed and the last position handed on of each are owned by the thread
 * ({@link #following}); {@link #position} reads a copy published after every record. Restarts asked
 * by other threads go through a queue the thread drains before each read.
 *
 * <p>Gaps: positions of a plot are consecutive, so a record that is not {@code last + 1} means a
 * checkpoint trimmed records before this node read them: the listener hears {@code gap} and the plot
 * is not read again until {@link #restart}. A plot followed from {@link OperationLog#NONE} whose first
 * record is not 1 is a gap too when the plot has a stored checkpoint (its first records were trimmed);
 * without one it is a forgotten plot's kept deletion, handed on. A plot whose log now ends before the
 * position this node has (its week-old deletion expired and it was created anew, or Redis lost
 * answered writes) is reported as a gap when it is announced or Redis comes back.
 *
 * <p>New plots: a catalog entry naming a plot not followed starts following it from NONE if the plot
 * is live (one already followed stays where it is; a deleted one it never followed is left alone); every {@code rescanEvery} (and right after Redis is back) the thread
 * also lists every live plot's log (the first time right at start), so a lost announcement or a plot created while this node could not
 * reach Redis is followed within seconds anyway.
 *
 * <p>Outages: a failing command means Redis is unreachable: {@code reachable(false)} once, retries
 * every {@link #RETRY}, {@code reachable(true)} once the first command succeeds again; reading goes on
 * from the positions held, so nothing is lost or repeated (with Redis's AOF as durable as its setting).
 *
 * <p>Redis Cluster: one XREAD over keys of many slots is refused there (CROSSSLOT); this tail is for
 * one Redis (or Valkey) primary, with replicas for failover. A cluster deployment would group the
 * reads by slot (one read per node of the Redis cluster); the key layout already allows it.
 *
 * <p>Plots stay followed for the tail's life, also once deleted (their logs are kept a week, then
 * expire; an XREAD of a missing key costs nothing): the set grows with the plots ever seen.
 *
 * <p>Listener exceptions are logged and the record counts as handed on: one bad record must not stop
 * every plot of the node.
 */
final class RedisTail implements LogTail {
    private static final Logger LOG = LoggerFactory.getLogger(RedisTail.class);
    static final Duration BLOCK = Duration.ofMillis(500);
    static final Duration RETRY = Duration.ofMillis(200);
    /**
     * Entries per stream per read: bounds one read's memory to PAGE records of each followed plot (a
     * record is an ingest chunk, usually kilobytes) while a busy plot still moves thousands a second.
     */
    private static final int PAGE = 256;

    private final RedisLog log;
    private final TailListener listener;
    private final long rescanNanos;
    private final Consumer<RedisTail> onClose;
    private final Thread thread;
    private final Queue<Map.Entry<String, Long>> restarts = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> published = new ConcurrentHashMap<>();
    // Owned by the tail thread:
    private final Map<String, Long> following = new HashMap<>();
    private final Set<String> stalled = new HashSet<>();
    private StatefulRedisConnection<String, byte[]> connection;
    private String catalogAfter;
    private boolean up = true;
    private long nextRescan;
    private volatile boolean stopped;

    private RedisTail(RedisLog log, Map<String, Long> startAfter, TailListener listener, Duration rescanEvery,
                      Consumer<RedisTail> onClose) {
        this.log = log;
        this.listener = listener;
        this.rescanNanos = rescanEvery.toNanos();
        this.onClose = onClose;
        startAfter.forEach((plot, after) -> {
            following.put(plot, after);
            published.put(plot, after);
        });
        this.thread = new Thread(this::run, "redis-tail");
        this.thread.setDaemon(true);
    }

    static RedisTail start(RedisLog log, Map<String, Long> startAfter, TailListener listener, Duration rescanEvery,
                           Consumer<RedisTail> onClose) {
        RedisTail tail = new RedisTail(log, startAfter, listener, rescanEvery, onClose);
        tail.connectAndMarkCatalog(false); // now, so announcements made once tail() returned are never missed
        tail.thread.start();
        return tail;
    }

    @Override
    public void restart(String plotId, long after) {
        restarts.add(Map.entry(plotId, after));
    }

    @Override
    public long position(String plotId) {
        return published.getOrDefault(plotId, OperationLog.NONE);
    }

    /**
     * Connects (if not yet) and notes where the catalog ends (if not yet); false when Redis is
     * unreachable, which the listener hears about only from the tail's thread ({@code report}).
     */
    private boolean connectAndMarkCatalog(boolean report) {
        try {
            if (connection == null) {
                connection = log.client().connect(RedisLog.CODEC);
            }
            if (catalogAfter == null) {
                List<StreamMessage<String, byte[]>> lastEntry = connection.sync().xrevrange(RedisKeys.CATALOG,
                        Range.create("-", "+"), Limit.from(1));
                catalogAfter = lastEntry.isEmpty() ? "0-0" : lastEntry.get(0).getId();
            }
            return true;
        } catch (RedisException e) {
            if (report) {
                lost(e);
            }
            return false;
        }
    }

    private void run() {
        // At once, then every rescanEvery: a plot created between the node listing the plots and
        // calling tail() was announced before the catalog mark, and would wait for the next rescan.
        nextRescan = System.nanoTime();
        while (!stopped) {
            if (!connectAndMarkCatalog(true)) {
                pause();
                continue;
            }
            try {
                RedisCommands<String, byte[]> sync = connection.sync();
                drainRestarts();
                if (System.nanoTime() - nextRescan >= 0) {
                    rescan(sync);
                }
                List<StreamMessage<String, byte[]>> entries = read(sync);
                reached(sync);
                for (StreamMessage<String, byte[]> entry : entries) {
                    hand(sync, entry);
                }
            } catch (RedisException e) {
                if (stopped) {
                    break;
                }
                lost(e);
                pause();
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // Lettuce's xread takes generic varargs: an array of a generic type
    private List<StreamMessage<String, byte[]>> read(RedisCommands<String, byte[]> sync) {
        List<XReadArgs.StreamOffset<String>> offsets = new ArrayList<>(following.size() + 1);
        offsets.add(XReadArgs.StreamOffset.from(RedisKeys.CATALOG, catalogAfter)); // first: announcements before records
        following.forEach((plot, last) -> {
            if (!stalled.contains(plot)) {
                offsets.add(XReadArgs.StreamOffset.from(RedisKeys.log(plot), RedisKeys.streamId(Math.max(last, 0))));
            }
        });
        return sync.xread(XReadArgs.Builder.block(BLOCK).count(PAGE), offsets.toArray(new XReadArgs.StreamOffset[0]));
    }

    private void hand(RedisCommands<String, byte[]> sync, StreamMessage<String, byte[]> entry) {
        if (entry.getStream().equals(RedisKeys.CATALOG)) {
            catalogAfter = entry.getId();
            announced(sync, entry.getBody());
            return;
        }
        String plot = RedisKeys.plotOfLog(entry.getStream());
        if (plot == null || stalled.contains(plot) || !following.containsKey(plot)) {
            return; // stalled by a gap earlier in this batch
        }
        long last = following.get(plot);
        long position = RedisKeys.position(entry.getId());
        if (position <= last) {
            return;
        }
        if (last >= 0 ? position != last + 1 : position != 1 && hasCheckpoint(sync, plot)) {
            gap(plot, last, position);
            return;
        }
        byte[] record = entry.getBody().get(RedisKeys.RECORD_FIELD);
        following.put(plot, position);
        if (record == null) {
            LOG.error("Tail: entry {} of plot {} has no field '{}'; skipped", entry.getId(), plot, RedisKeys.RECORD_FIELD);
        } else {
            try {
                listener.record(plot, position, record);
            } catch (RuntimeException e) {
                LOG.error("Tail: applying record {} of plot {} failed; going on with the next", position, plot, e);
            }
        }
        published.put(plot, position);
    }

    private boolean hasCheckpoint(RedisCommands<String, byte[]> sync, String plot) {
        return sync.exists(RedisKeys.checkpoint(plot)) > 0;
    }

    private void gap(String plot, long last, long next) {
        LOG.warn("Tail: plot {} records {}..{} were trimmed before this node read them; reloading it from its checkpoint",
                plot, last + 1, next - 1);
        stalled.add(plot);
        try {
            listener.gap(plot, last, next);
        } catch (RuntimeException e) {
            LOG.error("Tail: the node failed to handle the gap of plot {}", plot, e);
        }
    }

    private void announced(RedisCommands<String, byte[]> sync, Map<String, byte[]> body) {
        byte[] plot = body.get(RedisKeys.PLOT_FIELD);
        if (plot != null) {
            String id = new String(plot, StandardCharsets.UTF_8);
            if (following.containsKey(id)) {
                checkNotStartedOver(sync, id);
                notify(() -> listener.plotAnnounced(id), "plot " + id + " announced");
            } else if (live(sync, id)) {
                follow(id);
                notify(() -> listener.plotAnnounced(id), "plot " + id + " announced");
            }
        }
        byte[] dashboard = body.get(RedisKeys.DASHBOARD_FIELD);
        if (dashboard != null) {
            String id = new String(dashboard, StandardCharsets.UTF_8);
            notify(() -> listener.dashboardChanged(id), "dashboard " + id + " changed");
        }
    }

    /**
     * Whether a plot is defined now. A plot this node does not follow is followed only then: a deleted
     * one (its log kept, trimmed, for a week so positions continue) holds nothing for this node, and
     * reading its lone deletion record would make the node look for a plot it never held.
     */
    private static boolean live(RedisCommands<String, byte[]> sync, String plot) {
        return sync.exists(RedisKeys.live(plot)) > 0;
    }

    private void follow(String plot) {
        following.put(plot, OperationLog.NONE);
        published.put(plot, OperationLog.NONE);
    }

    /**
     * A followed plot whose log now ends before the position this node has started over (its kept
     * deletion expired and it was created anew, or Redis lost answered writes): a gap, so the node
     * reloads it rather than skipping its first records.
     */
    private void checkNotStartedOver(RedisCommands<String, byte[]> sync, String plot) {
        long last = following.get(plot);
        if (last < 0 || stalled.contains(plot)) {
            return;
        }
        List<StreamMessage<String, byte[]>> lastEntry = sync.xrevrange(RedisKeys.log(plot), Range.create("-", "+"),
                Limit.from(1));
        long end = lastEntry.isEmpty() ? OperationLog.NONE : RedisKeys.position(lastEntry.get(0).getId());
        if (!lastEntry.isEmpty() && end < last) {
            gap(plot, last, end);
        }
    }

    /** Follows every plot with a log that this tail was not told about. */
    private void rescan(RedisCommands<String, byte[]> sync) {
        nextRescan = System.nanoTime() + rescanNanos;
        for (String plot : RedisLog.plots(sync)) {
            if (!following.containsKey(plot) && live(sync, plot)) {
                LOG.info("Tail: found plot {} without its announcement; following it", plot);
                follow(plot);
                notify(() -> listener.plotAnnounced(plot), "plot " + plot + " found");
            }
        }
    }

    private void drainRestarts() {
        Map.Entry<String, Long> restart;
        while ((restart = restarts.poll()) != null) {
            following.put(restart.getKey(), restart.getValue());
            stalled.remove(restart.getKey());
            published.put(restart.getKey(), restart.getValue());
        }
    }

    /** A command succeeded: if Redis was away, say it is back and look at every plot at once. */
    private void reached(RedisCommands<String, byte[]> sync) {
        if (up) {
            return;
        }
        up = true;
        LOG.info("Tail: redis at {} reachable again; continuing from the positions read", log.endpoint());
        notify(() -> listener.reachable(true), "redis reachable");
        for (String plot : List.copyOf(following.keySet())) {
            checkNotStartedOver(sync, plot);
        }
        nextRescan = System.nanoTime();
    }

    private void lost(RedisException e) {
        if (!up || stopped) {
            return;
        }
        up = false;
        LOG.warn("Tail: redis unreachable at {}: {}; retrying every {} ms", log.endpoint(), RedisLog.describe(e),
                RETRY.toMillis());
        notify(() -> listener.reachable(false), "redis unreachable");
    }

    private static void notify(Runnable call, String what) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("Tail: the node failed to handle: {}", what, e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis()); // a pause between retries, not a wait for a condition
        } catch (InterruptedException e) {
            stopped = true;
        }
    }

    @Override
    public void close() {
        if (stopped && !thread.isAlive()) {
            return;
        }
        stopped = true;
        thread.interrupt();
        if (thread != Thread.currentThread()) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (connection != null) {
            connection.close();
        }
        onClose.accept(this);
    }
}
