package io.plotstream.integration.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The REST API, /healthz and /metrics, with and without keys. */
class RestApiIT {

    @TempDir
    Path dataDir;
    RunningServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void createListReadReplaceDelete() {
        server = new RunningServer(dataDir, b -> b);
        HttpResponse<String> created = server.send("POST", "/api/plots", "{\"data\":[{\"stream\":{}}],\"layout\":{\"title\":\"T\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = RunningServer.json(created.body());
        String id = body.get("id").asText();
        String token = body.path("streams").get(0).path("token").asText();
        assertThat(token).matches("[a-z0-9]{10}");

        assertThat(server.send("GET", "/api/plots", null).body()).contains("\"id\":\"" + id + "\"").contains("\"title\":\"T\"");
        assertThat(server.plot(id).path("figure").path("data").get(0).has("stream")).isFalse();

        HttpResponse<String> replaced = server.send("PUT", "/api/plots/" + id,
                "{\"data\":[{\"stream\":{\"token\":\"" + token + "\"}},{\"type\":\"bar\",\"x\":[1],\"y\":[2]}]}");
        assertThat(replaced.statusCode()).isEqualTo(200);
        assertThat(server.plot(id).path("figure").path("data").size()).isEqualTo(2);

        assertThat(server.send("DELETE", "/api/plots/" + id, null).statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/api/plots/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    void invalidFiguresAreRefusedSayingWhy() {
        server = new RunningServer(dataDir, b -> b);
        HttpResponse<String> response = server.send("POST", "/api/plots", "{\"data\":[{\"stream\":{\"maxpoints\":99999}}]}");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("data[0].stream.maxpoints");
        assertThat(server.send("POST", "/api/plots", "not json").statusCode()).isEqualTo(400);
        server.createPlot("{\"id\":\"dup\",\"data\":[]}");
        assertThat(server.send("POST", "/api/plots", "{\"id\":\"dup\",\"data\":[]}").statusCode()).isEqualTo(409);
        assertThat(server.send("POST", "/api/plots", "{\"id\":\"../etc\",\"data\":[]}").statusCode()).isEqualTo(422);
    }

    @Test
    void oversizedBodyGets413() {
        server = new RunningServer(dataDir, b -> b.maxBodyBytes(2048));
        String big = "{\"data\":[{\"x\":[" + "1,".repeat(2000) + "1]}]}";
        assertThat(server.send("POST", "/api/plots", big).statusCode()).isEqualTo(413);
    }

    @Test
    void adminKeyIsRequiredForChangesWhenConfigured() {
        server = new RunningServer(dataDir, b -> b.adminKey("admin-secret"));
        String figure = "{\"id\":\"guarded\",\"data\":[]}";
        assertThat(server.send("POST", "/api/plots", figure).statusCode()).isEqualTo(401);
        assertThat(server.send("POST", "/api/plots", figure, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(server.send("POST", "/api/tokens", null).statusCode()).isEqualTo(401);
        assertThat(server.send("POST", "/api/plots", figure, "Authorization", "Bearer admin-secret").statusCode()).isEqualTo(201);
        assertThat(server.send("DELETE", "/api/plots/guarded", null).statusCode()).isEqualTo(401);
        assertThat(server.send("GET", "/api/plots/guarded/figure", null).statusCode()).isEqualTo(401);
        // reads stay open without a view key
        assertThat(server.send("GET", "/api/plots/guarded", null).statusCode()).isEqualTo(200);
        assertThat(server.send("DELETE", "/api/plots/guarded", null, "X-Admin-Key", "admin-secret").statusCode()).isEqualTo(200);
    }

    @Test
    void viewKeyIsRequiredForReadsWhenConfigured() {
        server = new RunningServer(dataDir, b -> b.viewKey("view-secret").adminKey("admin-secret"));
        assertThat(server.send("GET", "/api/plots", null).statusCode()).isEqualTo(401);
        assertThat(server.send("GET", "/metrics", null).statusCode()).isEqualTo(401);
        assertThat(server.send("GET", "/api/plots?key=view-secret", null).statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/api/plots", null, "X-View-Key", "view-secret").statusCode()).isEqualTo(200);
        assertThat(server.send("GET", "/api/plots", null, "Authorization", "Bearer admin-secret").statusCode()).isEqualTo(200);
        assertThat(server.send("POST", "/api/plots", "{\"data\":[]}", "Authorization", "Bearer view-secret").statusCode()).isEqualTo(401);
        assertThat(server.send("GET", "/healthz", null).statusCode()).isEqualTo(200);
    }

    @Test
    void tokensAreMintedOnRequest() {
        server = new RunningServer(dataDir, b -> b);
        JsonNode body = RunningServer.json(server.send("POST", "/api/tokens?count=5", null).body());
        assertThat(body.path("tokens")).hasSize(5);
        body.path("tokens").forEach(t -> assertThat(t.asText()).matches("[a-z0-9]{10}"));
        assertThat(server.send("POST", "/api/tokens?count=1000", null).statusCode()).isEqualTo(400);
    }

    @Test
    void dataCsvHoldsTheCurrentWindowEscaped() {
        server = new RunningServer(dataDir, b -> b);
        server.createPlot("{\"id\":\"csv\",\"data\":[{\"stream\":{\"token\":\"csvtok001\",\"maxpoints\":2}}]}");
        try (RawStream stream = server.openStream()) {
            stream.begin("csvtok001")
                    .line("{\"x\":0,\"y\":0}")
                    .line("{\"x\":1,\"y\":2,\"text\":\"a,b\"}")
                    .line("{\"x\":\"2026-01-01 00:00:00\",\"y\":3.5,\"text\":\"say \\\"hi\\\"\",\"marker\":{\"color\":\"red\",\"size\":5}}");
            assertThat(stream.finish().reply(5000).status()).isEqualTo(200);
        }
        HttpResponse<String> csv = server.send("GET", "/api/plots/csv/data.csv", null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
        assertThat(csv.body()).isEqualTo("trace,x,y,text,marker.color,marker.size\r\n"
                + "0,1,2,\"a,b\",,\r\n"
                + "0,2026-01-01 00:00:00,3.5,\"say \"\"hi\"\"\",red,5\r\n");
    }

    @Test
    void healthzAndMetricsReportTheServer() {
        server = new RunningServer(dataDir, b -> b);
        server.createPlot("{\"id\":\"m\",\"data\":[{\"stream\":{\"token\":\"metrictok1\"}}]}");
        try (RawStream stream = server.openStream()) {
            stream.begin("metrictok1").line("{\"x\":1,\"y\":1}").heartbeat();
            org.awaitility.Awaitility.await().until(() -> server.server.ingestMetrics().heartbeats() == 1);
            String metrics = server.send("GET", "/metrics", null).body();
            assertThat(metrics).contains("plotserver_lines_ingested_total 1")
                    .contains("plotserver_active_streams 1")
                    .contains("plotserver_active_streams_by_token{plot=\"m\",token=\"me******k1\"} 1")
                    .doesNotContain("metrictok1")
                    .contains("plotserver_plots 1")
                    .contains("plotserver_viewers 0")
                    .contains("plotserver_history_bytes_limit " + (256L << 20))
                    .contains("plotserver_header_timeouts_total 0")
                    .containsPattern("plotserver_open_connections [1-9]")
                    .contains("plotserver_frames_encoded_total 0");
            assertThat(stream.finish().reply(5000).status()).isEqualTo(200);
        }
        try (RawStream stream = server.openStream()) {
            stream.begin("unknown01").reply(5000);
        }
        String metrics = server.send("GET", "/metrics", null).body();
        assertThat(metrics).contains("plotserver_stream_ends_total{status=\"200\"} 1")
                .contains("plotserver_stream_ends_total{status=\"404\"} 1");
        assertThat(server.send("GET", "/healthz", null).body()).contains("\"status\":\"ok\"");
    }

    @Test
    void browserGetOfTheRootGoesToTheViewerModule() {
        server = new RunningServer(dataDir, b -> b);
        // the placeholder viewer module answers 404; the real one serves the index page. Either way, not ingest's 405.
        assertThat(server.send("GET", "/", null).statusCode()).isNotEqualTo(405);
    }
}
