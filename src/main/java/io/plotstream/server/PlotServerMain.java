package io.plotstream.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar target/plot-server.jar [--config file] [--port 8090] [--open] ...}: runs the
 * plot server until interrupted (Ctrl-C saves the windows and ends streams with 503).
 */
public final class PlotServerMain {

    static {
        // Jetty's parser WARNs on every connection with two Host headers, which Plotly's Python
        // client always sends (and we accept on purpose): one log line per reconnect is noise.
        // Set before the first logger exists (the backend reads levels once); an explicit setting wins.
        if (System.getProperty("org.eclipse.jetty.http.HttpParser.LEVEL") == null) {
            System.setProperty("org.eclipse.jetty.http.HttpParser.LEVEL", "ERROR");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PlotServerMain.class);

    private PlotServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(usage());
            return;
        }
        ServerConfig config;
        try {
            config = ServerConfig.fromArgs(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("plot-server: " + e.getMessage());
            System.err.println("Run with --help for the options.");
            System.exit(2);
            return;
        }
        PlotServer server = new PlotServer(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "plot-server-shutdown"));
        try {
            server.start();
        } catch (Exception e) {
            LOG.error("Plot server failed to start: {}", e.getMessage(), e);
            System.exit(1);
        }
        stopped.await();
    }

    static String usage() {
        StringBuilder out = new StringBuilder("""
                Usage: java -jar plot-server.jar [--config file.properties|file.json] [--key value]...
                A live plot server speaking Plotly's streaming protocol (POST / with plotly-streamtoken).
                Options (also as keys of the config file):
                """);
        new TreeMap<>(ServerConfig.KEYS).forEach((key, doc) -> out.append(String.format("  --%-24s %s%n", key, doc)));
        return out.toString();
    }
}
