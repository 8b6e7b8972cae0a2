package io.plotstream.server.dashboard;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static io.plotstream.server.dashboard.DashboardJsonTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DashboardStoreTest {

    @TempDir
    Path dataDir;
    final Set<String> plots = new HashSet<>(Set.of("temps", "load"));

    DashboardStore store(int maxDashboards, int maxPanels) {
        return new DashboardStore(dataDir, maxDashboards, maxPanels, plots::contains);
    }

    static String dashboard(String id, String... panelPlots) {
        StringBuilder panels = new StringBuilder();
        for (int i = 0; i < panelPlots.length; i++) {
            panels.append(i == 0 ? "" : ",").append("{\"plot\":\"").append(panelPlots[i])
                    .append("\",\"x\":0,\"y\":").append(i).append(",\"w\":6,\"h\":1}");
        }
        return "{" + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"panels\":[" + panels + "]}";
    }

    @Test
    void createPutDeleteAndReadSortedById() {
        DashboardStore store = store(10, 24);
        store.create(json(dashboard("zeta", "temps")));
        store.create(json(dashboard("alpha", "load")));
        assertThat(store.all()).extracting(Dashboard::id).containsExactly("alpha", "zeta");
        assertThatThrownBy(() -> store.create(json(dashboard("alpha"))))
                .isInstanceOf(DashboardConflictException.class).hasMessageContaining("'alpha' already exists");
        assertThat(store.put("alpha", json(dashboard(null, "temps", "load"))).created()).isFalse();
        assertThat(store.find("alpha").orElseThrow().panels()).hasSize(2);
        assertThat(store.put("beta", json(dashboard(null))).created()).isTrue();
        assertThat(store.delete("alpha")).isTrue();
        assertThat(store.delete("alpha")).isFalse();
        assertThat(store.find("alpha")).isEmpty();
        assertThat(store.create(json(dashboard(null))).id()).matches("d-[a-z0-9]{8}");
    }

    @Test
    void theDashboardLimitCountsCreatesNotReplaces() {
        DashboardStore store = store(2, 24);
        store.create(json(dashboard("a")));
        store.put("b", json(dashboard(null)));
        assertThatThrownBy(() -> store.create(json(dashboard("c"))))
                .isInstanceOf(InvalidDashboardException.class)
                .hasMessage("id: the limit of 2 dashboards (--max-dashboards) is reached; delete one first");
        assertThatThrownBy(() -> store.put("c", json(dashboard(null)))).isInstanceOf(InvalidDashboardException.class);
        store.put("b", json(dashboard(null, "temps")));
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void theStoresPanelLimitApplies() {
        DashboardStore store = store(2, 1);
        assertThatThrownBy(() -> store.create(json(dashboard("a", "temps", "load"))))
                .hasMessage("panels: 2 panels is above the limit of 1 per dashboard (--max-panels)");
    }

    @Test
    void aBadDefinitionChangesNothingInMemoryOrOnDisk() throws IOException {
        DashboardStore store = store(10, 24);
        store.put("ops", json(dashboard(null, "temps")));
        Path file = dataDir.resolve("dashboards").resolve("ops.json");
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> store.put("ops", json(dashboard(null, "temps", "nope"))))
                .hasMessage("panels[1].plot: no plot 'nope'");
        assertThatThrownBy(() -> store.put("ops", json("{\"columns\":0}"))).hasMessage("columns: 0 is below 1");
        assertThat(store.find("ops").orElseThrow().panels()).extracting(Panel::plot).containsExactly("temps");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(dataDir.resolve("dashboards")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void aFailedWriteChangesNothingInMemory() throws IOException {
        DashboardStore store = store(10, 24);
        store.put("ops", json(dashboard(null, "temps")));
        // a directory where the file must go: the atomic rename onto it fails
        Files.createDirectories(dataDir.resolve("dashboards").resolve("blocked.json").resolve("inside"));
        assertThatThrownBy(() -> store.put("blocked", json(dashboard(null, "temps"))))
                .isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(store.find("blocked")).isEmpty();
        assertThat(store.all()).extracting(Dashboard::id).containsExactly("ops");
        assertThat(dataDir.resolve("dashboards")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void concurrentCreatesNeverPassTheLimit() throws Exception {
        DashboardStore store = store(5, 24);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = "d" + i;
            futures.add(pool.submit(() -> {
                try {
                    store.create(json(dashboard(id, "temps")));
                    created.incrementAndGet();
                } catch (InvalidDashboardException e) {
                    refused.incrementAndGet();
                }
            }));
        }
        for (java.util.concurrent.Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(created).hasValue(5);
        assertThat(refused).hasValue(35);
        assertThat(store.size()).isEqualTo(5);
        try (java.util.stream.Stream<Path> files = Files.list(dataDir.resolve("dashboards"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(5);
        }
    }

    @Test
    void persistedDashboardsSurviveARestart() {
        DashboardStore first = store(10, 24);
        first.put("ops", json("{\"title\":\"Operations\",\"columns\":6,\"rowHeight\":80,\"timeRange\":\"PT5M\","
                + "\"panels\":[{\"plot\":\"temps\",\"x\":1,\"y\":2,\"w\":3,\"h\":4,\"title\":\"Boiler\"}]}"));
        first.put("gone", json(dashboard(null)));
        first.delete("gone");
        DashboardStore second = store(10, 24);
        assertThat(second.loadSaved()).isEqualTo(1);
        assertThat(second.all()).containsExactlyElementsOf(first.all());
        assertThat(second.find("ops").orElseThrow().timeRangeText()).isEqualTo("PT5M");
    }

    @Test
    void aPlotDeletedLaterLeavesTheDashboardAndItStaysSavable() {
        DashboardStore store = store(10, 24);
        store.put("ops", json(dashboard(null, "temps", "load")));
        plots.remove("load");
        assertThat(store.find("ops").orElseThrow().panels()).hasSize(2);
        // rearranged in the page and saved: the missing plot's panel may stay
        DashboardStore.Put saved = store.put("ops", json("{\"panels\":[{\"plot\":\"load\",\"x\":6,\"y\":0,\"w\":6,\"h\":2},"
                + "{\"plot\":\"temps\",\"x\":0,\"y\":0,\"w\":6,\"h\":2}]}"));
        assertThat(saved.dashboard().panels()).extracting(Panel::plot).containsExactly("load", "temps");
        // ...but a dashboard cannot gain a panel on a plot that does not exist
        assertThatThrownBy(() -> store.put("other", json(dashboard(null, "load")))).hasMessage("panels[0].plot: no plot 'load'");
        // and after a restart it loads although its plot is gone
        plots.clear();
        DashboardStore restarted = store(10, 24);
        assertThat(restarted.loadSaved()).isEqualTo(1);
    }

    @Test
    void theDashboardsDirectoryIsLoadedAsPutsAndBadFilesAreSkipped(@TempDir Path files) throws IOException {
        Files.writeString(files.resolve("ops.json"), dashboard(null, "temps"));
        Files.writeString(files.resolve("named.json"), dashboard("named", "load"));
        Files.writeString(files.resolve("mismatch.json"), dashboard("other"));
        Files.writeString(files.resolve("broken.json"), "{\"panels\":[");
        Files.writeString(files.resolve("unknown-plot.json"), dashboard(null, "nope"));
        Files.writeString(files.resolve("bad id!.json"), dashboard(null));
        Files.writeString(files.resolve("notes.txt"), "not a dashboard");
        DashboardStore store = store(10, 24);
        assertThat(store.loadDirectory(files)).isEqualTo(2);
        assertThat(store.all()).extracting(Dashboard::id).containsExactly("named", "ops");
        assertThat(dataDir.resolve("dashboards").resolve("ops.json")).exists();
        assertThat(store.loadDirectory(files.resolve("absent"))).isZero();
    }

    @Test
    void aSavedFileThatIsNoLongerValidIsSkippedAndKept() throws IOException {
        DashboardStore first = store(10, 24);
        first.put("big", json(dashboard(null, "temps", "load")));
        first.put("small", json(dashboard(null, "temps")));
        DashboardStore lowered = store(10, 1);
        assertThat(lowered.loadSaved()).isEqualTo(1);
        assertThat(lowered.find("small")).isPresent();
        assertThat(dataDir.resolve("dashboards").resolve("big.json")).exists();
    }
}
