package io.plotstream.integration.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.awaitility.Awaitility;

/**
 * A real Apicurio Registry (2.6.13.Final, in-memory storage) as a separate process on loopback,
 * for the Avro tests: the only schema registry with a Confluent-compatible API on Maven Central.
 * Its distribution (a 142 MB zip) is resolved by Maven into the local repository on first use and
 * unpacked once per build into {@code target/apicurio/}: nothing of it is checked in.
 *
 * <p>Storage is in memory, so every start is an empty registry: ids restart at 1.
 */
public final class ApicurioRegistry implements AutoCloseable {
    public static final String VERSION = "2.6.13.Final";
    private static final String ARTIFACT = "io.apicurio:apicurio-registry-app:" + VERSION + ":zip:all";
    private static final Path HOME = Path.of("target", "apicurio");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path runner;
    private final Path workDir;
    private final Path log;
    private final int port;
    private Process process;
    private long spawnedAt;

    private ApicurioRegistry(Path runner, Path workDir, Path log, int port) {
        this.runner = runner;
        this.workDir = workDir;
        this.log = log;
        this.port = port;
    }

    /** A registry on a free loopback port, started and ready. */
    public static ApicurioRegistry start(Path workDir) throws IOException, InterruptedException {
        ApicurioRegistry registry = notStarted(workDir);
        registry.launch();
        return registry;
    }

    /** A registry that has a port but is not running yet (to play "down at start"). */
    public static ApicurioRegistry notStarted(Path workDir) throws IOException, InterruptedException {
        Path runner = install();
        Files.createDirectories(workDir);
        int port = freePort();
        // The log goes under target/, not the test's temporary directory, so a failure can be read afterwards.
        Path logs = Files.createDirectories(HOME.resolve("logs"));
        return new ApicurioRegistry(runner, workDir, logs.resolve("registry-" + port + ".log").toAbsolutePath(), port);
    }

    /** Starts the process (again, on the same port, empty) and waits for /health/ready. */
    public void launch() throws IOException {
        spawn();
        awaitReady();
    }

    /**
     * Starts the process without waiting, so a test can start its other components meanwhile
     * (the registry needs some seconds); {@link #awaitReady()} then waits for it.
     */
    public void spawn() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // System properties go before -jar; the JIT is kept to C1 because the machine is shared and
        // the registry serves a handful of requests.
        List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port, "-jar", runner.toAbsolutePath().toString());
        spawnedAt = System.nanoTime();
        process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Process own = process;
        Runtime.getRuntime().addShutdownHook(new Thread(own::destroyForcibly));
    }

    /** Waits until the spawned registry answers 200 on /health/ready; fails early if it exited. */
    public void awaitReady() {
        Process own = process;
        Awaitility.await("Apicurio Registry ready on port " + port + " (log: " + log + ")")
                .atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (!own.isAlive()) {
                        throw new IllegalStateException("Apicurio Registry exited with " + own.exitValue()
                                + "; see " + log);
                    }
                    return status("/health/ready") == 200;
                });
        System.out.printf("Apicurio Registry %s ready on port %d %d ms after its start%n", VERSION, port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - spawnedAt));
    }

    /** Stops the process; the port stays this registry's to launch on again. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public int port() {
        return port;
    }

    /** The base URL of the native v2 API, which Apicurio's converter is configured with. */
    public String apiUrl() {
        return "http://127.0.0.1:" + port + "/apis/registry/v2";
    }

    /**
     * Registers an Avro schema under {@code subject} through the Confluent-compatible API, as a
     * Confluent serializer would, and returns its id (the id Confluent's wire format carries).
     */
    public int register(String subject, String avroSchema) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("schema", avroSchema).toString();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/apis/ccompat/v7/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("registering " + subject + " → " + response.statusCode() + ": "
                    + response.body());
        }
        JsonNode id = JSON.readTree(response.body()).path("id");
        if (!id.isInt()) {
            throw new IllegalStateException("registering " + subject + " answered no id: " + response.body());
        }
        return id.asInt();
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The runner jar, unpacked once per build from the distribution Maven resolves (downloading it
     * into the local repository the first time: about 142 MB).
     */
    static synchronized Path install() throws IOException, InterruptedException {
        Path runner = HOME.resolve("app").resolve("apicurio-registry-app-" + VERSION + "-runner.jar");
        if (Files.exists(runner)) {
            return runner;
        }
        Files.createDirectories(HOME);
        Path resolveLog = HOME.resolve("resolve.log");
        String mavenHome = System.getProperty("maven.home");
        String mvn = mavenHome != null && !mavenHome.isBlank() ? Path.of(mavenHome, "bin", "mvn").toString() : "mvn";
        long started = System.nanoTime();
        Process resolve = new ProcessBuilder(mvn, "-B", "-q", "dependency:copy", "-Dartifact=" + ARTIFACT,
                "-DoutputDirectory=" + HOME.toAbsolutePath())
                .redirectErrorStream(true).redirectOutput(resolveLog.toFile()).start();
        Path zip = HOME.resolve("apicurio-registry-app-" + VERSION + "-all.zip");
        if (!resolve.waitFor(20, TimeUnit.MINUTES) || resolve.exitValue() != 0 || !Files.exists(zip)) {
            resolve.destroyForcibly();
            throw new IllegalStateException("cannot resolve " + ARTIFACT + " from Maven Central; see "
                    + resolveLog.toAbsolutePath());
        }
        Path staging = Files.createTempDirectory(HOME, "unpack");
        unzip(zip, staging);
        Files.move(staging, HOME.resolve("app"), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(zip);
        System.out.printf("Apicurio Registry %s resolved and unpacked in %d ms%n", VERSION,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return runner;
    }

    private static void unzip(Path zip, Path into) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
