package io.plotstream.server.dashboard;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example dashboards in {@code config/} are accepted exactly as {@code --dashboards-dir} loads
 * them, with the plots of the figure directory they go with (plot id = figure file name).
 */
class ExampleDashboardsTest {

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({"config/example-dashboards, config/plots", "config/demo-dashboards, config/demo-plots"})
    void everyExampleIsAValidDashboardOverItsPlots(String dashboards, String plots, @org.junit.jupiter.api.io.TempDir Path data)
            throws IOException {
        Set<String> plotIds;
        try (Stream<Path> files = Files.list(Path.of(plots))) {
            plotIds = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).collect(Collectors.toSet());
        }
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of(dashboards))) {
            examples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(examples).isNotEmpty();
        DashboardStore store = new DashboardStore(data, 100, 24, plotIds::contains);
        assertThat(store.loadDirectory(Path.of(dashboards))).as("every file loads").isEqualTo(examples.size());
        store.all().forEach(d -> assertThat(d.panels()).isNotEmpty());
    }
}
