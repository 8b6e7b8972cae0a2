package io.plotstream.integration.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard REST API through a real PlotServer: CRUD, validation, keys, limits, files and restarts. */
class DashboardApiIT {

    private static final String OPS = "{\"id\":\"ops\",\"title\":\"Operations\",\"columns\":12,\"rowHeight\":120,"
            + "\"timeRange\":\"5m\",\"panels\":[{\"plot\":\"temps\",\"x\":0,\"y\":0,\"w\":6,\"h\":3,\"title\":\"Boiler\"}]}";

    @TempDir
    Path dataDir;
    RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void createPlots(String... ids) {
        for (String id : ids) {
            server.createPlot("{\"id\":\"" + id + "\",\"data\":[{\"stream\":{}}]}");
        }
    }

    @Test
    void createListReadReplaceDelete() {
        server = new RunningServer(dataDir, b -> b);
        createPlots("temps", "load");
        HttpResponse<String> created = server.send("POST", "/api/dashboards", OPS);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(RunningServer.json(created.body())).isEqualTo(RunningServer.json(OPS));

        assertThat(server.send("POST", "/api/dashboards", OPS).statusCode()).isEqualTo(409);
        HttpResponse<String> list = server.send("GET", "/api/dashboards", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(RunningServer.json(list.body())).hasSize(1);
        assertThat(RunningServer.json(list.body()).get(0).path("id").asText()).isEqualTo("ops");
        assertThat(RunningServer.json(server.send("GET", "/api/dashboards/ops", null).body()).path("title").asText())
                .isEqualTo("Operations");

        HttpResponse<String> replaced = server.send("PUT", "/api/dashboards/ops",
                "{\"title\":\"Ops 2\",\"panels\":[{\"plot\":\"load\",\"x\":6,\"y\":0,\"w\":6,\"h\":2}]}");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        JsonNode now = RunningServer.json(server.send("GET", "/api/dashboards/ops", null).body());
        assertThat(now.path("title").asText()).isEqualTo("Ops 2");
        assertThat(now.path("columns").asInt()).as("defaults").isEqualTo(12);
        assertThat(now.has("timeRange")).isFalse();
        assertThat(now.path("panels").get(0).path("plot").asText()).isEqualTo("load");

        assertThat(server.send("PUT", "/api/dashboards/fresh", "{\"panels\":[]}").statusCode()).isEqualTo(201);
        HttpResponse<String> generated = server.send("POST", "/api/dashboards", "{\"title\":\"No id\"}");
        assertThat(RunningServer.json(generated.body()).path("id").asText()).matches("d-[a-z0-9]{8}");

        assertThat(server.send("DELETE", "/api/dashboards/ops", null).body()).contains("\"deleted\":\"ops\"");
        assertThat(server.send("GET", "/api/dashboards/ops", null).statusCode()).isEqualTo(404);
        assertThat(server.send("DELETE", "/api/dashboards/ops", null).statusCode()).isEqualTo(404);
        assertThat(server.send("PATCH", "/api/dashboards/fresh", "{}").statusCode()).isEqualTo(405);
        assertThat(server.send("GET", "/api/dashboards/fresh/panels", null).statusCode()).isEqualTo(404);
        // the plot API is still where it was
        assertThat(server.send("GET", "/api/plots/temps", null).statusCode()).isEqualTo(200);
    }

    @Test
    void badDefinitionsGet400NamingTheFieldAndChangeNothing() {
        server = new RunningServer(dataDir, b -> b);
        createPlots("temps");
        assertThat(server.send("PUT", "/api/dashboards/ops", OPS).statusCode()).isEqualTo(201);
        String before = server.send("GET", "/api/dashboards/ops", null).body();

        assertRefused("PUT", "/api/dashboards/ops", "{\"panels\":[", "body: malformed JSON");
        assertRefused("PUT", "/api/dashboards/ops", "{\"panels\":[{\"plot\":\"temps\",\"x\":0,\"y\":0,\"wdth\":1,\"h\":1}]}",
                "panels[0].wdth: unknown key");
        assertRefused("PUT", "/api/dashboards/ops", "{\"panels\":[{\"plot\":\"nope\",\"x\":0,\"y\":0,\"w\":1,\"h\":1}]}",
                "panels[0].plot: no plot 'nope'");
        assertRefused("PUT", "/api/dashboards/ops", "{\"panels\":[{\"plot\":\"temps\",\"x\":8,\"y\":0,\"w\":6,\"h\":1}]}",
                "panels[0].w: x 8 + w 6 = 14 is beyond the grid's 12 columns");
        assertRefused("PUT", "/api/dashboards/ops", "{\"panels\":[{\"plot\":\"temps\",\"x\":0,\"y\":0,\"w\":0,\"h\":1}]}",
                "panels[0].w: 0 is below 1");
        assertRefused("PUT", "/api/dashboards/ops", "{\"id\":\"other\"}", "id: 'other' does not match 'ops'");
        assertRefused("PUT", "/api/dashboards/bad!id", "{}", "id: 'bad!id' must be 1 to 64 characters");
        assertRefused("POST", "/api/dashboards", "[]", "body: expected a JSON object");

        assertThat(server.send("GET", "/api/dashboards/ops", null).body()).isEqualTo(before);
        assertThat(server.send("GET", "/api/dashboards", null).body()).isEqualTo("[" + before + "]");
    }

    private void assertRefused(String method, String path, String body, String message) {
        HttpResponse<String> response = server.send(method, path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(RunningServer.json(response.body()).path("error").asText()).startsWith(message);
    }

    @Test
    void limitsOnDashboardsAndPanels() {
        server = new RunningServer(dataDir, b -> b.maxDashboards(2).maxPanels(2));
        createPlots("temps");
        String three = "{\"panels\":[" + "{\"plot\":\"temps\",\"x\":0,\"y\":0,\"w\":1,\"h\":1},".repeat(2)
                + "{\"plot\":\"temps\",\"x\":0,\"y\":0,\"w\":1,\"h\":1}]}";
        assertRefused("PUT", "/api/dashboards/a", three, "panels: 3 panels is above the limit of 2 per dashboard (--max-panels)");
        assertThat(server.send("PUT", "/api/dashboards/a", "{}").statusCode()).isEqualTo(201);
        assertThat(server.send("PUT", "/api/dashboards/b", "{}").statusCode()).isEqualTo(201);
        assertRefused("PUT", "/api/dashboards/c", "{}", "id: the limit of 2 dashboards (--max-dashboards) is reached");
        assertRefused("POST", "/api/dashboards", "{}", "id: the limit of 2 dashboards");
        assertThat(server.send("PUT", "/api/dashboards/b", "{\"title\":\"replacing is fine\"}").statusCode()).isEqualTo(200);
        assertThat(server.send("DELETE", "/api/dashboards/a", null).statusCode()).isEqualTo(200);
        assertThat(server.send("PUT", "/api/dashboards/c", "{}").statusCode()).isEqualTo(201);
    }

    @Test
    void thePagesShowWhatTheApiStored() {
        server = new RunningServer(dataDir, b -> b);
        createPlots("temps");
        assertThat(server.send("GET", "/dashboards/ops", null).statusCode()).isEqualTo(404);
        assertThat(server.send("PUT", "/api/dashboards/ops", OPS).statusCode()).isEqualTo(201);
        HttpResponse<String> page = server.send("GET", "/dashboards/ops", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("data-dashboard-id=\"ops\"");
        assertThat(server.send("GET", "/embed/dashboards/ops", null).statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/dashboards.json", null).body()).contains("\"ops\"").contains("Operations");
        assertThat(server.send("DELETE", "/api/dashboards/ops", null).statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/dashboards/ops", null).statusCode()).isEqualTo(404);
    }

    @Test
    void oversizedBodyGets413() {
        server = new RunningServer(dataDir, b -> b.maxBodyBytes(1024));
        assertThat(server.send("PUT", "/api/dashboards/big", "{\"title\":\"" + "x".repeat(2000) + "\"}").statusCode())
                .isEqualTo(413);
    }

    @Test
    void writesNeedTheAdminKeyAndReadsTheViewKeyLikeThePlotApi() {
        server = new RunningServer(dataDir, b -> b.adminKey("admin-secret").viewKey("view-secret"));
        assertThat(server.send("PUT", "/api/dashboards/a", "{}").statusCode()).isEqualTo(401);
        assertThat(server.send("PUT", "/api/dashboards/a", "{}", "Authorization", "Bearer view-secret").statusCode()).isEqualTo(401);
        assertThat(server.send("PUT", "/api/dashboards/a", "{}", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> unauthorized = server.send("POST", "/api/dashboards", "{}");
        assertThat(unauthorized.headers().firstValue("www-authenticate")).hasValue("Bearer");
        assertThat(server.send("PUT", "/api/dashboards/a", "{}", "Authorization", "Bearer admin-secret").statusCode()).isEqualTo(201);
        assertThat(server.send("POST", "/api/dashboards", "{\"id\":\"b\"}", "X-Admin-Key", "admin-secret").statusCode()).isEqualTo(201);

        assertThat(server.send("GET", "/api/dashboards", null).statusCode()).isEqualTo(401);
        assertThat(server.send("GET", "/api/dashboards/a", null).statusCode()).isEqualTo(401);
        assertThat(server.send("GET", "/api/dashboards/a?key=wrong", null).statusCode()).isEqualTo(401);
        assertThat(server.send("GET", "/api/dashboards/a?key=view-secret", null).statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/api/dashboards", null, "X-View-Key", "view-secret").statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/api/dashboards", null, "Authorization", "Bearer admin-secret").statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/api/dashboards", null, "Cookie", "plotstream_view=view-secret").statusCode()).isEqualTo(200);

        assertThat(server.send("DELETE", "/api/dashboards/a", null, "X-View-Key", "view-secret").statusCode()).isEqualTo(401);
        assertThat(server.send("DELETE", "/api/dashboards/a", null, "X-Admin-Key", "admin-secret").statusCode()).isEqualTo(200);
    }

    @Test
    void dashboardsSurviveARestartAndTheDashboardsDirIsLoaded() throws IOException {
        Path files = Files.createDirectories(dataDir.resolve("dashboard-files"));
        Files.writeString(files.resolve("from-file.json"), "{\"title\":\"From a file\",\"panels\":[]}");
        Files.writeString(files.resolve("broken.json"), "{\"panels\":");
        server = new RunningServer(dataDir, b -> b.dashboardsDir(files));
        createPlots("temps", "load");
        assertThat(server.send("PUT", "/api/dashboards/ops", OPS).statusCode()).isEqualTo(201);
        assertThat(server.send("PUT", "/api/dashboards/two", "{\"panels\":[{\"plot\":\"load\",\"x\":0,\"y\":0,\"w\":2,\"h\":2}]}")
                .statusCode()).isEqualTo(201);
        String before = server.send("GET", "/api/dashboards", null).body();
        assertThat(RunningServer.json(before)).extracting(n -> n.path("id").asText()).containsExactly("from-file", "ops", "two");
        assertThat(dataDir.resolve("dashboards").resolve("ops.json")).exists();

        // a plot a panel names is deleted: the dashboard stays as it is (its page shows that panel as missing)
        assertThat(server.send("DELETE", "/api/plots/load", null).statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/api/dashboards/two", null).body()).contains("\"plot\":\"load\"");
        // and can still be rearranged and saved with that panel
        assertThat(server.send("PUT", "/api/dashboards/two", "{\"panels\":[{\"plot\":\"load\",\"x\":2,\"y\":0,\"w\":2,\"h\":2}]}")
                .statusCode()).isEqualTo(200);
        before = server.send("GET", "/api/dashboards", null).body();
        server.close();

        server = new RunningServer(dataDir, b -> b.dashboardsDir(files));
        assertThat(server.send("GET", "/api/dashboards", null).body()).isEqualTo(before);
    }
}
