package io.plotstream.integration.packaging;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

/**
 * Kafka's {@code EmbeddedConnectCluster} (a real KRaft broker and a real distributed worker),
 * loaded in a class loader that sees the test class path <em>without</em> the project's own
 * classes (target/classes or the project jar). Connect prefers a class-path copy of a plugin over an isolated one of the same version,
 * so a worker on the plain test class path would run the connector from target/classes and prove
 * nothing about the archive; this one can only find the connector in its {@code plugin.path}.
 *
 * <p>Everything is driven by reflection (the cluster's classes are not the test's classes) and by
 * the worker's REST API.
 */
final class IsolatedConnectCluster implements AutoCloseable {

    private static final String CONNECTOR_CLASS_FILE = "io/plotstream/connect/PlotlyStreamSinkConnector.class";
    private static final String BUILDER = "org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster$Builder";

    private final URLClassLoader loader;
    private final Object cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    IsolatedConnectCluster(String name, Map<String, String> workerProps) {
        this.loader = new URLClassLoader("isolated-connect", classPathWithoutProjectClasses(),
                ClassLoader.getPlatformClassLoader());
        this.cluster = withContextLoader(() -> {
            Object builder = loader.loadClass(BUILDER).getConstructor().newInstance();
            builder = call(builder, "name", new Class<?>[] {String.class}, name);
            builder = call(builder, "numWorkers", new Class<?>[] {int.class}, 1);
            builder = call(builder, "numBrokers", new Class<?>[] {int.class}, 1);
            builder = call(builder, "workerProps", new Class<?>[] {Map.class}, workerProps);
            return call(builder, "build", new Class<?>[0]);
        });
    }

    /** The class loader the worker runs in, to show what it can and cannot see. */
    ClassLoader loader() {
        return loader;
    }

    void start() {
        withContextLoader(() -> call(cluster, "start", new Class<?>[0]));
    }

    void createTopic(String topic, int partitions) {
        withContextLoader(() -> call(kafka(), "createTopic", new Class<?>[] {String.class, int.class}, topic, partitions));
    }

    void produce(String topic, String key, String value) {
        withContextLoader(() -> call(kafka(), "produce", new Class<?>[] {String.class, String.class, String.class},
                topic, key, value));
    }

    void configureConnector(String connector, Map<String, String> config) {
        withContextLoader(() -> call(cluster, "configureConnector", new Class<?>[] {String.class, Map.class},
                connector, config));
    }

    /** GET on the worker's REST API, e.g. {@code connector-plugins}; fails on a status other than 200. */
    String get(String resource) throws IOException, InterruptedException {
        String url = (String) withContextLoader(() -> call(cluster, "endpointForResource",
                new Class<?>[] {String.class}, resource));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() throws IOException {
        try {
            withContextLoader(() -> call(cluster, "stop", new Class<?>[0]));
        } finally {
            loader.close();
        }
    }

    private Object kafka() throws ReflectiveOperationException {
        return call(cluster, "kafka", new Class<?>[0]);
    }

    private static Object call(Object target, String method, Class<?>[] types, Object... args)
            throws ReflectiveOperationException {
        Method m = findMethod(target.getClass(), method, types);
        m.setAccessible(true); // some of the builder's methods are declared on a package-private superclass
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static Method findMethod(Class<?> type, String name, Class<?>[] types) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(name, types);
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }

    private interface Action {
        Object run() throws ReflectiveOperationException;
    }

    /** Kafka and Connect look some things up through the context class loader: make it the isolated one. */
    private Object withContextLoader(Action action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.run();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("driving the isolated Connect cluster failed: " + e, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The test class path as surefire/failsafe report it (the JVM's own java.class.path is only
     * their booter jar), minus every entry that holds the connector: target/classes, or the
     * project's jar, which failsafe puts there instead once the package phase has run.
     */
    private static URL[] classPathWithoutProjectClasses() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (holdsTheConnector(path)) {
                continue;
            }
            try {
                urls.add(path.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("class path entry " + entry, e);
            }
        }
        return urls.toArray(new URL[0]);
    }

    private static boolean holdsTheConnector(Path entry) {
        if (Files.isDirectory(entry)) {
            return Files.exists(entry.resolve(CONNECTOR_CLASS_FILE));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (ZipFile jar = new ZipFile(entry.toFile())) {
            return jar.getEntry(CONNECTOR_CLASS_FILE) != null;
        } catch (IOException e) {
            return false; // not a jar: it cannot hold the class either
        }
    }
}
