package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.server.ingest.WriteParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writes as a stream sends them: JSON text through the real line parser. */
final class PlotTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final WriteParser PARSER = new WriteParser(32, 65536);

    private PlotTestSupport() {
    }

    static StreamWrite write(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return PARSER.parse(bytes, 0, bytes.length);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
