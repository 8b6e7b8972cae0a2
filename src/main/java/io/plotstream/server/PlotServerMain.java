package io.plotstream.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
        if (java.util.Arrays.stream(args).anyMatch(a -> a.equals("--help") || a.equals("-h"))) {
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

    /** The {@code --help} text: a fixed head and the options generated from {@link ServerConfig#TABLE}. */
    static String usage() {
        return """
                Usage: java -jar plot-server.jar [--config file.properties|file.json] [--key value]...
                A live plot server speaking Plotly's streaming protocol (POST / with plotly-streamtoken),
                with live pages, dashboards and a REST API. Every option is also a key of the config file
                (port=8090); the command line wins over the file. Durations: 500ms, 60s, 5m, 1h, 1d.
                Sizes: 65536, 64KiB, 1MiB, 1GiB. Booleans: a bare --open, or true/false.
                Options:
                """ + ServerConfig.help();
    }
}
