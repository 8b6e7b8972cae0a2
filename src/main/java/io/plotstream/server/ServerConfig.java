package io.plotstream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the plot server can be told, with defaults that just work on one machine: port 8090
 * on 127.0.0.1, data in {@code ./plot-data}, figure files from {@code config/plots}, open mode off.
 *
 * <p>The same keys are read from the command line ({@code --port 8090}, {@code --open}), from a
 * {@code .properties} or flat {@code .json} file ({@code --config file}; the command line wins), and
 * for secrets from the environment ({@code PLOTSERVER_ADMIN_KEY}, {@code PLOTSERVER_VIEW_KEY},
 * {@code PLOTSERVER_TLS_KEYSTORE_PASSWORD}) so they stay out of {@code ps}. {@link #KEYS} lists them.
 */
public final class ServerConfig {

    /** Every key with its meaning and default, for {@code --help} and error messages. */
    public static final Map<String, String> KEYS = keys();

    public final int port;
    public final String bind;
    public final Path dataDir;
    public final Path plotsDir;
    public final boolean openMode;
    public final boolean multiplexed;
    public final Duration idleTimeout;
    public final int maxLineBytes;
    public final int maxHeaderBytes;
    public final int maxJsonDepth;
    public final int maxStreamsPerToken;
    public final int maxStreams;
    public final int maxPlots;
    public final int maxTracesPerPlot;
    public final int maxPoints;
    public final int maxBodyBytes;
    public final String adminKey;
    public final String viewKey;
    public final Path tlsKeystore;
    public final String tlsKeystorePassword;
    public final String tlsKeystoreType;
    public final Duration snapshotInterval;
    public final int maxViewers;
    public final int maxPushesPerSecond;
    public final int viewerQueueFrames;
    public final int scatterglThreshold;

    private ServerConfig(Builder b) {
        port = b.port;
        bind = b.bind;
        dataDir = b.dataDir;
        plotsDir = b.plotsDir;
        openMode = b.openMode;
        multiplexed = b.multiplexed;
        idleTimeout = b.idleTimeout;
        maxLineBytes = b.maxLineBytes;
        maxHeaderBytes = b.maxHeaderBytes;
        maxJsonDepth = b.maxJsonDepth;
        maxStreamsPerToken = b.maxStreamsPerToken;
        maxStreams = b.maxStreams;
        maxPlots = b.maxPlots;
        maxTracesPerPlot = b.maxTracesPerPlot;
        maxPoints = b.maxPoints;
        maxBodyBytes = b.maxBodyBytes;
        adminKey = blankToNull(b.adminKey);
        viewKey = blankToNull(b.viewKey);
        tlsKeystore = b.tlsKeystore;
        tlsKeystorePassword = b.tlsKeystorePassword;
        tlsKeystoreType = b.tlsKeystoreType;
        snapshotInterval = b.snapshotInterval;
        maxViewers = b.maxViewers;
        maxPushesPerSecond = b.maxPushesPerSecond;
        viewerQueueFrames = b.viewerQueueFrames;
        scatterglThreshold = b.scatterglThreshold;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ServerConfig defaults() {
        return builder().build();
    }

    public boolean tls() {
        return tlsKeystore != null;
    }

    /**
     * Reads {@code --key value}, {@code --key=value} and bare boolean flags ({@code --open}); a
     * {@code --config file} is read first and the other arguments override it.
     *
     * @throws IllegalArgumentException naming the bad argument
     */
    public static ServerConfig fromArgs(String[] args, Map<String, String> environment) {
        Map<String, String> cli = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options start with --; see --help)");
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "true"; // a bare flag
            }
            cli.put(key, value);
        }
        Builder builder = builder();
        String env;
        if ((env = environment.get("PLOTSERVER_ADMIN_KEY")) != null) {
            builder.adminKey(env);
        }
        if ((env = environment.get("PLOTSERVER_VIEW_KEY")) != null) {
            builder.viewKey(env);
        }
        if ((env = environment.get("PLOTSERVER_TLS_KEYSTORE_PASSWORD")) != null) {
            builder.tlsKeystorePassword = env;
        }
        String file = cli.remove("config");
        if (file != null) {
            builder.apply(readFile(Path.of(file)), "config file " + file);
        }
        builder.apply(cli, "command line");
        return builder.build();
    }

    static Map<String, String> readFile(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                JsonNode root = new ObjectMapper().readTree(file.toFile());
                if (root == null || !root.isObject()) {
                    throw new IllegalArgumentException("config file " + file + ": expected a JSON object of key: value");
                }
                for (Map.Entry<String, JsonNode> field : root.properties()) {
                    out.put(field.getKey(), field.getValue().asText());
                }
            } else {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                properties.stringPropertyNames().forEach(k -> out.put(k, properties.getProperty(k).trim()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A printable summary (secrets shown only as set/unset). */
    @Override
    public String toString() {
        return "port=" + port + " bind=" + bind + " data-dir=" + dataDir + " plots-dir=" + plotsDir
                + " open=" + openMode + " multiplexed=" + multiplexed + " idle-timeout=" + idleTimeout.toMillis() + "ms"
                + " max-line-bytes=" + maxLineBytes + " max-streams-per-token=" + maxStreamsPerToken
                + " max-streams=" + maxStreams + " max-plots=" + maxPlots + " max-points=" + maxPoints
                + " admin-key=" + (adminKey == null ? "unset" : "set")
                + " view-key=" + (viewKey == null ? "unset" : "set")
                + " tls=" + tls() + " snapshot-interval=" + snapshotInterval.toMillis() + "ms";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static Map<String, String> keys() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("port", "TCP port (0 = any free port). Default 8090");
        k.put("bind", "address to listen on; 0.0.0.0 for every interface. Default 127.0.0.1");
        k.put("data-dir", "where plot definitions and windows are kept. Default ./plot-data");
        k.put("plots-dir", "figure files (*.json) defining plots at start, id = file name. Default config/plots");
        k.put("open", "open mode: a stream on an unknown token creates a plot for it. Default false");
        k.put("multiplexed", "accept POST / without plotly-streamtoken, each line naming its \"streamtoken\" (Plotly's Arduino variant); off: 406. Default false");
        k.put("idle-timeout", "a stream with no byte for this long ends with 408 (e.g. 60s, 500ms). Default 60s");
        k.put("max-line-bytes", "longest stream line; longer ends the stream with 413. Default 65536");
        k.put("max-header-bytes", "largest request header block. Default 8192");
        k.put("max-json-depth", "deepest JSON nesting in a stream line (422 beyond). Default 32");
        k.put("max-streams-per-token", "concurrent streams per token (423 beyond). Default 4");
        k.put("max-streams", "concurrent streams in total (503 beyond). Default 1000");
        k.put("max-plots", "plots at most. Default 1000");
        k.put("max-traces-per-plot", "traces per figure at most. Default 100");
        k.put("max-points", "largest maxpoints a trace may ask for. Default 10000 (Plotly's limit)");
        k.put("max-body-bytes", "largest REST request body. Default 4194304");
        k.put("admin-key", "when set, creating/changing/deleting plots and minting tokens need it (env PLOTSERVER_ADMIN_KEY)");
        k.put("view-key", "when set, pages and read APIs need it (env PLOTSERVER_VIEW_KEY)");
        k.put("tls-keystore", "a keystore file: serve HTTPS instead of HTTP");
        k.put("tls-keystore-password", "its password (env PLOTSERVER_TLS_KEYSTORE_PASSWORD)");
        k.put("tls-keystore-type", "PKCS12 or JKS. Default PKCS12");
        k.put("snapshot-interval", "how often changed windows are saved. Default 5s");
        k.put("max-viewers", "open viewer connections at most. Default 1000");
        k.put("max-pushes-per-second", "per plot, viewer updates per second at most. Default 30");
        k.put("viewer-queue-frames", "per viewer, frames queued at most. Default 64");
        k.put("scattergl-threshold", "windows larger than this render with scattergl. Default 2000");
        return Map.copyOf(k);
    }

    /** Builder with the defaults; {@link #build()} validates. */
    public static final class Builder {
        private int port = 8090;
        private String bind = "127.0.0.1";
        private Path dataDir = Path.of("plot-data");
        private Path plotsDir = Path.of("config", "plots");
        private boolean openMode;
        private boolean multiplexed;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int maxLineBytes = 64 * 1024;
        private int maxHeaderBytes = 8 * 1024;
        private int maxJsonDepth = 32;
        private int maxStreamsPerToken = 4;
        private int maxStreams = 1000;
        private int maxPlots = 1000;
        private int maxTracesPerPlot = 100;
        private int maxPoints = 10_000;
        private int maxBodyBytes = 4 * 1024 * 1024;
        private String adminKey;
        private String viewKey;
        private Path tlsKeystore;
        private String tlsKeystorePassword;
        private String tlsKeystoreType = "PKCS12";
        private Duration snapshotInterval = Duration.ofSeconds(5);
        private int maxViewers = 1000;
        private int maxPushesPerSecond = 30;
        private int viewerQueueFrames = 64;
        private int scatterglThreshold = 2000;

        public Builder port(int v) { port = v; return this; }
        public Builder bind(String v) { bind = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder plotsDir(Path v) { plotsDir = v; return this; }
        public Builder openMode(boolean v) { openMode = v; return this; }
        public Builder multiplexed(boolean v) { multiplexed = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder maxLineBytes(int v) { maxLineBytes = v; return this; }
        public Builder maxHeaderBytes(int v) { maxHeaderBytes = v; return this; }
        public Builder maxJsonDepth(int v) { maxJsonDepth = v; return this; }
        public Builder maxStreamsPerToken(int v) { maxStreamsPerToken = v; return this; }
        public Builder maxStreams(int v) { maxStreams = v; return this; }
        public Builder maxPlots(int v) { maxPlots = v; return this; }
        public Builder maxTracesPerPlot(int v) { maxTracesPerPlot = v; return this; }
        public Builder maxPoints(int v) { maxPoints = v; return this; }
        public Builder maxBodyBytes(int v) { maxBodyBytes = v; return this; }
        public Builder adminKey(String v) { adminKey = v; return this; }
        public Builder viewKey(String v) { viewKey = v; return this; }
        public Builder tls(Path keystore, String password, String type) {
            tlsKeystore = keystore;
            tlsKeystorePassword = password;
            tlsKeystoreType = type;
            return this;
        }
        public Builder snapshotInterval(Duration v) { snapshotInterval = v; return this; }
        public Builder maxViewers(int v) { maxViewers = v; return this; }
        public Builder maxPushesPerSecond(int v) { maxPushesPerSecond = v; return this; }
        public Builder viewerQueueFrames(int v) { viewerQueueFrames = v; return this; }
        public Builder scatterglThreshold(int v) { scatterglThreshold = v; return this; }

        /** Applies string settings by key; {@code source} names where they came from in errors. */
        public Builder apply(Map<String, String> settings, String source) {
            for (Map.Entry<String, String> e : settings.entrySet()) {
                String key = e.getKey();
                String value = e.getValue();
                try {
                    set(key, value);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(source + ": " + key + "=" + shown(key, value) + ": " + ex.getMessage(), ex);
                }
            }
            return this;
        }

        private void set(String key, String value) {
            switch (key) {
                case "port" -> port = integer(value);
                case "bind" -> bind = value;
                case "data-dir" -> dataDir = Path.of(value);
                case "plots-dir" -> plotsDir = Path.of(value);
                case "open" -> openMode = bool(value);
                case "multiplexed" -> multiplexed = bool(value);
                case "idle-timeout" -> idleTimeout = duration(value);
                case "max-line-bytes" -> maxLineBytes = integer(value);
                case "max-header-bytes" -> maxHeaderBytes = integer(value);
                case "max-json-depth" -> maxJsonDepth = integer(value);
                case "max-streams-per-token" -> maxStreamsPerToken = integer(value);
                case "max-streams" -> maxStreams = integer(value);
                case "max-plots" -> maxPlots = integer(value);
                case "max-traces-per-plot" -> maxTracesPerPlot = integer(value);
                case "max-points" -> maxPoints = integer(value);
                case "max-body-bytes" -> maxBodyBytes = integer(value);
                case "admin-key" -> adminKey = value;
                case "view-key" -> viewKey = value;
                case "tls-keystore" -> tlsKeystore = Path.of(value);
                case "tls-keystore-password" -> tlsKeystorePassword = value;
                case "tls-keystore-type" -> tlsKeystoreType = value;
                case "snapshot-interval" -> snapshotInterval = duration(value);
                case "max-viewers" -> maxViewers = integer(value);
                case "max-pushes-per-second" -> maxPushesPerSecond = integer(value);
                case "viewer-queue-frames" -> viewerQueueFrames = integer(value);
                case "scattergl-threshold" -> scatterglThreshold = integer(value);
                default -> throw new IllegalArgumentException("unknown key; known keys: " + new TreeSet<>(KEYS.keySet()));
            }
        }

        public ServerConfig build() {
            check(port >= 0 && port <= 65535, "port must be 0..65535, was " + port);
            check(bind != null && !bind.isBlank(), "bind must be an address");
            check(!idleTimeout.isNegative() && !idleTimeout.isZero(), "idle-timeout must be positive");
            check(maxLineBytes >= 64, "max-line-bytes must be at least 64, was " + maxLineBytes);
            check(maxHeaderBytes >= 1024, "max-header-bytes must be at least 1024, was " + maxHeaderBytes);
            check(maxJsonDepth >= 3, "max-json-depth must be at least 3 (a write with a layout object), was " + maxJsonDepth);
            check(maxStreamsPerToken >= 1, "max-streams-per-token must be at least 1");
            check(maxStreams >= 1, "max-streams must be at least 1");
            check(maxPlots >= 1, "max-plots must be at least 1");
            check(maxTracesPerPlot >= 1, "max-traces-per-plot must be at least 1");
            check(maxPoints >= 0 && maxPoints <= 1_000_000, "max-points must be 0..1000000, was " + maxPoints);
            check(maxBodyBytes >= 1024, "max-body-bytes must be at least 1024");
            check(!snapshotInterval.isNegative() && !snapshotInterval.isZero(), "snapshot-interval must be positive");
            check(maxViewers >= 1 && maxPushesPerSecond >= 1 && viewerQueueFrames >= 1 && scatterglThreshold >= 0,
                    "viewer limits must be positive");
            check(tlsKeystore == null || Files.isReadable(tlsKeystore), "tls-keystore " + tlsKeystore + " is not readable");
            return new ServerConfig(this);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }

        private static int integer(String value) {
            try {
                return Integer.parseInt(value.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number");
            }
        }

        private static boolean bool(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new IllegalArgumentException("expected true or false");
            };
        }

        /** {@code 60s}, {@code 500ms}, {@code 2m}, or a plain number of seconds. */
        static Duration duration(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
                }
                if (v.endsWith("s")) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 1000));
                }
                if (v.endsWith("m")) {
                    return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).trim()) * 60_000));
                }
                return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a duration such as 60s, 500ms or 2m");
            }
        }

        private static String shown(String key, String value) {
            return Set.of("admin-key", "view-key", "tls-keystore-password").contains(key) ? "****" : value;
        }
    }
}
