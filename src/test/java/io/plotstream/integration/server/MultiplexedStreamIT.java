package io.plotstream.integration.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The optional multiplexed variant (PROTOCOL.md §6): one connection, no token header, a token per line. */
class MultiplexedStreamIT {

    @TempDir
    Path dataDir;
    RunningServer server;

    @BeforeEach
    void start() {
        server = new RunningServer(dataDir, b -> b.multiplexed(true));
        server.createPlot("{\"id\":\"a\",\"data\":[{\"stream\":{\"token\":\"muxtoken-a\"}}]}");
        server.createPlot("{\"id\":\"b\",\"data\":[{\"stream\":{\"token\":\"muxtoken-b\"}}]}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void eachLineFeedsTheTokenItNames() {
        try (RawStream stream = server.openStream()) {
            RawStream.Reply reply = stream.begin(null)
                    .line("{\"x\":1,\"y\":10,\"streamtoken\":\"muxtoken-a\"}")
                    .line("{\"x\":1,\"y\":20,\"streamtoken\":\"muxtoken-b\"}")
                    .heartbeat()
                    .line("{\"streamtoken\":\"muxtoken-a\",\"x\":2,\"y\":11}")
                    .finish().reply(5000);
            assertThat(reply.status()).isEqualTo(200);
        }
        assertThat(server.trace("a", 0).get("y").toString()).isEqualTo("[10,11]");
        assertThat(server.trace("b", 0).get("y").toString()).isEqualTo("[20]");
    }

    @Test
    void lineWithoutAStreamtokenGets406() {
        try (RawStream stream = server.openStream()) {
            RawStream.Reply reply = stream.begin(null).line("{\"x\":1,\"y\":10}").reply(5000);
            assertThat(reply.status()).isEqualTo(406);
            assertThat(reply.body()).contains("streamtoken").contains("line 1");
        }
    }

    @Test
    void lineWithAnUnknownStreamtokenGets404() {
        try (RawStream stream = server.openStream()) {
            RawStream.Reply reply = stream.begin(null).line("{\"x\":1,\"y\":10,\"streamtoken\":\"nobody\"}").reply(5000);
            assertThat(reply.status()).isEqualTo(404);
        }
    }

    @Test
    void aHeaderTokenStillWinsOverTheLineField() {
        try (RawStream stream = server.openStream()) {
            assertThat(stream.begin("muxtoken-a").line("{\"x\":1,\"y\":5,\"streamtoken\":\"muxtoken-b\"}").finish().reply(5000).status())
                    .isEqualTo(200);
        }
        assertThat(server.trace("a", 0).get("y").toString()).isEqualTo("[5]");
        assertThat(server.trace("b", 0).has("y")).isFalse();
    }
}
