package io.plotstream.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the embedded pipeline is told on its command line.
 *
 * @param bootstrapServers an existing Kafka to use, or null to start an embedded KRaft broker
 * @param producer         whether to run the demo producer
 * @param port             the plot server's port (0 = any free port)
 * @param connectorFile    the connector JSON ({"name", "config"}) deployed through the worker's REST API
 * @param help             only print the usage
 */
public record PipelineOptions(String bootstrapServers, boolean producer, int port, Path connectorFile, boolean help) {

    public static final int DEFAULT_PORT = 8090;
    public static final Path DEFAULT_CONNECTOR_FILE = Path.of("config", "demo-connector.json");

    public static final String USAGE = """
            Usage: mvn -Pdemo test-compile exec:java [-Dexec.args="OPTIONS"]

            Starts a Kafka broker (KRaft), a Kafka Connect worker with the Plotly sink connector, the
            live plot server and a demo producer, all in this JVM. Open the printed URL; Ctrl-C stops.

            Options:
              --bootstrap-servers HOST:PORT  use this Kafka instead of starting one
              --no-producer                  do not produce demo records (plot your own topics)
              --port N                       plot server port (default 8090; 0 = any free port)
              --connector FILE               connector JSON to deploy (default config/demo-connector.json)
              --help                         print this and exit
            """;

    public PipelineOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be 0..65535, was " + port);
        }
        if (bootstrapServers != null && bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers needs HOST:PORT[,HOST:PORT...]");
        }
    }

    public static PipelineOptions defaults() {
        return new PipelineOptions(null, true, DEFAULT_PORT, DEFAULT_CONNECTOR_FILE, false);
    }

    public PipelineOptions withPort(int newPort) {
        return new PipelineOptions(bootstrapServers, producer, newPort, connectorFile, help);
    }

    /** @throws IllegalArgumentException naming the argument at fault */
    public static PipelineOptions parse(String... args) {
        String bootstrap = null;
        boolean producer = true;
        int port = DEFAULT_PORT;
        Path connector = DEFAULT_CONNECTOR_FILE;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                inlineValue = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--help", "-h" -> help = true;
                case "--no-producer" -> producer = false;
                case "--bootstrap-servers" -> bootstrap = inlineValue != null ? inlineValue : value(args, ++i, arg);
                case "--port" -> port = port(inlineValue != null ? inlineValue : value(args, ++i, arg));
                case "--connector" -> connector = Path.of(inlineValue != null ? inlineValue : value(args, ++i, arg));
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "' (see --help)");
            }
        }
        if (!help && !Files.isRegularFile(connector)) {
            throw new IllegalArgumentException("--connector " + connector + ": no such file (run from the repository root)");
        }
        return new PipelineOptions(bootstrap, producer, port, connector, help);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value (see --help)");
        }
        return args[index];
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port expects a number, was '" + text + "'");
        }
    }
}
