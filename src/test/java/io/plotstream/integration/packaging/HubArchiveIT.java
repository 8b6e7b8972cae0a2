package io.plotstream.integration.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Confluent Hub archive has the layout, manifest and contents Confluent Hub and Connect expect. */
class HubArchiveIT {

    /** Jars a Connect worker already provides, or that belong to the plot server: never in lib/. */
    private static final Pattern FORBIDDEN_JAR = Pattern.compile(
            "(kafka|connect|jetty|websocket|plotly\\.js|slf4j|log4j|logback|jakarta|javax\\.servlet|scala)[^/]*\\.jar");
    private static final Pattern CONNECTOR_JAR = Pattern.compile("kafka-connect-plotly-[^/]+-connector\\.jar");

    private static ZipFile zip;
    private static Path archive;
    private static String top;
    private static Map<String, byte[]> files;

    @BeforeAll
    static void open() throws IOException {
        archive = HubArchive.path();
        zip = new ZipFile(archive.toFile());
        files = new TreeMap<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (!entry.isDirectory()) {
                try (InputStream in = zip.getInputStream(entry)) {
                    files.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        String name = archive.getFileName().toString();
        top = name.substring(0, name.length() - ".zip".length()) + "/";
    }

    @AfterAll
    static void close() throws IOException {
        zip.close();
    }

    @Test
    void everythingLivesUnderOneTopDirectoryNamedLikeTheArchive() {
        assertThat(files.keySet()).isNotEmpty().allMatch(name -> name.startsWith(top),
                "starts with " + top);
        assertThat(files).containsKey(top + "manifest.json");
    }

    @Test
    void manifestDescribesAnAtLeastOnceSinkWithEveryPlaceholderFilled() throws IOException {
        String text = new String(files.get(top + "manifest.json"), StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("${");
        JsonNode manifest = new ObjectMapper().readTree(text);
        assertThat(manifest.get("component_types")).extracting(JsonNode::asText).containsExactly("sink");
        assertThat(manifest.at("/features/delivery_guarantee")).extracting(JsonNode::asText)
                .containsExactly("at_least_once");
        String expectedTop = manifest.at("/owner/username").asText() + "-" + manifest.get("name").asText() + "-"
                + manifest.get("version").asText() + "/";
        assertThat(top).as("archive named <owner>-<name>-<version>").isEqualTo(expectedTop);
        assertThat(manifest.get("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(manifest.at("/docker_image/tag").asText()).isEqualTo(manifest.get("version").asText());
        assertThat(manifest.get("license")).isNotEmpty();
        assertThat(manifest.get("tags")).isNotEmpty();
        assertThat(manifest.get("requirements")).isNotEmpty();
        for (String field : List.of("title", "description", "documentation_url", "source_url")) {
            assertThat(manifest.path(field).asText()).as(field).isNotBlank();
        }
    }

    @Test
    void libHoldsTheConnectorJarAndOnlyItsOwnRuntimeDependencies() {
        List<String> jars = jarsIn(top + "lib/");
        assertThat(jars).filteredOn(j -> CONNECTOR_JAR.matcher(j).matches()).hasSize(1);
        List<String> forbidden = jars.stream().filter(j -> FORBIDDEN_JAR.matcher(j).matches())
                .filter(j -> !CONNECTOR_JAR.matcher(j).matches()).toList();
        assertThat(forbidden).as("jars the worker provides or only the plot server needs").isEmpty();
        assertThat(files.keySet()).filteredOn(n -> n.startsWith(top + "lib/")).allMatch(n -> n.endsWith(".jar"),
                "lib/ holds jars only");
    }

    @Test
    void connectorJarHoldsTheConnectorAndItsServiceEntryButNoServerOrDemoClasses() throws IOException {
        Map<String, byte[]> entries = connectorJarEntries();
        assertThat(entries).containsKey("io/plotstream/connect/PlotlyStreamSinkConnector.class")
                .containsKey("io/plotstream/connect/PlotlyStreamSinkTask.class");
        assertThat(entries.keySet()).noneMatch(n -> n.startsWith("io/plotstream/server/"))
                .noneMatch(n -> n.startsWith("io/plotstream/demo/"))
                .noneMatch(n -> n.startsWith("web/"));
        byte[] service = entries.get("META-INF/services/org.apache.kafka.connect.sink.SinkConnector");
        assertThat(service).as("ServiceLoader manifest for plugin.discovery=service_load").isNotNull();
        assertThat(new String(service, StandardCharsets.UTF_8).lines().map(String::strip))
                .contains("io.plotstream.connect.PlotlyStreamSinkConnector");
    }

    @Test
    void etcHoldsEveryConfigExampleAsInTheRepository() throws IOException {
        Path config = Path.of("config");
        List<Path> examples;
        try (Stream<Path> walk = Files.walk(config)) {
            examples = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            String entry = top + "etc/" + config.relativize(example).toString().replace('\\', '/');
            assertThat(files).as("archive entry %s", entry).containsKey(entry);
            assertThat(files.get(entry)).as("%s is byte-identical to %s", entry, example)
                    .isEqualTo(Files.readAllBytes(example));
        }
    }

    @Test
    void docHoldsReadmeAndLicense() {
        assertThat(files).containsKey(top + "doc/README.md").containsKey(top + "doc/LICENSE");
        assertThat(new String(files.get(top + "doc/LICENSE"), StandardCharsets.UTF_8)).contains("Apache License");
    }

    private static List<String> jarsIn(String dir) {
        List<String> jars = new ArrayList<>();
        for (String name : files.keySet()) {
            if (name.startsWith(dir) && name.endsWith(".jar")) {
                jars.add(name.substring(dir.length()));
            }
        }
        return jars;
    }

    /** Class file major version 55 is Java 11: the oldest Java a supported Connect worker runs on. */
    private static final int JAVA_11_MAJOR = 55;

    @Test
    void everyClassInLibRunsOnJava11() throws IOException {
        List<String> tooNew = new ArrayList<>();
        int classes = 0;
        for (String jar : jarsIn(top + "lib/")) {
            try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(files.get(top + "lib/" + jar)))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    // META-INF/versions/N/ holds classes a multi-release jar offers only to Java N and later
                    if (!entry.getName().endsWith(".class") || entry.getName().startsWith("META-INF/versions/")
                            || entry.getName().endsWith("module-info.class")) {
                        continue;
                    }
                    byte[] bytes = in.readAllBytes();
                    int major = ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
                    classes++;
                    if (major > JAVA_11_MAJOR) {
                        tooNew.add(jar + "!" + entry.getName() + " (class file major " + major + ")");
                    }
                }
            }
        }
        assertThat(classes).as("classes read from lib/").isGreaterThan(100);
        assertThat(tooNew).as("classes a Java 11 worker cannot load").isEmpty();
    }

    private static Map<String, byte[]> connectorJarEntries() throws IOException {
        String jar = jarsIn(top + "lib/").stream().filter(j -> CONNECTOR_JAR.matcher(j).matches()).findFirst()
                .orElseThrow(() -> new AssertionError("no connector jar in lib/"));
        Map<String, byte[]> entries = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(files.get(top + "lib/" + jar)))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}
