package io.plotstream.demo;

import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Runs an orderly stop on Ctrl-C (SIGINT) and SIGTERM <em>before</em> the JVM's shutdown hooks.
 *
 * <p>Why not just a shutdown hook: Kafka registers its own hooks (the Connect worker stops itself,
 * the embedded broker's temporary directories are deleted), and the JVM runs all hooks at once, so
 * the broker's files vanish under a worker still committing offsets. Handling the signal first lets
 * the pipeline stop in order; the hooks then find nothing left to do.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported) through reflection, so the build has no
 * internal-API warning; where it is missing, {@link #install} says so and the shutdown hook alone
 * applies.
 */
final class StopSignals {
    private StopSignals() {
    }

    /** @return whether the handlers were installed */
    static boolean install(Runnable onSignal) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            onSignal.run();
                            return null;
                        }
                        return method.getDeclaringClass() == Object.class ? objectMethod(proxy, method.getName(), args) : null;
                    });
            for (String name : List.of("INT", "TERM")) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            }
            return true;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static Object objectMethod(Object proxy, String name, Object[] args) {
        return switch (name) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> "StopSignals handler";
        };
    }
}
