package io.plotstream.server.log.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
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
import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.RecoveryReport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * node. A plot deleted and {@link #forget forgotten} loses its keys and starts again at 1.
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
public final class RedisLog implements OperationLog {
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
     * order) and trims the stream to the entries after it. Both keys share the plot's hash tag.
     */
    private static final String CHECKPOINT_SCRIPT = """
            local covered = tonumber(redis.call('GET', KEYS[1]) or '-1')
            local position = tonumber(ARGV[1])
            if position > covered then
              redis.call('SET', KEYS[1], ARGV[1])
              covered = position
            end
            return redis.call('XTRIM', KEYS[2], 'MINID', '0-' .. string.format('%d', covered + 1))
            """;

    private final RedisLogOptions options;
    private final String endpoint;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisAsyncCommands<String, byte[]> async;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<RedisFollow> follows = ConcurrentHashMap.newKeySet();
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
            uri.setAuthentication(options.password());
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
        return ClientOptions.builder()
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
    private static Set<String> plots(RedisCommands<String, byte[]> sync) {
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

    private static String describe(Throwable e) {
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
                new String[] {RedisKeys.checkpoint(plotId), RedisKeys.log(plotId)},
                Long.toString(position).getBytes(StandardCharsets.US_ASCII)).toCompletableFuture(),
                "trim plot " + plotId + " to its checkpoint " + position);
    }

    @Override
    public void forget(String plotId) {
        Objects.requireNonNull(plotId, "plotId");
        if (closed) {
            return;
        }
        whenDone(async.del(RedisKeys.log(plotId), RedisKeys.checkpoint(plotId)).toCompletableFuture(),
                "delete the keys of plot " + plotId);
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

    /**
     * Follows one plot's log from {@code after} (exclusive) on a connection of its own: every record
     * appended by any node after that position reaches {@code consumer}, in order, on the follower's
     * thread. For a node that replicates a plot other nodes write to. Close the returned handle to stop.
     */
    public RedisFollow follow(String plotId, long after, RecordConsumer consumer) {
        Objects.requireNonNull(plotId, "plotId");
        Objects.requireNonNull(consumer, "consumer");
        if (closed) {
            throw new IllegalStateException("the operation log on redis " + endpoint + " is closed");
        }
        RedisFollow follow = RedisFollow.start(this, plotId, after, consumer, follows::remove);
        follows.add(follow);
        return follow;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (RedisFollow follow : List.copyOf(follows)) {
            follow.close();
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
