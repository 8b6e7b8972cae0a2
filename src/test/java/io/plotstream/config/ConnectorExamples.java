package io.plotstream.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plotstream.connect.PlotlyStreamSinkConnector;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The connector examples shipped in {@code config/}: every JSON file of the REST form
 * {@code {"name", "config"}} and every {@code .properties} file naming our connector class. Plot
 * figures ({@code config/plots/}), the worker and the plot server files are not connector configs
 * and are left out by content, not by name, so a new example is picked up without touching a test.
 */
record ConnectorExamples(Path file, String name, Map<String, String> config) {

    static final Path CONFIG_DIR = Path.of("config");
    static final String CONNECTOR_CLASS = PlotlyStreamSinkConnector.class.getName();

    static List<ConnectorExamples> all() {
        List<ConnectorExamples> examples = new ArrayList<>();
        try (Stream<Path> files = Files.list(CONFIG_DIR)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(".json")) {
                    readJson(file).ifPresent(examples::add);
                } else if (fileName.endsWith(".properties")) {
                    readProperties(file).ifPresent(examples::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return examples;
    }

    static JsonNode readTree(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a REST-form connector JSON ({@code {"name":..., "config":{...}}}) into an example. */
    static java.util.Optional<ConnectorExamples> readJson(Path file) {
        JsonNode root = readTree(file);
        JsonNode config = root.get("config");
        if (config == null || !config.isObject() || !root.has("name")) {
            return java.util.Optional.empty();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isTextual()) {
                // The REST API takes strings only; a number or boolean here is an error users hit.
                throw new IllegalStateException(file + ": config." + field.getKey()
                        + " must be a JSON string (Connect's REST API takes strings only), was " + field.getValue());
            }
            map.put(field.getKey(), field.getValue().asText());
        }
        return java.util.Optional.of(new ConnectorExamples(file, root.get("name").asText(), map));
    }

    static java.util.Optional<ConnectorExamples> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!CONNECTOR_CLASS.equals(properties.getProperty("connector.class"))) {
            return java.util.Optional.empty();
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(k -> map.put(k, properties.getProperty(k)));
        return java.util.Optional.of(new ConnectorExamples(file, map.get("name"), map));
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
