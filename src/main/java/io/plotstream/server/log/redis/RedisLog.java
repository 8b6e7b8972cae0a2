package io.plotstream.server.log.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SslOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.plotstream.server.log.LogHealth;
import io.plotstream.server.log.LogUnavailableException;
import io.plotstream.server.log.LogTail;
import io.plotstream.server.log.PlotExistsInLogException;
import io.plotstream.server.log.RecoveryReport;
import io.plotstream.server.log.SharedLog;
import io.plotstream.server.log.StoredCheckpoint;
import io.plotstream.server.log.TailListener;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis engine: each plot's log is a Redis Stream ({@link RedisKeys}), so every node of a cluster
 * reads the same records at the same positions. Works with Redis 7 and Valkey (XADD with
 * {@code 0-*}, XTRIM MINID).
 *
 * <p>Positions: appends are {@code XADD ps:{plot}:log 0-* r <record>}, so Redis assigns the entry id
 * {@code 0-n} with n one more than the stream's last id, in the same atomic step as the append. A
 * plot's positions are therefore 1, 2, 3, ... whichever node appended, and mean the same on every
 * node. A plot deleted and {@link #forget forgotten} keeps its last entry for a week, so a re-create
 * continues after the deletion's position: a position is never handed out twice while any node may
 * still remember the plot.
 *
 * <p>Shared mode ({@link SharedLog}): definitions and deletions are Lua scripts that append and set or
 * clear {@code ps:{plot}:live} atomically (a conditional create races safely between nodes), followed
 * by an announcement on {@code ps:catalog}; checkpoints are stored with their state by a script that
 * only raises them; one {@link RedisTail} per node reads every plot's log and the catalog. See the
 * section "Redis engine data model" of docs/ARCHITECTURE.md.
 *
 * <p>Durability: a future completes once Redis answered the XADD, so what "durable" means is Redis's
 * persistence setting: with {@code appendonly yes} and {@code appendfsync always} an answered append
 * survives a Redis crash; with {@code everysec} up to a second of answered appends can be lost (and
 * their positions handed out again). One connection carries every append; Lettuce pipelines them
 * (commands go out without waiting for earlier answers), and the order in which {@link #append}
 * calls return is the order Redis executes them, so a plot's order is fixed when append returns.
 * Futures complete on Lettuce's I/O thread: keep dependent actions short.
 *
 * <p>Failures: while Redis is unreachable appends fail at once with {@link LogUnavailableException}
 * ("redis unreachable at host:port: ...") and {@link #health} says so; Lettuce reconnects by itself
 * and appends succeed again. Nothing piles up: commands are rejected while disconnected, at most
 * {@code maxPendingCommands} wait for an answer, and a command in flight when the connection broke is
 * failed, never re-sent after the reconnect (a re-sent XADD could store a record twice; a failed one
 * was never acknowledged, which is all the contract promises).
 */
public final class RedisLog implements SharedLog {
    private static final Logger LOG = LoggerFactory.getLogger(RedisLog.class);
    /** The largest record, as in the embedded engine: 16 MiB. */
    public static final int MAX_RECORD_BYTES = 16 * 1024 * 1024;
    /** Plot ids are at most 64 ASCII characters; the same bound as the embedded engine. */
    static final int MAX_ID_BYTES = 1024;
    private static final int PAGE = 1000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /**
     * Raises the plot's checkpoint key (never lowers it: checkpoints from two nodes may arrive out of
     * order) and trims the stream to the entries after it. Both keys share the plot's hash tag. When
     * the plot has a stored checkpoint state ({@link #storeCheckpoint}, shared mode) the position is
     * not raised here (it would then claim more than the state holds): it only trims to the stored one.
     */
    private static final String CHECKPOINT_SCRIPT = """
            local covered = tonumber(redis.call('GET', KEYS[1]) or '-1')
            local position = tonumber(ARGV[1])
            local shared = redis.call('EXISTS', KEYS[3]) == 1
            if position > covered and not shared then
              redis.call('SET', KEYS[1], ARGV[1])
              covered = position
            end
            local first = covered + 1
            if shared then
              first = covered -- as storeCheckpoint: a checkpointed shared log keeps its last covered entry
            end
            return redis.call('XTRIM', KEYS[2], 'MINID', '0-' .. string.format('%d', first))
            """;

    /**
     * Appends a definition and marks the plot live in one step, so two nodes creating the same plot
     * at once cannot both succeed (ARGV[2] = 1: only if absent; -1 = it is live already). PERSIST:
     * a plot deleted and forgotten keeps its log (trimmed, expiring) so that a re-create continues
     * its positions; once live again the log must not expire.
     */
    private static final String DEFINE_SCRIPT = """
            if ARGV[2] == '1' and redis.call('EXISTS', KEYS[2]) == 1 then
              return -1
            end
            local id = redis.call('XADD', KEYS[1], '0-*', '%s', ARGV[1])
            redis.call('PERSIST', KEYS[1])
            redis.call('SET', KEYS[2], '1')
            return tonumber(string.sub(id, 3))
            """.formatted(RedisKeys.RECORD_FIELD);

    /** Appends a deletion and clears the plot's live mark in one step. */
    private static final String DELETE_SCRIPT = """
            local id = redis.call('XADD', KEYS[1], '0-*', '%s', ARGV[1])
            redis.call('DEL', KEYS[2])
            return tonumber(string.sub(id, 3))
            """.formatted(RedisKeys.RECORD_FIELD);

    /**
     * Stores a checkpoint (KEYS: checkpoint, state, log) only if it covers more than the stored one
     * (two nodes' checkpoints may arrive in any order), position and state together, then drops the
     * records it covers except the last one. That one stays so a plot's log is never empty once
     * checkpointed: a node's tail that starts reading it from an earlier position (a node meeting a new
     * plot just after its steward checkpointed it) then always reads a record whose position shows the
     * gap, instead of waiting on an empty stream. 1 = stored, 0 = an equal or newer one was there.
     */
    private static final String STORE_CHECKPOINT_SCRIPT = """
            local covered = tonumber(redis.call('GET', KEYS[1]) or '-1')
            local position = tonumber(ARGV[1])
            if position <= covered then
              return 0
            end
            redis.call('SET', KEYS[2], ARGV[2])
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('XTRIM', KEYS[3], 'MINID', '0-' .. string.format('%d', position))
            return 1
            """;

    /**
     * The checkpoint lease (KEYS: lease; ARGV: node, milliseconds): taken when free, extended when this
     * node holds it already (so the writer stays put while it keeps checkpointing), refused otherwise.
     */
    private static final String LEASE_SCRIPT = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return 1
            end
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """;

    /**
     * Forgets a deleted plot (KEYS: log, live, state, checkpoint; ARGV: seconds): keeps only the
     * log's last entry (the deletion) with an expiry, so that a re-create within that time continues
     * after the deletion's position (positions are never handed out twice, and every node's tail,
     * which remembers the plot's position, keeps reading it); drops the stored checkpoint. Does nothing
     * when the plot is live again (re-created by some node between the deletion and this call).
     */
    private static final String FORGET_SCRIPT = """
            if redis.call('EXISTS', KEYS[2]) == 1 then
              return 0
            end
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('XTRIM', KEYS[1], 'MAXLEN', '1')
              redis.call('EXPIRE', KEYS[1], ARGV[1])
            end
            redis.call('DEL', KEYS[3], KEYS[4])
            return 1
            """;

    /** How long a forgotten plot's last position is kept for a re-create to continue after it. */
    static final Duration FORGOTTEN_KEPT = Duration.ofDays(7);
    /** How often a tail looks for plots it was not told about (a lost announcement, one made while away). */
    static final Duration RESCAN_EVERY = Duration.ofSeconds(5);

    private final RedisLogOptions options;
    private final String endpoint;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisAsyncCommands<String, byte[]> async;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<RedisTail> tails = ConcurrentHashMap.newKeySet();
    private final LongAdder appends = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile String lastError = "";
    private volatile boolean closed;
    private volatile long memoryUsed = -1;
    private volatile long memoryLimit = Long.MAX_VALUE;
    private volatile long memoryReadAt = Long.MIN_VALUE;
    private volatile boolean recovered; // written once under recover()'s lock; read by every append without one

    private RedisLog(RedisLogOptions options, ClientResources resources, RedisClient client,
                     StatefulRedisConnection<String, byte[]> connection) {
        this.options = options;
        this.resources = resources;
        this.endpoint = options.endpoint();
        this.client = client;
        this.connection = connection;
        this.async = connection.async();
    }

    /** Connects to Redis; throws when it cannot be reached now. Call {@link #recover} next. */
    public static RedisLog open(RedisLogOptions options) throws IOException {
        RedisURI uri = RedisURI.create(options.uri());
        if (options.password() != null) {
            if (options.username() != null) {
                uri.setAuthentication(options.username(), options.password());
            } else {
                uri.setAuthentication(options.password());
            }
        }
        // The URI's timeout bounds the connection handshake; commands have their own (TimeoutOptions).
        uri.setTimeout(options.commandTimeout().compareTo(CONNECT_TIMEOUT) > 0 ? options.commandTimeout() : CONNECT_TIMEOUT);
        // Reconnect attempts from 10 ms doubling up to 1 s: a Redis back after a restart is used within
        // a second (Lettuce's default grows to 30 s). Two I/O threads: one connection carries all appends.
        ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(clientOptions(options));
        try {
            StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
            RedisLog log = new RedisLog(options, resources, client, connection);
            client.addListener(log.new ConnectionWatch());
            return log;
        } catch (RedisException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw new IOException("redis unreachable at " + options.endpoint() + ": " + describe(e), e);
        }
    }

    static ClientOptions clientOptions(RedisLogOptions options) {
        ClientOptions.Builder builder = ClientOptions.builder();
        if (options.caFile() != null) {
            // rediss:// verifies the peer in full (chain and host name); this only says which CAs to trust
            builder.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(options.caFile().toFile()).build());
        }
        return builder
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(options.maxPendingCommands())
                .replayFilter(command -> true) // never re-send a command after a reconnect: fail it
                .timeoutOptions(TimeoutOptions.enabled(options.commandTimeout()))
                .build();
    }

    /** The options this log was opened with (a follower opens its own connection with them). */
    RedisLogOptions options() {
        return options;
    }

    RedisClient client() {
        return client;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every plot with a log is replayed, a deleted and {@linkplain #forget forgotten} one too: its
     * log keeps the deletion (when no checkpoint covered it) for a week, so the consumer may be handed
     * the deletion of a plot it does not hold, which it should ignore.
     */
    @Override
    public synchronized RecoveryReport recover(ToLongFunction<String> checkpointOf, RecordConsumer consumer)
            throws IOException {
        if (recovered) {
            throw new IllegalStateException("the operation log on redis " + endpoint + " was already recovered");
        }
        if (closed) {
            throw new IllegalStateException("the operation log on redis " + endpoint + " is closed");
        }
        RedisCommands<String, byte[]> sync = connection.sync();
        long records = 0;
        int plots = 0;
        List<String> problems = new ArrayList<>();
        try {
            for (String plot : plots(sync)) {
                long checkpoint = checkpointOf.applyAsLong(plot);
                byte[] trimmedTo = sync.get(RedisKeys.checkpoint(plot));
                long trimmed = trimmedTo == null ? NONE : Long.parseLong(new String(trimmedTo, StandardCharsets.US_ASCII));
                if (trimmed > checkpoint) {
                    problems.add("plot " + plot + ": redis trimmed its records up to " + trimmed
                            + " but the given checkpoint covers only " + checkpoint + "; records "
                            + (checkpoint + 1) + ".." + trimmed + " are gone");
                }
                long replayed = replay(sync, plot, checkpoint, consumer, problems);
                records += replayed;
                if (replayed > 0) {
                    plots++;
                }
            }
        } catch (RedisException e) {
            throw new IOException("redis unreachable at " + endpoint + ": " + describe(e), e);
        }
        recovered = true;
        refreshMemory(); // so the first health() has Redis's figures
        String problem = String.join("; ", problems);
        if (!problem.isEmpty()) {
            LOG.warn("Operation log on redis {}: {}", endpoint, problem);
        }
        LOG.info("Operation log on redis {}: replayed {} records of {} plots", endpoint, records, plots);
        return new RecoveryReport(records, plots, 0, problem);
    }

    /** Every plot with a log, by SCAN (so no key spans plots); sorted, so recovery is deterministic. */
    static Set<String> plots(RedisCommands<String, byte[]> sync) {
        Set<String> plots = new TreeSet<>();
        ScanArgs args = ScanArgs.Builder.matches(RedisKeys.LOG_PATTERN).limit(PAGE);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = sync.scan(cursor, args);
            for (String key : page.getKeys()) {
                String plot = RedisKeys.plotOfLog(key);
                if (plot != null) {
                    plots.add(plot);
                }
            }
            cursor = page;
        } while (!cursor.isFinished());
        return plots;
    }

    private static long replay(RedisCommands<String, byte[]> sync, String plot, long checkpoint,
                               RecordConsumer consumer, List<String> problems) {
        String key = RedisKeys.log(plot);
        long next = checkpoint + 1;
        long count = 0;
        while (true) {
            List<StreamMessage<String, byte[]>> page = sync.xrange(key,
                    Range.from(Range.Boundary.including(RedisKeys.streamId(Math.max(next, 0))), Range.Boundary.unbounded()),
                    io.lettuce.core.Limit.from(PAGE));
            for (StreamMessage<String, byte[]> entry : page) {
                long position;
                try {
                    position = RedisKeys.position(entry.getId());
                } catch (RuntimeException e) {
                    problems.add("plot " + plot + ": " + e.getMessage() + "; replay of the plot stopped there");
                    return count;
                }
                byte[] record = entry.getBody().get(RedisKeys.RECORD_FIELD);
                if (record == null) {
                    problems.add("plot " + plot + ": entry " + entry.getId() + " has no field '" + RedisKeys.RECORD_FIELD
                            + "'; replay of the plot stopped there");
                    return count;
                }
                consumer.accept(plot, position, record);
                count++;
                next = position + 1;
            }
            if (page.size() < PAGE) {
                return count;
            }
        }
    }

    @Override
    public CompletableFuture<Long> append(String plotId, byte[] record) {
        checkAppend(plotId, record);
        if (closed) {
            return refused(new LogUnavailableException("operation log closed", null));
        }
        CompletableFuture<String> sent;
        try {
            sent = async.xadd(RedisKeys.log(plotId), new XAddArgs().id("0-*"),
                    Map.of(RedisKeys.RECORD_FIELD, record)).toCompletableFuture();
        } catch (RedisException e) { // the request queue is full, or the connection is closed
            return refused(unavailable(plotId, e));
        }
        inFlight.add(sent);
        return sent.handle((id, error) -> {
            inFlight.remove(sent);
            if (error != null) {
                throw unavailable(plotId, error);
            }
            appends.increment();
            lastError = "";
            return RedisKeys.position(id);
        });
    }

    private void checkAppend(String plotId, byte[] record) {
        Objects.requireNonNull(plotId, "plotId");
        Objects.requireNonNull(record, "record");
        int idBytes = plotId.getBytes(StandardCharsets.UTF_8).length;
        if (idBytes == 0 || idBytes > MAX_ID_BYTES) {
            throw new IllegalArgumentException("plot id of " + idBytes + " bytes: the operation log takes 1 to "
                    + MAX_ID_BYTES);
        }
        if (record.length > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("record of plot " + plotId + " is " + record.length
                    + " bytes; the operation log takes at most " + MAX_RECORD_BYTES);
        }
        if (!recovered) {
            throw new IllegalStateException("append before recover(): the operation log on redis " + endpoint
                    + " must replay first");
        }
    }

    @Override
    public Set<String> plotIds() throws IOException {
        try {
            return plots(connection.sync());
        } catch (RedisException e) {
            throw new IOException("redis unreachable at " + endpoint + ": " + describe(e), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The announcement is a second command, pipelined right behind the script on the same
     * connection (so Redis executes it right after): {@code ps:catalog} is not in the plot's hash slot,
     * and on Redis Cluster one script may not touch keys of two slots. It is sent for every definition
     * (a replace or a refused create too: an extra announcement only makes tails look once more), and
     * a lost one (Redis gone between the two) is made good by every tail's periodic rescan of the plots.
     */
    @Override
    public CompletableFuture<Long> appendDefinition(String plotId, byte[] record, boolean onlyIfAbsent) {
        checkAppend(plotId, record);
        return scripted(plotId, DEFINE_SCRIPT, record, onlyIfAbsent ? "1" : "0", "definition");
    }

    /** {@inheritDoc} The announcement follows as in {@link #appendDefinition}. */
    @Override
    public CompletableFuture<Long> appendDeletion(String plotId, byte[] record) {
        checkAppend(plotId, record);
        return scripted(plotId, DELETE_SCRIPT, record, "0", "deletion");
    }

    private CompletableFuture<Long> scripted(String plotId, String script, byte[] record, String flag, String what) {
        if (closed) {
            return refused(new LogUnavailableException("operation log closed", null));
        }
        CompletableFuture<Long> sent;
        try {
            sent = async.<Long>eval(script, ScriptOutputType.INTEGER,
                    new String[] {RedisKeys.log(plotId), RedisKeys.live(plotId)},
                    record, flag.getBytes(StandardCharsets.US_ASCII)).toCompletableFuture();
            announce(RedisKeys.PLOT_FIELD, plotId);
        } catch (RedisException e) {
            return refused(unavailable(plotId, e));
        }
        inFlight.add(sent);
        return sent.handle((position, error) -> {
            inFlight.remove(sent);
            if (error != null) {
                throw unavailable(plotId, error);
            }
            if (position < 0) {
                throw new PlotExistsInLogException(plotId);
            }
            appends.increment();
            lastError = "";
            return position;
        });
    }

    /** XADD ps:catalog * MAXLEN ~ 10000 field id; failures are logged only (tails rescan). */
    void announce(String field, String id) {
        whenDone(async.xadd(RedisKeys.CATALOG,
                XAddArgs.Builder.maxlen(RedisKeys.CATALOG_MAXLEN).approximateTrimming(),
                Map.of(field, id.getBytes(StandardCharsets.UTF_8))).toCompletableFuture(),
                "announce " + field + " " + id);
    }

    @Override
    public Optional<StoredCheckpoint> loadCheckpoint(String plotId) throws IOException {
        Objects.requireNonNull(plotId, "plotId");
        List<KeyValue<String, byte[]>> stored;
        try {
            stored = connection.sync().mget(RedisKeys.checkpoint(plotId), RedisKeys.state(plotId));
        } catch (RedisException e) {
            throw new IOException("redis unreachable at " + endpoint + ": " + describe(e), e);
        }
        if (!stored.get(0).hasValue() || !stored.get(1).hasValue()) {
            return Optional.empty(); // none, or a bare trim mark of checkpointed() without a state
        }
        String position = new String(stored.get(0).getValue(), StandardCharsets.US_ASCII);
        try {
            return Optional.of(new StoredCheckpoint(Long.parseLong(position), stored.get(1).getValue()));
        } catch (NumberFormatException e) {
            throw new IOException("redis key " + RedisKeys.checkpoint(plotId) + " holds '" + position
                    + "', not a position", e);
        }
    }

    @Override
    public CompletableFuture<Boolean> storeCheckpoint(String plotId, long position, byte[] state) {
        Objects.requireNonNull(plotId, "plotId");
        Objects.requireNonNull(state, "state");
        if (position < 0) {
            throw new IllegalArgumentException("checkpoint position of plot " + plotId + " is " + position
                    + "; a stored checkpoint covers at least position 0");
        }
        if (closed) {
            return CompletableFuture.failedFuture(new LogUnavailableException("operation log closed", null));
        }
        CompletableFuture<Long> sent;
        try {
            sent = async.<Long>eval(STORE_CHECKPOINT_SCRIPT, ScriptOutputType.INTEGER,
                    new String[] {RedisKeys.checkpoint(plotId), RedisKeys.state(plotId), RedisKeys.log(plotId)},
                    Long.toString(position).getBytes(StandardCharsets.US_ASCII), state).toCompletableFuture();
        } catch (RedisException e) {
            return CompletableFuture.failedFuture(unavailable(plotId, e));
        }
        inFlight.add(sent);
        return sent.handle((stored, error) -> {
            inFlight.remove(sent);
            if (error != null) {
                throw unavailable(plotId, error);
            }
            return stored == 1;
        });
    }

    /** {@inheritDoc} False too when Redis cannot be asked now (nobody writes then, which is safe). */
    @Override
    public boolean claimCheckpoint(String plotId, String nodeId, Duration lease) {
        Objects.requireNonNull(plotId, "plotId");
        Objects.requireNonNull(nodeId, "nodeId");
        if (lease.toMillis() < 1) {
            throw new IllegalArgumentException("checkpoint lease of plot " + plotId + " is " + lease
                    + "; it must be at least a millisecond");
        }
        if (closed) {
            return false;
        }
        try {
            Long held = connection.sync().eval(LEASE_SCRIPT, ScriptOutputType.INTEGER,
                    new String[] {RedisKeys.lease(plotId)}, nodeId.getBytes(StandardCharsets.UTF_8),
                    Long.toString(lease.toMillis()).getBytes(StandardCharsets.US_ASCII));
            return held == 1;
        } catch (RedisException e) {
            LOG.debug("Checkpoint lease of plot {} not claimed: {}", plotId, describe(e));
            return false;
        }
    }

    @Override
    public LogTail tail(Map<String, Long> startAfter, TailListener listener) {
        return tail(startAfter, listener, RESCAN_EVERY);
    }

    /** As {@link #tail(Map, TailListener)}, looking for unannounced plots every {@code rescanEvery}. */
    LogTail tail(Map<String, Long> startAfter, TailListener listener, Duration rescanEvery) {
        Objects.requireNonNull(startAfter, "startAfter");
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new IllegalStateException("the operation log on redis " + endpoint + " is closed");
        }
        RedisTail tail = RedisTail.start(this, startAfter, listener, rescanEvery, tails::remove);
        tails.add(tail);
        return tail;
    }

    /**
     * The engine's connection for the dashboards kept beside the plots ({@code RedisDashboards}): one
     * connection carries everything, so a dashboard's save and its announcement keep their order.
     */
    public RedisCommands<String, byte[]> sharedCommands() {
        return connection.sync();
    }

    /** host:port, for messages. */
    public String endpoint() {
        return endpoint;
    }

    private CompletableFuture<Long> refused(LogUnavailableException e) {
        failures.increment();
        return CompletableFuture.failedFuture(e);
    }

    private LogUnavailableException unavailable(String plotId, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        failures.increment();
        String problem;
        if (closed) {
            problem = "operation log closed";
        } else if (tooManyPending(cause)) {
            problem = "redis at " + endpoint + " has " + options.maxPendingCommands()
                    + " commands unanswered (maxPendingCommands): append refused";
        } else if (cause instanceof RedisCommandTimeoutException) {
            problem = "redis at " + endpoint + " did not answer within " + options.commandTimeout().toMillis() + " ms";
        } else if (cause instanceof RedisCommandExecutionException) {
            problem = "redis at " + endpoint + " refused the append of plot " + plotId + ": " + cause.getMessage();
        } else if (!connection.isOpen()) { // one text per outage, whichever way Lettuce phrased the failure
            problem = "redis unreachable at " + endpoint + ": connection lost, reconnecting";
        } else {
            problem = "redis unreachable at " + endpoint + ": " + describe(cause);
        }
        if (!problem.equals(lastError)) {
            LOG.warn("Operation log: {}", problem); // once per distinct problem, not per append
        }
        lastError = problem;
        return new LogUnavailableException(problem, cause);
    }

    /** Lettuce's bound on unanswered commands, checked when queued ("Request queue ...") or written ("Internal stack ..."). */
    private static boolean tooManyPending(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith("Request queue size exceeded") || message.startsWith("Internal stack size exceeded");
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
            message = (message == null ? "" : message + ": ") + cause.getMessage();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void checkpointed(String plotId, long position) {
        Objects.requireNonNull(plotId, "plotId");
        if (position < NONE) {
            throw new IllegalArgumentException("checkpoint position of plot " + plotId + " is " + position);
        }
        if (position == NONE || closed) {
            return;
        }
        // Asynchronous: a failed trim only leaves records that the next checkpoint trims.
        whenDone(async.eval(CHECKPOINT_SCRIPT, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.checkpoint(plotId), RedisKeys.log(plotId), RedisKeys.state(plotId)},
                Long.toString(position).getBytes(StandardCharsets.US_ASCII)).toCompletableFuture(),
                "trim plot " + plotId + " to its checkpoint " + position);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Keeps the log's last entry (the deletion) for {@link #FORGOTTEN_KEPT}, so that a re-create
     * continues the plot's positions and never hands one out twice; drops its stored checkpoint. Does
     * nothing when the plot was re-created (is live) meanwhile.
     */
    @Override
    public void forget(String plotId) {
        Objects.requireNonNull(plotId, "plotId");
        if (closed) {
            return;
        }
        whenDone(async.eval(FORGET_SCRIPT, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.log(plotId), RedisKeys.live(plotId), RedisKeys.state(plotId),
                        RedisKeys.checkpoint(plotId)},
                Long.toString(FORGOTTEN_KEPT.toSeconds()).getBytes(StandardCharsets.US_ASCII)).toCompletableFuture(),
                "forget plot " + plotId);
    }

    private void whenDone(CompletableFuture<?> command, String what) {
        inFlight.add(command);
        command.whenComplete((ok, error) -> {
            inFlight.remove(command);
            if (error != null) {
                LOG.warn("Operation log on redis {}: could not {}: {}", endpoint, what, describe(error));
            }
        });
    }

    @Override
    public LogHealth health() {
        refreshMemory();
        String problem;
        if (closed) {
            problem = "operation log closed";
        } else if (!connection.isOpen()) {
            problem = lastError.startsWith("redis unreachable") ? lastError
                    : "redis unreachable at " + endpoint + ": connection lost, reconnecting";
        } else {
            problem = lastError;
        }
        long total = appends.sum();
        return new LogHealth(problem.isEmpty(), problem, memoryUsed, memoryLimit, total, total, failures.sum());
    }

    /**
     * bytesUsed and bytesLimit are Redis's used_memory and maxmemory (the whole instance: the log is
     * most of it), read asynchronously at most once a second so health() never waits for Redis.
     */
    private void refreshMemory() {
        long now = System.nanoTime();
        if (closed || !connection.isOpen() || now - memoryReadAt < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        memoryReadAt = now;
        async.info("memory").thenAccept(info -> {
            for (String line : info.split("\r?\n")) {
                if (line.startsWith("used_memory:")) {
                    memoryUsed = Long.parseLong(line.substring("used_memory:".length()).trim());
                } else if (line.startsWith("maxmemory:")) {
                    long max = Long.parseLong(line.substring("maxmemory:".length()).trim());
                    memoryLimit = max == 0 ? Long.MAX_VALUE : max;
                }
            }
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RedisTail tail : List.copyOf(tails)) {
            tail.close();
        }
        // Let what was sent be answered, so a close completes pending appends rather than failing them.
        try {
            CompletableFuture.allOf(inFlight.toArray(new CompletableFuture<?>[0]))
                    .get(options.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // failed or timed out: those appends already failed, or fail when the connection closes
        }
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** Logs reaching and losing Redis once per transition (appends would otherwise log per record). */
    private final class ConnectionWatch implements RedisConnectionStateListener {
        @Override
        public void onRedisConnected(io.lettuce.core.RedisChannelHandler<?, ?> handler, SocketAddress remote) {
            if (handler == connection && !closed && !lastError.isEmpty()) {
                LOG.info("Operation log: reconnected to redis at {}; appends accepted again", endpoint);
                lastError = "";
            }
        }

        @Override
        public void onRedisDisconnected(io.lettuce.core.RedisChannelHandler<?, ?> handler) {
            if (handler == connection && !closed) {
                String problem = "redis unreachable at " + endpoint + ": connection lost, reconnecting";
                LOG.warn("Operation log: {}; appends fail until it is back", problem);
                lastError = problem;
            }
        }
    }
}
