package io.plotstream.integration.matrix;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A standalone Kafka Connect worker of one version in its own JVM: that version's jars from Maven
 * Central (resolved by {@code src/test/matrix/pom.xml}), {@code connect-standalone.sh}'s main class,
 * a {@code plugin.path} holding the unzipped Hub archive, a REST port and a JMX port of its own.
 */
final class ConnectWorkerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int restPort;
    private final int jmxPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ConnectWorkerProcess(Process process, Path log, int restPort, int jmxPort) {
        this.process = process;
        this.log = log;
        this.restPort = restPort;
        this.jmxPort = jmxPort;
    }

    /**
     * Starts the worker and waits for its REST API.
     *
     * @param java the {@code java} executable to run it on
     */
    static ConnectWorkerProcess start(Path java, String classpath, Path workDir, String bootstrapServers,
                                      Path pluginPath) throws IOException, InterruptedException {
        return start(java, classpath, workDir, bootstrapServers, pluginPath, null, List.of());
    }

    /**
     * Starts a worker: standalone when {@code distributedGroup} is null, else a distributed worker of
     * that group (internal topics with one replica), with {@code extraProps} appended.
     */
    static ConnectWorkerProcess start(Path java, String classpath, Path workDir, String bootstrapServers,
                                      Path pluginPath, String distributedGroup, List<String> extraProps)
            throws IOException, InterruptedException {
        int restPort = freePort();
        int jmxPort = freePort();
        Path props = workDir.resolve("worker.properties");
        List<String> mode = distributedGroup == null
                ? List.of("offset.storage.file.filename=" + workDir.resolve("offsets"))
                : List.of("group.id=" + distributedGroup,
                        "config.storage.topic=" + distributedGroup + "-configs",
                        "offset.storage.topic=" + distributedGroup + "-offsets",
                        "status.storage.topic=" + distributedGroup + "-status",
                        "config.storage.replication.factor=1",
                        "offset.storage.replication.factor=1",
                        "status.storage.replication.factor=1");
        List<String> lines = new ArrayList<>(List.of(
                "bootstrap.servers=" + bootstrapServers,
                "key.converter=org.apache.kafka.connect.storage.StringConverter",
                "value.converter=org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable=false",
                "offset.flush.interval.ms=1000",
                "plugin.path=" + pluginPath,
                "listeners=http://127.0.0.1:" + restPort));
        lines.addAll(mode);
        lines.addAll(extraProps);
        Files.writeString(props, String.join("\n", lines) + "\n");
        Path log = workDir.resolve("worker.log");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx512m",
                "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", classpath, distributedGroup == null ? "org.apache.kafka.connect.cli.ConnectStandalone"
                        : "org.apache.kafka.connect.cli.ConnectDistributed", props.toString()));
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ConnectWorkerProcess worker = new ConnectWorkerProcess(process, log, restPort, jmxPort);
        worker.awaitRest(Duration.ofSeconds(120));
        return worker;
    }

    /** {@code GET /} answers with the worker's version once the REST server is up. */
    private void awaitRest(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the worker exited with " + process.exitValue() + "; its log:\n" + tail());
            }
            try {
                HttpResponse<String> r = get("/");
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the worker's REST API did not come up within " + within + "; its log:\n" + tail());
    }

    /** The version the worker reports ({@code GET /}). */
    String version() throws IOException, InterruptedException {
        return get("/").body();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A task metric of the connector's own (plugin metrics, Kafka 4.1+), over the worker's JMX; null if absent. */
    Double pluginMetric(String connector, String metric) throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
        try (JMXConnector jmx = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
            Double total = null;
            for (ObjectName name : mbeans.queryNames(
                    new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",task=*"), null)) {
                Object value = mbeans.getAttribute(name, metric);
                total = (total == null ? 0 : total) + ((Number) value).doubleValue();
            }
            return total;
        } catch (javax.management.JMException e) {
            throw new IOException(e);
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The worker's OS process id. */
    long pid() {
        return process.pid();
    }

    /** {@code kill -9}: the worker gets no chance to close anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The classpath of Connect {@code version}, resolved once per build into {@code target/matrix/}. */
    static String classpath(String version) throws IOException, InterruptedException {
        Path file = Path.of("target", "matrix", version + ".classpath");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            String mavenHome = System.getProperty("maven.home");
            String mvn = mavenHome != null ? Path.of(mavenHome, "bin", "mvn").toString() : "mvn";
            Process resolve = new ProcessBuilder(mvn, "-B", "-q", "-f", "src/test/matrix/pom.xml",
                    "-Dconnect.version=" + version, "dependency:build-classpath",
                    "-Dmdep.outputFile=" + file.toAbsolutePath())
                    .redirectErrorStream(true).redirectOutput(file.resolveSibling(version + ".resolve.log").toFile())
                    .start();
            if (!resolve.waitFor(10, TimeUnit.MINUTES) || resolve.exitValue() != 0 || !Files.exists(file)) {
                throw new IllegalStateException("cannot resolve Kafka Connect " + version + " from Maven Central; see "
                        + file.resolveSibling(version + ".resolve.log"));
            }
        }
        return Files.readString(file).trim().replace(":", File.pathSeparator);
    }
}
