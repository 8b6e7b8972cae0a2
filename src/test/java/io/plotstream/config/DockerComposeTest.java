package io.plotstream.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.plotstream.connect.config.ConfigDefs;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * There is no Docker engine where the tests run, so this reads docker/docker-compose.yml, the
 * cluster's docker/cluster/docker-compose.yml (with its haproxy.cfg) and their Dockerfiles the way Docker would and checks that every file, directory and port they name exists
 * and agrees with the code: a compose file that drifts from the build fails here, not on a user's machine.
 */
class DockerComposeTest {

    private static final Path DOCKER_DIR = Path.of("docker");
    private static final Path COMPOSE_FILE = DOCKER_DIR.resolve("docker-compose.yml");
    private static final Path CLUSTER_COMPOSE_FILE = DOCKER_DIR.resolve("cluster/docker-compose.yml");
    private static final Pattern ARG = Pattern.compile("^ARG\\s+(\\w+)=(\\S+)\\s*$");
    private static final Pattern COPY = Pattern.compile("^(COPY|ADD)\\s+(.+)$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void readCompose() throws IOException {
        compose = new ObjectMapper(new YAMLFactory()).readTree(COMPOSE_FILE.toFile());
        services = compose.get("services");
    }

    @Test
    void runsEveryPartOfThePipeline() {
        assertThat(services.fieldNames()).toIterable()
                .contains("kafka", "connect", "plot-server", "producer", "connector-init");
        assertThat(services.get("kafka").get("image").asText()).startsWith("apache/kafka:");
        assertThat(services.get("kafka").get("environment").get("KAFKA_PROCESS_ROLES").asText())
                .as("single node in KRaft mode").isEqualTo("broker,controller");
    }

    /** Every compose file under docker/: the generic checks run on each. */
    static List<Path> composeFiles() {
        return List.of(COMPOSE_FILE, CLUSTER_COMPOSE_FILE);
    }

    private static JsonNode read(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void everyBuildContextAndDockerfileExists(Path file) throws IOException {
        Path dir = file.getParent();
        read(file).get("services").fields().forEachRemaining(service -> {
            JsonNode build = service.getValue().get("build");
            if (build == null) {
                return;
            }
            Path context = dir.resolve(build.isTextual() ? build.asText() : build.get("context").asText());
            assertThat(context).as("build context of %s", service.getKey()).isDirectory();
            String dockerfile = build.has("dockerfile") ? build.get("dockerfile").asText() : "Dockerfile";
            assertThat(context.resolve(dockerfile)).as("Dockerfile of %s", service.getKey()).isRegularFile();
        });
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void everyBindMountSourceExists(Path file) throws IOException {
        Path dir = file.getParent();
        JsonNode composeFile = read(file);
        composeFile.get("services").fields().forEachRemaining(service -> {
            JsonNode volumes = service.getValue().get("volumes");
            if (volumes == null) {
                return;
            }
            for (JsonNode volume : volumes) {
                String source = volume.isTextual() ? volume.asText().split(":")[0] : volume.get("source").asText();
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(dir.resolve(source)).as("bind mount of %s", service.getKey()).exists();
                } else {
                    assertThat(composeFile.path("volumes").has(source))
                            .as("named volume %s of %s is declared", source, service.getKey()).isTrue();
                }
            }
        });
    }

    @ParameterizedTest
    @MethodSource("composeFiles")
    void dockerfilesCopyOnlyWhatTheRepositoryOrMvnPackageProvides(Path file) throws IOException {
        Path dir = file.getParent();
        List<String> packageOutputs = packageOutputs();
        read(file).get("services").fields().forEachRemaining(service -> {
            JsonNode build = service.getValue().get("build");
            if (build == null) {
                return;
            }
            Path context = dir.resolve(build.get("context").asText()).normalize();
            for (String source : copySources(context.resolve(build.get("dockerfile").asText()))) {
                if (source.startsWith("target/")) {
                    assertThat(packageOutputs).as("%s copies %s, which mvn package must build", service.getKey(), source)
                            .contains(source);
                } else {
                    assertThat(context.resolve(source)).as("%s copies %s", service.getKey(), source).exists();
                }
            }
        });
    }

    // ------------------------------------------------ docker/cluster: two nodes, Redis, HAProxy

    @Test
    void clusterRunsTwoNodesOnOneRedisBehindHaproxy() throws IOException {
        JsonNode cluster = read(CLUSTER_COMPOSE_FILE).get("services");
        assertThat(cluster.fieldNames()).toIterable().contains("redis", "node1", "node2", "haproxy");
        for (String node : List.of("node1", "node2")) {
            List<String> command = strings(cluster.get(node).get("command"));
            assertThat(command).as("%s's command", node)
                    .containsSequence("--engine", "redis://redis:6379").containsSequence("--node-id", node)
                    .containsSequence("--bind", "0.0.0.0");
            assertThat(cluster.get(node).get("build").get("dockerfile").asText()).isEqualTo("docker/server/Dockerfile");
            assertThat(cluster.get(node).path("ports").isMissingNode())
                    .as("%s is reached through HAProxy only", node).isTrue();
        }
        assertThat(strings(cluster.get("haproxy").get("ports"))).containsExactly("8080:8080");
        assertThat(strings(cluster.get("haproxy").get("volumes")))
                .contains("./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro");
    }

    @Test
    void clusterRedisKeepsAnAppendOnlyFileFsyncedEverySecondAndNoSnapshots() throws IOException {
        List<String> command = strings(read(CLUSTER_COMPOSE_FILE).get("services").get("redis").get("command"));
        assertThat(command).containsSequence("--appendonly", "yes").containsSequence("--appendfsync", "everysec")
                .containsSequence("--save", "");
        assertThat(Files.readString(CLUSTER_COMPOSE_FILE)).as("the alternative and its cost are named beside it")
                .contains("--appendfsync always");
    }

    @Test
    void haproxyBalancesOverEveryNodeOnTheNodesPortAndListensWhereComposePublishes() throws IOException {
        JsonNode cluster = read(CLUSTER_COMPOSE_FILE).get("services");
        List<String> servers = new ArrayList<>();
        String bind = null;
        for (String line : Files.readAllLines(DOCKER_DIR.resolve("cluster/haproxy.cfg"))) {
            String trimmed = line.trim();
            if (trimmed.startsWith("server ")) {
                servers.add(trimmed.split("\\s+")[2]);
            } else if (trimmed.startsWith("bind ")) {
                bind = trimmed.split("\\s+")[1];
            }
        }
        List<String> nodes = new ArrayList<>();
        cluster.fieldNames().forEachRemaining(name -> {
            if (strings(cluster.get(name).get("command")).contains("--engine")) {
                List<String> command = strings(cluster.get(name).get("command"));
                nodes.add(name + ":" + command.get(command.indexOf("--port") + 1));
            }
        });
        assertThat(servers).as("haproxy.cfg has a server line for every node service").containsExactlyInAnyOrderElementsOf(nodes);
        assertThat(bind).isEqualTo(":" + strings(cluster.get("haproxy").get("ports")).get(0).split(":")[1]);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    @Test
    void plotServerPortAgreesWithServerDefaultsConnectorDefaultsAndTheDemoConnector() throws IOException {
        int port = URI.create(ConfigDefs.STREAM_URL_DEFAULT).getPort();
        ServerDefaults.port().ifPresent(serverDefault -> assertThat(serverDefault)
                .as("the plot server's default port is the connector's default stream port").isEqualTo(port));

        assertThat(publishedPorts("plot-server")).containsExactly(port + ":" + port);
        List<String> command = dockerfileCommand(Path.of("docker/server/Dockerfile"));
        assertThat(command).containsSequence("--port", String.valueOf(port)).contains("--open")
                .containsSequence("--bind", "0.0.0.0");

        JsonNode dockerConnector = new ObjectMapper().readTree(DOCKER_DIR.resolve("connector/demo-connector.json").toFile());
        assertThat(dockerConnector.get("config").get(ConfigDefs.STREAM_URL_CONFIG).asText())
                .as("inside compose the worker reaches the server by its service name")
                .isEqualTo("http://plot-server:" + port);
    }

    @Test
    void dockerDemoConnectorIsTheDemoConnectorWithOnlyTheServerAddressChanged() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode docker = (ObjectNode) mapper.readTree(DOCKER_DIR.resolve("connector/demo-connector.json").toFile());
        ObjectNode demo = (ObjectNode) mapper.readTree(Path.of("config/demo-connector.json").toFile());
        ((ObjectNode) docker.get("config")).remove(ConfigDefs.STREAM_URL_CONFIG);
        ((ObjectNode) demo.get("config")).remove(ConfigDefs.STREAM_URL_CONFIG);
        assertThat(docker).isEqualTo(demo);
    }

    @Test
    void connectWorkerReachesKafkaAndLoadsThePluginFromWhereTheDockerfileUnpacksIt() throws IOException {
        Properties worker = load(DOCKER_DIR.resolve("connect/connect-distributed.properties"));
        String kafkaListeners = services.get("kafka").get("environment").get("KAFKA_ADVERTISED_LISTENERS").asText();
        assertThat(kafkaListeners.split(",")).as("a Kafka listener is advertised as %s", worker.getProperty("bootstrap.servers"))
                .anyMatch(l -> l.endsWith("://" + worker.getProperty("bootstrap.servers")));

        String dockerfile = Files.readString(Path.of("docker/connect/Dockerfile"));
        assertThat(dockerfile).contains("unzip -q /tmp/connector.zip -d " + worker.getProperty("plugin.path"))
                .contains("COPY docker/connect/connect-distributed.properties /opt/connect/connect-distributed.properties");
        assertThat(dockerfileCommand(Path.of("docker/connect/Dockerfile")))
                .containsExactly("/opt/kafka/bin/connect-distributed.sh", "/opt/connect/connect-distributed.properties");

        String restPort = URI.create(worker.getProperty("listeners")).getPort() + "";
        assertThat(publishedPorts("connect")).containsExactly(restPort + ":" + restPort);
        assertThat(services.get("connector-init").get("entrypoint")).extracting(JsonNode::asText)
                .contains("http://connect:" + restPort, "/demo-connector.json");
    }

    @Test
    void producerWritesTheTopicsAndKeysTheDemoConnectorRoutes() throws IOException {
        String script = Files.readString(DOCKER_DIR.resolve("producer/produce.sh"));
        JsonNode demo = new ObjectMapper().readTree(Path.of("config/demo-connector.json").toFile()).get("config");
        for (String topic : demo.get("topics").asText().split(",")) {
            assertThat(script).contains("produce " + topic);
        }
        for (String entry : demo.get(ConfigDefs.TOKENS_BY_KEY_CONFIG).asText().split(",")) {
            String key = entry.substring(0, entry.indexOf('='));
            String family = key.substring(0, key.lastIndexOf('-'));
            assertThat(script).as("produces key %s", key).contains("\"" + family + "-%d|");
        }
        assertThat(script).contains("\\\"y\\\":").contains("\\\"text\\\":");
    }

    /** What {@code mvn package} writes under target/, read from the pom rather than assumed. */
    private static List<String> packageOutputs() {
        try {
            Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
            String artifactId = pom.getDocumentElement().getElementsByTagName("artifactId").item(0).getTextContent();
            String version = topLevel(pom, "version");
            String owner = pom.getElementsByTagName("hub.owner").item(0).getTextContent();
            List<String> outputs = new ArrayList<>();
            outputs.add("target/components/packages/" + owner + "-" + artifactId + "-" + version + ".zip");
            String shaded = pom.getElementsByTagName("outputFile").item(0).getTextContent()
                    .replace("${project.build.directory}", "target");
            outputs.add(shaded);
            return outputs;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read pom.xml: " + e.getMessage(), e);
        }
    }

    private static String topLevel(Document pom, String tag) {
        for (org.w3c.dom.Node n = pom.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (tag.equals(n.getNodeName())) {
                return n.getTextContent().trim();
            }
        }
        throw new IllegalStateException("pom.xml has no top-level <" + tag + ">");
    }

    /** The sources of every COPY/ADD, with ARG defaults substituted; {@code --from} copies are skipped. */
    private static List<String> copySources(Path dockerfile) {
        List<String> sources = new ArrayList<>();
        Map<String, String> args = new HashMap<>();
        try {
            for (String line : Files.readAllLines(dockerfile)) {
                String trimmed = line.trim();
                Matcher arg = ARG.matcher(trimmed);
                if (arg.matches()) {
                    args.put(arg.group(1), arg.group(2));
                }
                Matcher copy = COPY.matcher(trimmed);
                if (copy.matches() && !copy.group(2).contains("--from")) {
                    String[] parts = copy.group(2).trim().split("\\s+");
                    for (int i = 0; i < parts.length - 1; i++) {
                        if (!parts[i].startsWith("--")) {
                            sources.add(substitute(parts[i], args, dockerfile));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        assertThat(sources).as("%s copies something", dockerfile).isNotEmpty();
        return sources;
    }

    private static String substitute(String text, Map<String, String> args, Path dockerfile) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = args.get(name);
            if (value == null) {
                throw new AssertionError(dockerfile + " uses $" + name + " without an ARG default");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** ENTRYPOINT followed by CMD, both in exec (JSON array) form. */
    private static List<String> dockerfileCommand(Path dockerfile) throws IOException {
        List<String> command = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        for (String prefix : List.of("ENTRYPOINT", "CMD")) {
            for (String line : Files.readAllLines(dockerfile)) {
                if (line.startsWith(prefix + " ")) {
                    mapper.readTree(line.substring(prefix.length() + 1)).forEach(n -> command.add(n.asText()));
                }
            }
        }
        return command;
    }

    private static List<String> publishedPorts(String service) {
        List<String> ports = new ArrayList<>();
        services.get(service).path("ports").forEach(p -> ports.add(p.asText()));
        return ports;
    }

    private static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
