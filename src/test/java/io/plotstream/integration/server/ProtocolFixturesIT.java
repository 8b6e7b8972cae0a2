package io.plotstream.integration.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Replays the bytes real Plotly clients put on the wire (../shared/fixtures) and checks what the plot received. */
class ProtocolFixturesIT {

    /** Byte-exact copies of ../shared/fixtures, kept in the repository so a clean checkout can replay them. */
    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ProtocolFixturesIT.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /fixtures/" + name);
            }
            return in.readAllBytes();
        }
    }

    @TempDir
    Path dataDir;
    RunningServer server;
    String plotId;

    @BeforeEach
    void start() {
        server = new RunningServer(dataDir, b -> b);
        plotId = server.createPlot("{\"id\":\"fixture\",\"data\":[{\"type\":\"scatter\",\"stream\":{\"token\":\"abc123\",\"maxpoints\":50}}]}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void pythonClientSessionDecodesWithDuplicateHostHeadersAndStrayCrlf() throws Exception {
        JsonNode trace = replay("plotly-python-session.bin");
        assertThat(trace.get("x").toString()).isEqualTo("[1,\"é\",\"2026-11-27 21:00:00.123456\"]");
        assertThat(trace.get("y").toString()).isEqualTo("[2,3,-1.5]");
        assertThat(trace.get("text").toString()).isEqualTo("[null,null,\"<b>hi</b>\"]");
        assertThat(trace.path("marker").get("color").toString()).isEqualTo("[null,null,\"red\"]");
        assertThat(server.server.ingestMetrics().heartbeats()).isEqualTo(1);
    }

    @Test
    void matlabFourteenByteChunksDecodeWithUtf8SplitAcrossChunks() throws Exception {
        JsonNode trace = replay("matlab-14-byte-chunks.bin");
        assertThat(trace.get("x").toString()).isEqualTo("[1,2,3]");
        assertThat(trace.get("y").toString()).isEqualTo("[2,3.5,4]");
        assertThat(trace.get("text").toString()).isEqualTo("[null,\"été\",null]");
        assertThat(server.server.ingestMetrics().heartbeats()).isEqualTo(1);
    }

    /** Writes the captured bytes as they are, expects the clean-close 200, and returns the trace they fed. */
    private JsonNode replay(String fixtureName) throws Exception {
        RawStream.Reply reply;
        try (RawStream stream = server.openStream()) {
            stream.raw(fixture(fixtureName));
            reply = stream.reply(5000);
        }
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return server.trace(plotId, 0);
    }
}
