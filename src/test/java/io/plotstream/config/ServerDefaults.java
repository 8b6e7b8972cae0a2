package io.plotstream.config;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The plot server's own defaults and config parser, reached by reflection: the config examples are
 * checked against the server where it is on the classpath, and these tests still compile in a
 * build of the connector alone. Any failure other than "class absent" is rethrown.
 */
final class ServerDefaults {
    private static final String SERVER_CONFIG = "io.plotstream.server.ServerConfig";

    private ServerDefaults() {
    }

    static Optional<Integer> port() {
        return serverConfigClass().map(c -> (Integer) field(invoke(c, "defaults"), "port"));
    }

    /** Parses a server config file exactly as {@code --config file} does; empty when the server is absent. */
    static Optional<Object> parse(Path file) {
        return serverConfigClass().map(c -> {
            try {
                Method fromArgs = c.getMethod("fromArgs", String[].class, Map.class);
                return fromArgs.invoke(null, new String[] {"--config", file.toString()}, Map.of());
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw new AssertionError(file + " is rejected by the plot server: " + e.getCause().getMessage(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static Object field(Object target, String name) {
        try {
            Field field = target.getClass().getField(name);
            return field.get(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(SERVER_CONFIG + " has no public field " + name, e);
        }
    }

    private static Object invoke(Class<?> type, String staticMethod) {
        try {
            return type.getMethod(staticMethod).invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Class<?>> serverConfigClass() {
        try {
            return Optional.of(Class.forName(SERVER_CONFIG));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }
}
