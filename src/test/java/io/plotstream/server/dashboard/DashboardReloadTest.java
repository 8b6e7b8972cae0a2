package io.plotstream.server.dashboard;

import static io.plotstream.server.dashboard.DashboardJsonTest.json;
import static io.plotstream.server.dashboard.DashboardStoreTest.dashboard;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DashboardStore.reload: another writer of the same repository changed one dashboard. */
class DashboardReloadTest {

    @TempDir
    Path dataDir;
    final Set<String> plots = Set.of("temps", "load");

    private DashboardStore store(int maxDashboards, int maxPanels) {
        return new DashboardStore(new FileDashboards(dataDir), maxDashboards, maxPanels, plots::contains);
    }

    @Test
    void aDashboardChangedByAnotherWriterIsTakenAsStoredAndOneDeletedIsDropped() {
        DashboardStore here = store(10, 24);
        DashboardStore there = store(10, 24);
        here.put("ops", json(dashboard(null, "temps")));
        assertThat(there.find("ops")).isEmpty();
        assertThat(there.reload("ops")).isPresent();
        assertThat(there.find("ops").orElseThrow().panels()).hasSize(1);

        here.put("ops", json(dashboard(null, "temps", "load")));
        there.reload("ops");
        assertThat(there.find("ops").orElseThrow().panels()).hasSize(2);

        here.delete("ops");
        assertThat(there.reload("ops")).isEmpty();
        assertThat(there.find("ops")).isEmpty();
        assertThat(there.reload("never-there")).isEmpty();
    }

    @Test
    void aStoredVersionThatIsNotValidHereKeepsTheHeldOneAndABadIdIsIgnored() throws Exception {
        DashboardStore here = store(10, 24);
        here.put("ops", json(dashboard(null, "temps")));
        Files.write(dataDir.resolve("dashboards").resolve("ops.json"), "{\"panels\":[".getBytes(StandardCharsets.UTF_8));
        assertThat(here.reload("ops")).isPresent();
        assertThat(here.find("ops").orElseThrow().panels()).hasSize(1);
        assertThat(here.reload("../../etc/passwd")).isEmpty();
    }

    @Test
    void aReloadTakesADashboardBeyondThisNodesLimitSoEveryNodeHoldsTheSameSet() {
        DashboardStore here = store(10, 24);
        DashboardStore full = store(1, 24);
        here.put("a", json(dashboard(null, "temps")));
        here.put("b", json(dashboard(null, "temps")));
        full.reload("a");
        full.reload("b");
        assertThat(full.all()).extracting(Dashboard::id).containsExactly("a", "b");
    }
}
