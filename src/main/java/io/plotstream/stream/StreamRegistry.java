package io.plotstream.stream;

import io.plotstream.protocol.StreamToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per JVM (a Connect worker): every task of every connector in it leases token streams here,
 * so a token has at most one open connection per worker, and a task restart or rebalance within
 * the linger reuses the live connection.
 *
 * <ul>
 *   <li>Streams are keyed by (server scheme/host/port, token) and reference-counted by leases.</li>
 *   <li>When the last lease is closed the stream <em>lingers</em> for {@code settings.linger()}: still
 *       connected and heartbeating. A lease taken within the linger gets the same stream and
 *       connection. After the linger the stream closes cleanly (queued points get
 *       {@code closeTimeout} to be delivered) and its threads end.</li>
 *   <li>A lease with settings different from the live stream's: if the stream is lingering (no
 *       lease), it is closed completely first and a new one is started with the new settings (never
 *       two connections for one key at once); if it is leased, it is shared and the first settings
 *       win (logged at WARN). A lingering stream that failed for good is replaced the same way, so a
 *       restarted task gets a fresh attempt.</li>
 *   <li>Linger timers run on one daemon thread ({@code plotly-stream-registry}) that exists only
 *       while the registry holds streams: a deleted connector leaves no thread behind.</li>
 * </ul>
 */
public final class StreamRegistry {
    private static final Logger log = LoggerFactory.getLogger(StreamRegistry.class);
    private static final StreamRegistry SHARED = new StreamRegistry();

    /** Guarded by this. */
    private final Map<Key, Entry> entries = new HashMap<>();
    /** Guarded by this; null while there are no streams. */
    private ScheduledThreadPoolExecutor scheduler;

    private StreamRegistry() {
    }

    /** The JVM-wide registry. */
    public static StreamRegistry shared() {
        return SHARED;
    }

    /** A registry of its own, for tests and embedded use; most code wants {@link #shared()}. */
    public static StreamRegistry create() {
        return new StreamRegistry();
    }

    /**
     * Leases the stream for {@code token} on {@code settings.serverUri()}, creating it if needed (it
     * connects as soon as there is something to send). May wait for a lingering stream with other
     * settings to close (at most about twice its closeTimeout).
     *
     * @throws IllegalArgumentException for a token the protocol does not allow or unusable TLS settings
     */
    public StreamLease lease(StreamSettings settings, String token) {
        Objects.requireNonNull(settings, "settings");
        StreamToken.require(token);
        Key key = Key.of(settings, token);
        while (true) {
            CompletableFuture<Void> closing;
            synchronized (this) {
                Entry e = entries.get(key);
                if (e == null) {
                    TokenStream stream = TokenStream.start(settings, token);
                    e = new Entry(key, stream);
                    entries.put(key, e);
                    ensureScheduler();
                    e.leases = 1;
                    log.debug("stream for token {} on {} opened", stream.maskedToken(), key.server);
                    return new StreamLease(this, e);
                }
                if (e.closing) {
                    closing = e.stream.terminated();
                } else if (e.leases == 0 && (!e.stream.settings().equals(settings) || e.stream.failure().isPresent())) {
                    log.info("stream for token {} on {} is lingering with {}; closing it to start one with the "
                                    + "new settings", e.stream.maskedToken(), key.server,
                            e.stream.failure().isPresent() ? "a permanent failure" : "other settings");
                    closing = beginClose(e);
                } else {
                    if (!e.stream.settings().equals(settings)) {
                        log.warn("stream for token {} on {} is already open with other settings and still leased; "
                                + "sharing it: the first settings win ({} vs requested {})", e.stream.maskedToken(),
                                key.server, e.stream.settings(), settings);
                    }
                    cancelLinger(e);
                    e.leases++;
                    return new StreamLease(this, e);
                }
            }
            awaitQuietly(closing);
        }
    }

    /** Streams currently open or lingering (for tests and metrics). */
    public synchronized int openStreams() {
        return entries.size();
    }

    /**
     * Closes every stream now, leased or not, each cleanly within its closeTimeout; streams still
     * running after {@code timeout} are aborted. For worker shutdown and tests.
     *
     * @return true if every stream finished cleanly within {@code timeout}
     */
    public boolean closeAll(Duration timeout) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        List<Entry> all;
        synchronized (this) {
            all = new ArrayList<>(entries.values());
            for (Entry e : all) {
                closing.add(e.closing ? e.stream.terminated() : beginClose(e));
            }
        }
        CompletableFuture<Void> every = CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
        try {
            every.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            all.forEach(entry -> entry.stream.abort());
            awaitQuietly(every);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all.forEach(entry -> entry.stream.abort());
            return false;
        }
    }

    synchronized void release(Entry e) {
        e.leases--;
        if (e.leases > 0 || e.closing) {
            return;
        }
        Duration linger = e.stream.settings().linger();
        if (linger.isZero()) {
            beginClose(e);
        } else {
            e.lingerTask = scheduler.schedule(() -> lingerExpired(e), linger.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void lingerExpired(Entry e) {
        if (e.leases == 0 && !e.closing && entries.get(e.key) == e) {
            log.debug("stream for token {} on {} closing after its linger", e.stream.maskedToken(), e.key.server);
            beginClose(e);
        }
    }

    /** Guarded by this. The entry stays registered until its stream has fully terminated. */
    private CompletableFuture<Void> beginClose(Entry e) {
        e.closing = true;
        cancelLinger(e);
        StreamSettings s = e.stream.settings();
        // A clean close takes at most closeTimeout to drain plus closeTimeout for the response
        // (plus a connect attempt); past that, stop waiting for the network.
        long abortAfter = 2 * s.closeTimeout().toNanos() + s.connectTimeout().toNanos() + TimeUnit.SECONDS.toNanos(1);
        ScheduledFuture<?> watchdog = scheduler.schedule(e.stream::abort, abortAfter, TimeUnit.NANOSECONDS);
        return e.stream.closeAsync().whenComplete((ok, err) -> {
            watchdog.cancel(false);
            terminated(e);
        });
    }

    private synchronized void terminated(Entry e) {
        entries.remove(e.key, e);
        if (entries.isEmpty() && scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private void ensureScheduler() {
        if (scheduler == null) {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "plotly-stream-registry");
                t.setDaemon(true);
                return t;
            });
            s.setRemoveOnCancelPolicy(true);
            s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            scheduler = s;
        }
    }

    private static void cancelLinger(Entry e) {
        if (e.lingerTask != null) {
            e.lingerTask.cancel(false);
            e.lingerTask = null;
        }
    }

    private static void awaitQuietly(CompletableFuture<?> f) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A stream's identity: the server (scheme, host, port) and the token. Its text masks the token. */
    static final class Key {
        final String server;
        private final String token;

        private Key(String server, String token) {
            this.server = server;
            this.token = token;
        }

        static Key of(StreamSettings settings, String token) {
            String server = settings.serverUri().getScheme().toLowerCase(Locale.ROOT) + "://"
                    + settings.serverUri().getHost().toLowerCase(Locale.ROOT) + ":" + settings.port();
            return new Key(server, token);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return k.server.equals(server) && k.token.equals(token);
        }

        @Override
        public int hashCode() {
            return server.hashCode() * 31 + token.hashCode();
        }

        @Override
        public String toString() {
            return server + "#" + StreamToken.mask(token);
        }
    }

    /** A registered stream and its leases; fields guarded by the registry. */
    static final class Entry {
        final Key key;
        final TokenStream stream;
        int leases;
        boolean closing;
        ScheduledFuture<?> lingerTask;

        Entry(Key key, TokenStream stream) {
            this.key = key;
            this.stream = stream;
        }
    }
}
