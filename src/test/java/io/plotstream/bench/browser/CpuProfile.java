package io.plotstream.bench.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A CDP {@code Profiler.stop} profile: written as a .cpuprofile, summarised by self time per function. */
final class CpuProfile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CpuProfile() {
    }

    static void write(Object profile, Path target) {
        try {
            if (target.getParent() != null) {
                Files.createDirectories(target.getParent());
            }
            JSON.writeValue(target.toFile(), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code n} functions with the most self time: "12.3 %  name  url:line". */
    static List<String> top(Object profile, int n) {
        JsonNode root = JSON.valueToTree(profile);
        Map<Long, String> names = new HashMap<>();
        for (JsonNode node : root.path("nodes")) {
            JsonNode frame = node.path("callFrame");
            String url = frame.path("url").asText("");
            String file = url.substring(url.lastIndexOf('/') + 1);
            String name = frame.path("functionName").asText("");
            names.put(node.path("id").asLong(), (name.isEmpty() ? "(anonymous)" : name)
                    + (file.isEmpty() ? "" : "  " + file + ":" + (frame.path("lineNumber").asInt() + 1)));
        }
        Map<String, Long> selfMicros = new HashMap<>();
        JsonNode samples = root.path("samples");
        JsonNode deltas = root.path("timeDeltas");
        long total = 0;
        for (int i = 0; i < samples.size(); i++) {
            long delta = i + 1 < deltas.size() ? deltas.get(i + 1).asLong() : 0;
            selfMicros.merge(names.getOrDefault(samples.get(i).asLong(), "?"), delta, Long::sum);
            total += delta;
        }
        long all = Math.max(1, total);
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(selfMicros.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(n, sorted.size()))) {
            out.add(String.format(Locale.ROOT, "%5.1f %%  %s", 100.0 * e.getValue() / all, e.getKey()));
        }
        return out;
    }
}
