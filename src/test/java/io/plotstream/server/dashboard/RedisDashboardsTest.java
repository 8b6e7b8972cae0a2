package io.plotstream.server.dashboard;

import static io.plotstream.server.dashboard.DashboardJsonTest.json;
import static io.plotstream.server.dashboard.DashboardStoreTest.dashboard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plotstream.server.log.OperationLog;
import io.plotstream.server.log.TailListener;
import io.plotstream.server.log.redis.RedisLog;
import io.plotstream.server.log.redis.RedisLogOptions;
import io.plotstream.testing.RedisPerClass;
import io.plotstream.testing.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Dashboards kept in Redis and shared by two nodes, against a real redis-server. */
class RedisDashboardsTest extends RedisPerClass {

    private final Set<String> plots = Set.of("temps", "load");
    private RedisLog node() throws Exception {
        RedisLog log = RedisLog.open(RedisLogOptions.of(redis.uri(), Map.of()));
        opened(log);
        log.recover(plot -> OperationLog.NONE, (plot, position, record) -> { });
        return log;
    }

    private DashboardStore store(RedisLog log) {
        return new DashboardStore(new RedisDashboards(log), 10, 24, plots::contains);
    }

    @Test
    void definitionsRoundTripThroughTheHashAndEveryChangeIsAnnounced() throws Exception {
        RedisDashboards repository = new RedisDashboards(node());
        repository.save("zeta", "{\"z\":1}".getBytes(StandardCharsets.UTF_8));
        repository.save("alpha", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(repository.loadAll()).extracting(DashboardRepository.Stored::id).containsExactly("alpha", "zeta");
        assertThat(new String(repository.load("alpha").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(keys().hget("ps:dashboards", "zeta")).isEqualTo("{\"z\":1}");
        repository.delete("zeta");
        repository.delete("never-there");
        assertThat(repository.load("zeta")).isEmpty();
        assertThat(repository.loadAll()).extracting(DashboardRepository.Stored::id).containsExactly("alpha");
        assertThat(keys().xrange("ps:catalog", io.lettuce.core.Range.create("-", "+")))
                .extracting(entry -> entry.getBody().get("dashboard"))
                .containsExactly("zeta", "alpha", "zeta", "never-there");
    }

    @Test
    void aDashboardChangedOnNodeAReachesNodeBThroughItsTail() throws Exception {
        RedisLog a = node();
        RedisLog b = node();
        DashboardStore atA = store(a);
        DashboardStore atB = store(b);
        b.tail(Map.of(), new DashboardsOnly(atB));

        atA.put("ops", json(dashboard(null, "temps")));
        waitUntil("node b has the new dashboard", () -> atB.find("ops").isPresent());
        atA.put("ops", json(dashboard(null, "temps", "load")));
        waitUntil("node b has the replaced dashboard", () -> atB.find("ops").orElseThrow().panels().size() == 2);
        atA.delete("ops");
        waitUntil("node b dropped the deleted dashboard", () -> atB.find("ops").isEmpty());

        atA.put("kept", json(dashboard(null, "load")));
        DashboardStore started = store(node());
        assertThat(started.loadSaved()).isEqualTo(1);
        assertThat(started.find("kept")).isPresent();
    }

    @Test
    void aChangeWhileRedisIsAwayFailsAndChangesNothing() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.start(redisDir.resolve("own"))) {
            RedisLog log = RedisLog.open(RedisLogOptions.of(own.uri(), Map.of()));
            opened(log);
            log.recover(plot -> OperationLog.NONE, (plot, position, record) -> { });
            DashboardStore store = store(log);
            own.kill();
            assertThatThrownBy(() -> store.put("ops", json(dashboard(null, "temps"))))
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("redis unreachable at 127.0.0.1:" + own.port());
            assertThat(store.find("ops")).isEmpty();
        }
    }

    /** A node's tail listener that only reloads dashboards (what the server does on dashboardChanged). */
    private record DashboardsOnly(DashboardStore store) implements TailListener {
        @Override
        public void record(String plotId, long position, byte[] record) {
        }

        @Override
        public void gap(String plotId, long lastSeen, long next) {
        }

        @Override
        public void plotAnnounced(String plotId) {
        }

        @Override
        public void dashboardChanged(String dashboardId) {
            store.reload(dashboardId);
        }

        @Override
        public void reachable(boolean up) {
        }
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 20 s for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
