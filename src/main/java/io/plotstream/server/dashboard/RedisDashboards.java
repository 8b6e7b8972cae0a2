package io.plotstream.server.dashboard;

import io.lettuce.core.RedisException;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.plotstream.server.log.redis.RedisKeys;
import io.plotstream.server.log.redis.RedisLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Dashboards in Redis, shared by every node of a cluster: the hash {@code ps:dashboards} (id -&gt;
 * definition JSON) and, after every change, an announcement {@code dashboard = id} on
 * {@code ps:catalog}, which every node's tail hands to {@link DashboardStore#reload}.
 *
 * <p>The change and its announcement are two commands, the announcement second (on Redis Cluster
 * the two keys may live in different slots, so neither MULTI nor a script may touch both). When
 * Redis is lost between them the change is stored but unannounced: the call fails all the same, so
 * the client retries (a PUT or DELETE is idempotent) and the retry announces it.
 *
 * <p>Uses the engine's connection ({@link RedisLog#sharedCommands}); its command timeout bounds every call.
 */
public final class RedisDashboards implements DashboardRepository {
    private final RedisLog log;

    public RedisDashboards(RedisLog log) {
        this.log = log;
    }

    private RedisCommands<String, byte[]> redis() {
        return log.sharedCommands();
    }

    @Override
    public List<Stored> loadAll() throws IOException {
        try {
            Map<String, byte[]> all = new TreeMap<>(redis().hgetall(RedisKeys.DASHBOARDS));
            List<Stored> stored = new ArrayList<>(all.size());
            all.forEach((id, json) -> stored.add(new Stored(id, json, source(id))));
            return stored;
        } catch (RedisException e) {
            throw unreachable("read the dashboards", e);
        }
    }

    @Override
    public Optional<byte[]> load(String id) throws IOException {
        try {
            return Optional.ofNullable(redis().hget(RedisKeys.DASHBOARDS, id));
        } catch (RedisException e) {
            throw unreachable("read dashboard " + id, e);
        }
    }

    @Override
    public void save(String id, byte[] json) throws IOException {
        try {
            redis().hset(RedisKeys.DASHBOARDS, id, json);
            announce(id);
        } catch (RedisException e) {
            throw unreachable("store dashboard " + id, e);
        }
    }

    @Override
    public void delete(String id) throws IOException {
        try {
            redis().hdel(RedisKeys.DASHBOARDS, id);
            announce(id);
        } catch (RedisException e) {
            throw unreachable("delete dashboard " + id, e);
        }
    }

    private void announce(String id) {
        redis().xadd(RedisKeys.CATALOG, XAddArgs.Builder.maxlen(RedisKeys.CATALOG_MAXLEN).approximateTrimming(),
                Map.of(RedisKeys.DASHBOARD_FIELD, id.getBytes(StandardCharsets.UTF_8)));
    }

    private IOException unreachable(String what, RedisException e) {
        return new IOException("cannot " + what + ": redis unreachable at " + log.endpoint() + ": " + e.getMessage(), e);
    }

    private static String source(String id) {
        return "redis hash " + RedisKeys.DASHBOARDS + " field " + id;
    }

    @Override
    public String toString() {
        return "redis hash " + RedisKeys.DASHBOARDS + " at " + log.endpoint();
    }
}
