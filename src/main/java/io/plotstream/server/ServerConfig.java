package io.plotstream.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Everything the plot server can be told, with defaults that just work on one machine: port 8090
 * on 127.0.0.1, data in {@code ./plot-data}, figure files from {@code config/plots}, open mode off.
 *
 * <p>The same keys are read from the command line ({@code --port 8090}, {@code --open}), from a
 * {@code .properties} or flat {@code .json} file ({@code --config file}; the command line wins), and
 * for secrets from the environment ({@code PLOTSERVER_ADMIN_KEY}, {@code PLOTSERVER_VIEW_KEY},
 * {@code PLOTSERVER_TLS_KEYSTORE_PASSWORD}) so they stay out of {@code ps}.
 *
 * <p>{@link #TABLE} is the one place a key is described: its name, how its value is parsed, its
 * default, its bound and its documentation. Parsing, validation (with a message naming the flag),
 * {@link #toString()} (secrets masked) and {@link #help()} ({@code --help}) all come from it. A key
 * additionally has a public field (what the rest of the server reads), one line in the constructor
 * and a typed builder method; the compiler checks those three against the table's type.
 */
public final class ServerConfig {

    // ---------------------------------------------------------------- the table

    private static final List<Key<?>> ALL = new ArrayList<>();

    private static final String NET = "Network";
    private static final String FILES = "Files";
    private static final String INGEST = "Streams (ingest)";
    private static final String PLOTS = "Plots and history";
    private static final String DASHBOARDS = "Dashboards";
    private static final String API = "REST API and keys";
    private static final String VIEWERS = "Viewers (pages and WebSocket)";
    private static final String CLUSTER = "Cluster (engine)";

    public static final Key<Integer> PORT = key(NET, "port", Parsers.INT, 8090, Bound.range(0, 65535),
            "TCP port (0 = any free port). Plotly's Python client always connects to port 80 (443 with TLS)");
    public static final Key<String> BIND = key(NET, "bind", Parsers.TEXT, "127.0.0.1", Bound.notBlank(),
            "address to listen on; 0.0.0.0 for every interface");
    public static final Key<Path> TLS_KEYSTORE = key(NET, "tls-keystore", Parsers.PATH, null, Bound.none(),
            "a keystore file: serve HTTPS instead of HTTP");
    public static final Key<String> TLS_KEYSTORE_PASSWORD = secret(NET, "tls-keystore-password",
            "PLOTSERVER_TLS_KEYSTORE_PASSWORD", "the keystore's password");
    public static final Key<String> TLS_KEYSTORE_TYPE = key(NET, "tls-keystore-type", Parsers.TEXT, "PKCS12",
            Bound.oneOf("PKCS12", "JKS"), "the keystore's type");
    public static final Key<Integer> MAX_CONNECTIONS = key(NET, "max-connections", Parsers.INT, 3000,
            Bound.range(1, 1_000_000),
            "open TCP connections at most; beyond, the server stops accepting until one closes. Keep it above "
                    + "max-streams + max-viewers so those answer with a status first");
    public static final Key<Duration> HEADER_TIMEOUT = key(NET, "header-timeout", Parsers.DURATION,
            Duration.ofSeconds(10), Bound.durationRange(Duration.ofMillis(100), Duration.ofHours(1)),
            "a connection must finish a request's headers within this (trickling clients are closed); "
                    + "a stream's body is not affected");
    public static final Key<Integer> MAX_HEADER_BYTES = key(NET, "max-header-bytes", Parsers.INT_BYTES, 8 * 1024,
            Bound.byteRange(1024, 1024 * 1024), "largest request header block");

    public static final Key<Path> DATA_DIR = key(FILES, "data-dir", Parsers.PATH, Path.of("plot-data"), Bound.notNull(),
            "where plot and dashboard definitions, windows and history are kept");
    public static final Key<Path> PLOTS_DIR = key(FILES, "plots-dir", Parsers.PATH, Path.of("config", "plots"),
            Bound.none(), "figure files (*.json) defining plots at start, id = file name");
    public static final Key<Path> DASHBOARDS_DIR = key(FILES, "dashboards-dir", Parsers.PATH,
            Path.of("config", "dashboards"), Bound.none(),
            "dashboard files (*.json) defining dashboards at start, id = file name");
    public static final Key<Duration> SNAPSHOT_INTERVAL = key(FILES, "snapshot-interval", Parsers.DURATION,
            Duration.ofSeconds(5), Bound.durationRange(Duration.ofMillis(100), Duration.ofHours(24)),
            "how often changed plots are checkpointed (definition, windows, history and the log position they "
                    + "cover): bounds the log's size and the replay at start, not what a crash loses");
    public static final Key<String> LOG = key(FILES, "log", Parsers.TEXT, "segments", Bound.oneOf("segments", "none"),
            "where every change is logged before it is applied and acknowledged: segments (files in <data-dir>/log, "
                    + "group commit; a crash loses nothing acknowledged) or none (to measure the log's cost only: a "
                    + "crash loses what came since the last checkpoint)");
    public static final Key<Long> LOG_LIMIT = key(FILES, "log-limit", Parsers.BYTES, 1L << 30,
            Bound.range(1L << 20, 1L << 44),
            "disk the operation log may use; beyond, streams end with 503 until checkpoints free segments");

    public static final Key<String> ENGINE = key(CLUSTER, "engine", Parsers.TEXT, "embedded", engineBound(),
            "where the plots' operations are stored: embedded (this server's own log in <data-dir>, see log) or "
                    + "redis://host:port[/db] (rediss:// for TLS): a cluster, every node over one Redis, any node takes "
                    + "any stream and any viewer; the password only from PLOTSTREAM_REDIS_PASSWORD");
    public static final Key<String> NODE_ID = key(CLUSTER, "node-id", Parsers.TEXT, null, Bound.none(),
            "this node's name in a cluster's leases and logs (default: host name and process id)");
    public static final Key<String> REDIS_PASSWORD = secret(CLUSTER, "redis-password", "PLOTSTREAM_REDIS_PASSWORD",
            "the Redis password (or ACL user's password) of engine redis://");

    public static final Key<Boolean> OPEN = key(INGEST, "open", Parsers.BOOL, false, Bound.none(),
            "open mode: a stream on an unknown token creates a plot for it");
    public static final Key<Boolean> MULTIPLEXED = key(INGEST, "multiplexed", Parsers.BOOL, false, Bound.none(),
            "accept POST / without plotly-streamtoken, each line naming its \"streamtoken\" (Plotly's Arduino "
                    + "variant); off: 406");
    public static final Key<Duration> IDLE_TIMEOUT = key(INGEST, "idle-timeout", Parsers.DURATION,
            Duration.ofSeconds(60), Bound.durationRange(Duration.ofMillis(1), Duration.ofDays(1)),
            "a stream with no byte for this long ends with 408");
    public static final Key<Integer> MAX_LINE_BYTES = key(INGEST, "max-line-bytes", Parsers.INT_BYTES, 64 * 1024,
            Bound.byteRange(64, 64 * 1024 * 1024), "longest stream line; longer ends the stream with 413");
    public static final Key<Integer> MAX_JSON_DEPTH = key(INGEST, "max-json-depth", Parsers.INT, 32,
            Bound.range(3, 1000), "deepest JSON nesting in a stream line (422 beyond); 3 admits a write with a layout");
    public static final Key<Integer> MAX_STREAMS_PER_TOKEN = key(INGEST, "max-streams-per-token", Parsers.INT, 4,
            Bound.range(1, 100_000), "concurrent streams per token (423 beyond)");
    public static final Key<Integer> MAX_STREAMS = key(INGEST, "max-streams", Parsers.INT, 1000,
            Bound.range(1, 1_000_000), "concurrent streams in total (503 beyond)");

    public static final Key<Integer> MAX_PLOTS = key(PLOTS, "max-plots", Parsers.INT, 1000, Bound.range(1, 1_000_000),
            "plots at most");
    public static final Key<Integer> MAX_TRACES_PER_PLOT = key(PLOTS, "max-traces-per-plot", Parsers.INT, 100,
            Bound.range(1, 10_000), "traces per figure at most");
    public static final Key<Integer> MAX_POINTS = key(PLOTS, "max-points", Parsers.INT, 10_000,
            Bound.range(0, 1_000_000), "largest maxpoints a trace may ask for (Plotly's limit is 10000)");
    public static final Key<Long> HISTORY_BYTES_PER_TRACE = key(PLOTS, "history-bytes-per-trace", Parsers.BYTES,
            1024L * 1024, Bound.range(0L, 1L << 40),
            "memory for one streamed trace's downsampled history (0 = no history)");
    public static final Key<Long> HISTORY_BYTES_TOTAL = key(PLOTS, "history-bytes-total", Parsers.BYTES,
            256L * 1024 * 1024, Bound.range(0L, 1L << 40), "memory for the history of all traces together");

    public static final Key<Integer> MAX_DASHBOARDS = key(DASHBOARDS, "max-dashboards", Parsers.INT, 100,
            Bound.range(0, 100_000), "dashboards at most");
    public static final Key<Integer> MAX_PANELS = key(DASHBOARDS, "max-panels", Parsers.INT, 24,
            Bound.range(1, 1000), "panels per dashboard at most");

    public static final Key<Integer> MAX_BODY_BYTES = key(API, "max-body-bytes", Parsers.INT_BYTES, 4 * 1024 * 1024,
            Bound.byteRange(1024, 1024 * 1024 * 1024), "largest REST request body");
    public static final Key<String> ADMIN_KEY = secret(API, "admin-key", "PLOTSERVER_ADMIN_KEY",
            "when set, creating/changing/deleting plots and dashboards and minting tokens need it");
    public static final Key<String> VIEW_KEY = secret(API, "view-key", "PLOTSERVER_VIEW_KEY",
            "when set, pages, the WebSocket and read APIs need it");

    public static final Key<Integer> MAX_VIEWERS = key(VIEWERS, "max-viewers", Parsers.INT, 1000,
            Bound.range(1, 1_000_000), "open viewer WebSockets at most (a dashboard page is one)");
    public static final Key<Integer> MAX_PUSHES_PER_SECOND = key(VIEWERS, "max-pushes-per-second", Parsers.INT, 30,
            Bound.range(1, 1000), "per plot, viewer updates per second at most");
    public static final Key<Integer> VIEWER_QUEUE_FRAMES = key(VIEWERS, "viewer-queue-frames", Parsers.INT, 64,
            Bound.range(1, 10_000),
            "per viewer socket, frames queued at most; beyond, the viewer gets a fresh snapshot later");
    public static final Key<Integer> SCATTERGL_THRESHOLD = key(VIEWERS, "scattergl-threshold", Parsers.INT, 2000,
            Bound.range(0, Integer.MAX_VALUE), "windows larger than this render with scattergl");
    public static final Key<Duration> STALE_AFTER = key(VIEWERS, "stale-after", Parsers.DURATION,
            Duration.ofSeconds(60), Bound.durationRange(Duration.ofSeconds(1), Duration.ofDays(7)),
            "a plot with no update for this long shows as stale");

    /** Every key, in the order {@code --help} lists them. */
    public static final List<Key<?>> TABLE = Collections.unmodifiableList(ALL);

    /** Every key's name with its documentation. */
    public static final Map<String, String> KEYS = keyDocs();

    // ---------------------------------------------------------------- the values

    public final int port;
    public final String bind;
    public final Path tlsKeystore;
    public final String tlsKeystorePassword;
    public final String tlsKeystoreType;
    public final int maxConnections;
    public final Duration headerTimeout;
    public final int maxHeaderBytes;
    public final Path dataDir;
    public final Path plotsDir;
    public final Path dashboardsDir;
    public final Duration snapshotInterval;
    public final String log;
    public final long logLimit;
    public final String engine;
    public final String nodeId;
    public final String redisPassword;
    public final boolean openMode;
    public final boolean multiplexed;
    public final Duration idleTimeout;
    public final int maxLineBytes;
    public final int maxJsonDepth;
    public final int maxStreamsPerToken;
    public final int maxStreams;
    public final int maxPlots;
    public final int maxTracesPerPlot;
    public final int maxPoints;
    public final long historyBytesPerTrace;
    public final long historyBytesTotal;
    public final int maxDashboards;
    public final int maxPanels;
    public final int maxBodyBytes;
    public final String adminKey;
    public final String viewKey;
    public final int maxViewers;
    public final int maxPushesPerSecond;
    public final int viewerQueueFrames;
    public final int scatterglThreshold;
    public final Duration staleAfter;

    private final Map<Key<?>, Object> values;

    private ServerConfig(Map<Key<?>, Object> v) {
        values = v;
        port = get(PORT);
        bind = get(BIND);
        tlsKeystore = get(TLS_KEYSTORE);
        tlsKeystorePassword = get(TLS_KEYSTORE_PASSWORD);
        tlsKeystoreType = get(TLS_KEYSTORE_TYPE);
        maxConnections = get(MAX_CONNECTIONS);
        headerTimeout = get(HEADER_TIMEOUT);
        maxHeaderBytes = get(MAX_HEADER_BYTES);
        dataDir = get(DATA_DIR);
        plotsDir = get(PLOTS_DIR);
        dashboardsDir = get(DASHBOARDS_DIR);
        snapshotInterval = get(SNAPSHOT_INTERVAL);
        log = get(LOG);
        logLimit = get(LOG_LIMIT);
        engine = get(ENGINE);
        nodeId = get(NODE_ID);
        redisPassword = get(REDIS_PASSWORD);
        openMode = get(OPEN);
        multiplexed = get(MULTIPLEXED);
        idleTimeout = get(IDLE_TIMEOUT);
        maxLineBytes = get(MAX_LINE_BYTES);
        maxJsonDepth = get(MAX_JSON_DEPTH);
        maxStreamsPerToken = get(MAX_STREAMS_PER_TOKEN);
        maxStreams = get(MAX_STREAMS);
        maxPlots = get(MAX_PLOTS);
        maxTracesPerPlot = get(MAX_TRACES_PER_PLOT);
        maxPoints = get(MAX_POINTS);
        historyBytesPerTrace = get(HISTORY_BYTES_PER_TRACE);
        historyBytesTotal = get(HISTORY_BYTES_TOTAL);
        maxDashboards = get(MAX_DASHBOARDS);
        maxPanels = get(MAX_PANELS);
        maxBodyBytes = get(MAX_BODY_BYTES);
        adminKey = get(ADMIN_KEY);
        viewKey = get(VIEW_KEY);
        maxViewers = get(MAX_VIEWERS);
        maxPushesPerSecond = get(MAX_PUSHES_PER_SECOND);
        viewerQueueFrames = get(VIEWER_QUEUE_FRAMES);
        scatterglThreshold = get(SCATTERGL_THRESHOLD);
        staleAfter = get(STALE_AFTER);
    }

    /** The value of any key (the fields above are the same values, typed). */
    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        return (T) values.get(key);
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
     * Settings that are allowed but probably not meant (the server logs them at start): e.g. a
     * connection limit below what the stream and viewer limits would admit.
     */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        if ((long) maxStreams + maxViewers >= maxConnections) {
            out.add("max-connections " + maxConnections + " is not above max-streams " + maxStreams + " + max-viewers "
                    + maxViewers + ": when both are full, the REST API and pages cannot connect");
        }
        if (headerTimeout.compareTo(idleTimeout) > 0) {
            out.add("header-timeout " + Parsers.text(headerTimeout) + " is longer than idle-timeout "
                    + Parsers.text(idleTimeout) + ": a connection sending nothing is closed at the idle timeout first");
        }
        return out;
    }

    /**
     * Reads {@code --key value}, {@code --key=value} and bare boolean flags ({@code --open}); a
     * {@code --config file} is read first and the other arguments override it; the environment's
     * secrets come first of all.
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
                value = "true"; // a bare flag; a key that is not boolean says "expected ..."
            }
            cli.put(key, value);
        }
        Builder builder = builder();
        for (Key<?> key : TABLE) {
            String env = key.env == null ? null : environment.get(key.env);
            if (env != null) {
                builder.parse(key, env, "environment " + key.env);
            }
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

    /** Every key as {@code name=value}, in table order; secrets only as set/unset. */
    @Override
    public String toString() {
        StringJoiner out = new StringJoiner(" ");
        for (Key<?> key : TABLE) {
            out.add(key.name + "=" + key.shown(values.get(key)));
        }
        return out.toString();
    }

    /** The options part of {@code --help}, generated from {@link #TABLE}. */
    public static String help() {
        StringBuilder out = new StringBuilder();
        String section = null;
        for (Key<?> key : TABLE) {
            if (!key.section.equals(section)) {
                section = key.section;
                out.append(String.format("%n%s:%n", section));
            }
            String flag = "--" + key.name + (key.parser == Parsers.BOOL ? "" : " <" + key.parser.type + ">");
            StringBuilder doc = new StringBuilder(key.doc);
            List<String> facts = new ArrayList<>();
            if (key.defaultValue != null && !key.secret) {
                facts.add("default " + key.shownDefault());
            }
            if (!key.bound.describe().isEmpty()) {
                facts.add(key.bound.describe());
            }
            if (key.env != null) {
                facts.add("env " + key.env);
            }
            if (!facts.isEmpty()) {
                doc.append(" [").append(String.join("; ", facts)).append("]");
            }
            out.append(String.format("  %-34s %s%n", flag, wrap(doc.toString(), 37, 110)));
        }
        return out.toString();
    }

    private static String wrap(String text, int indent, int width) {
        StringBuilder out = new StringBuilder();
        int column = indent;
        for (String word : text.split(" ")) {
            if (column > indent && column + 1 + word.length() > width) {
                out.append(System.lineSeparator()).append(" ".repeat(indent));
                column = indent;
            } else if (column > indent) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }

    private static Map<String, String> keyDocs() {
        Map<String, String> docs = new LinkedHashMap<>();
        for (Key<?> key : TABLE) {
            docs.put(key.name, key.doc);
        }
        return Collections.unmodifiableMap(docs);
    }

    private static <T> Key<T> key(String section, String name, Parser<T> parser, T defaultValue, Bound<T> bound,
                                  String doc) {
        Key<T> key = new Key<>(section, name, parser, defaultValue, bound, doc, null, false);
        ALL.add(key);
        return key;
    }

    private static Key<String> secret(String section, String name, String env, String doc) {
        Key<String> key = new Key<>(section, name, Parsers.TEXT, null, Bound.none(), doc, env, true);
        ALL.add(key);
        return key;
    }

    // ---------------------------------------------------------------- the table's parts

    /**
     * One configuration key. {@code defaultValue} null means "unset" (only for optional keys such as
     * {@code tls-keystore} or the secrets).
     */
    public static final class Key<T> {
        final String section;
        final String name;
        final Parser<T> parser;
        final T defaultValue;
        final Bound<T> bound;
        final String doc;
        final String env;
        final boolean secret;

        private Key(String section, String name, Parser<T> parser, T defaultValue, Bound<T> bound, String doc,
                    String env, boolean secret) {
            this.section = section;
            this.name = name;
            this.parser = parser;
            this.defaultValue = defaultValue;
            this.bound = bound;
            this.doc = doc;
            this.env = env;
            this.secret = secret;
        }

        public String name() {
            return name;
        }

        public T defaultValue() {
            return defaultValue;
        }

        public String doc() {
            return doc;
        }

        public boolean secret() {
            return secret;
        }

        @SuppressWarnings("unchecked")
        String shown(Object value) {
            if (secret) {
                return value == null ? "unset" : "set";
            }
            return value == null ? "unset" : parser.print.apply((T) value);
        }

        String shownDefault() {
            return shown(defaultValue);
        }

        /** The raw value as it may appear in an error: never a secret's. */
        String echo(String raw) {
            return secret ? "****" : raw;
        }

        @Override
        public String toString() {
            return "--" + name;
        }
    }

    /** Turns a value's text into the value; its message says what was expected. */
    static final class Parser<T> {
        final String type;
        final Function<String, T> parse;
        final Function<T, String> print;

        Parser(String type, Function<String, T> parse) {
            this(type, parse, String::valueOf);
        }

        Parser(String type, Function<String, T> parse, Function<T, String> print) {
            this.type = type;
            this.parse = parse;
            this.print = print;
        }
    }

    /** What values a key admits; {@code check} returns null when the value is fine, else why not. */
    static final class Bound<T> {
        private final String description;
        private final Function<T, String> check;

        private Bound(String description, Function<T, String> check) {
            this.description = description;
            this.check = check;
        }

        String describe() {
            return description;
        }

        String check(T value) {
            return check.apply(value);
        }

        static <T> Bound<T> none() {
            return new Bound<>("", v -> null);
        }

        static <T> Bound<T> notNull() {
            return new Bound<>("", v -> v == null ? "must be set" : null);
        }

        static Bound<String> notBlank() {
            return new Bound<>("", v -> v == null || v.isBlank() ? "must not be blank" : null);
        }

        static Bound<String> oneOf(String... allowed) {
            List<String> list = List.of(allowed);
            return new Bound<>("one of " + String.join(", ", list), v -> list.stream().anyMatch(a -> a.equalsIgnoreCase(v))
                    ? null : "must be one of " + String.join(", ", list));
        }

        static Bound<Integer> range(int min, int max) {
            String text = max == Integer.MAX_VALUE ? "at least " + min : min + ".." + max;
            return new Bound<>(text, v -> v >= min && v <= max ? null : "must be " + text);
        }

        static Bound<Integer> byteRange(int min, int max) {
            String text = Parsers.bytesText(min) + ".." + Parsers.bytesText(max);
            return new Bound<>(text, v -> v >= min && v <= max ? null : "must be " + text);
        }

        static Bound<Long> range(long min, long max) {
            String text = Parsers.bytesText(min) + ".." + Parsers.bytesText(max);
            return new Bound<>(text, v -> v >= min && v <= max ? null : "must be " + text);
        }

        static Bound<Duration> durationRange(Duration min, Duration max) {
            String text = Parsers.text(min) + ".." + Parsers.text(max);
            return new Bound<>(text, v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0 ? null : "must be " + text);
        }
    }

    /** embedded, or a Redis URI (the scheme is checked here; the rest when the server connects). */
    private static Bound<String> engineBound() {
        return new Bound<>("embedded or redis://host:port", v -> v != null && (v.equals("embedded")
                || v.startsWith("redis://") || v.startsWith("rediss://")) ? null
                : "must be embedded, redis://host:port or rediss://host:port");
    }

    /** Whether the plots live in a shared Redis log (a cluster node) rather than this server's own. */
    public boolean clustered() {
        return !"embedded".equals(engine);
    }

    /** The value kinds of the table, and how values are printed back. */
    static final class Parsers {
        static final Parser<Integer> INT = new Parser<>("n", Parsers::integer);
        static final Parser<Integer> INT_BYTES = new Parser<>("bytes", v -> {
            long bytes = bytes(v);
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("at most " + Integer.MAX_VALUE + " bytes");
            }
            return (int) bytes;
        }, v -> bytesText(v));
        static final Parser<Long> BYTES = new Parser<>("bytes", Parsers::bytes, Parsers::bytesText);
        static final Parser<Boolean> BOOL = new Parser<>("bool", Parsers::bool);
        static final Parser<String> TEXT = new Parser<>("text", v -> v);
        static final Parser<Path> PATH = new Parser<>("path", v -> {
            if (v.isBlank()) {
                throw new IllegalArgumentException("expected a path");
            }
            return Path.of(v.trim());
        });
        static final Parser<Duration> DURATION = new Parser<>("duration", Parsers::duration, Parsers::text);

        private Parsers() {
        }

        static int integer(String value) {
            try {
                return Integer.parseInt(value.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number");
            }
        }

        static boolean bool(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new IllegalArgumentException("expected true or false");
            };
        }

        /** A number of bytes: {@code 65536}, {@code 64KiB}, {@code 1MiB}, {@code 2g} (all binary: k = 1024). */
        static long bytes(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT).replace("_", "").replace(" ", "");
            long unit = 1;
            String number = v;
            String[][] suffixes = {{"gib", "gb", "g"}, {"mib", "mb", "m"}, {"kib", "kb", "k"}, {"b"}};
            long[] units = {1L << 30, 1L << 20, 1L << 10, 1};
            outer:
            for (int i = 0; i < suffixes.length; i++) {
                for (String suffix : suffixes[i]) {
                    if (v.endsWith(suffix)) {
                        unit = units[i];
                        number = v.substring(0, v.length() - suffix.length());
                        break outer;
                    }
                }
            }
            try {
                long n = Long.parseLong(number);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return Math.multiplyExact(n, unit);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("expected a size such as 65536, 64KiB or 1MiB");
            }
        }

        /** {@code 60s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1d}, or a plain number of seconds. */
        static Duration duration(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                Duration d;
                if (v.endsWith("ms")) {
                    d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
                } else if (v.endsWith("s")) {
                    d = millis(v, 1, 1000);
                } else if (v.endsWith("m")) {
                    d = millis(v, 1, 60_000);
                } else if (v.endsWith("h")) {
                    d = millis(v, 1, 3_600_000);
                } else if (v.endsWith("d")) {
                    d = millis(v, 1, 86_400_000);
                } else {
                    d = millis(v, 0, 1000);
                }
                if (d.isNegative()) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a duration such as 60s, 500ms, 2m or 1h");
            }
        }

        private static Duration millis(String v, int suffix, long unitMillis) {
            double n = Double.parseDouble(v.substring(0, v.length() - suffix).trim());
            if (Double.isNaN(n) || Double.isInfinite(n)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(n * unitMillis));
        }

        static String text(Object value) {
            if (value instanceof Duration d) {
                long ms = d.toMillis();
                if (ms % 86_400_000 == 0 && ms > 0) {
                    return ms / 86_400_000 + "d";
                }
                if (ms % 3_600_000 == 0 && ms > 0) {
                    return ms / 3_600_000 + "h";
                }
                if (ms % 60_000 == 0 && ms >= 600_000) {
                    return ms / 60_000 + "m";
                }
                if (ms % 1000 == 0) {
                    return ms / 1000 + "s";
                }
                return ms + "ms";
            }
            if (value instanceof Long bytes) {
                return bytesText(bytes);
            }
            return String.valueOf(value);
        }

        static String bytesText(long bytes) {
            if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
                return bytes / (1L << 30) + "GiB";
            }
            if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
                return bytes / (1L << 20) + "MiB";
            }
            if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
                return bytes / (1L << 10) + "KiB";
            }
            return Long.toString(bytes);
        }
    }

    // ---------------------------------------------------------------- the builder

    /** Builder with the table's defaults; {@link #build()} validates every key against its bound. */
    public static final class Builder {
        private final Map<Key<?>, Object> values = new IdentityHashMap<>();
        /** Where a value came from ("command line", "config file x"), for error messages; absent: a program. */
        private final Map<Key<?>, String> sources = new IdentityHashMap<>();

        private Builder() {
            for (Key<?> key : TABLE) {
                values.put(key, key.defaultValue);
            }
        }

        /** Sets any key of the table. */
        public <T> Builder set(Key<T> key, T value) {
            values.put(key, value);
            sources.remove(key);
            return this;
        }

        public Builder port(int v) { return set(PORT, v); }
        public Builder bind(String v) { return set(BIND, v); }
        public Builder tls(Path keystore, String password, String type) {
            return set(TLS_KEYSTORE, keystore).set(TLS_KEYSTORE_PASSWORD, password).set(TLS_KEYSTORE_TYPE, type);
        }
        public Builder maxConnections(int v) { return set(MAX_CONNECTIONS, v); }
        public Builder headerTimeout(Duration v) { return set(HEADER_TIMEOUT, v); }
        public Builder maxHeaderBytes(int v) { return set(MAX_HEADER_BYTES, v); }
        public Builder dataDir(Path v) { return set(DATA_DIR, v); }
        public Builder plotsDir(Path v) { return set(PLOTS_DIR, v); }
        public Builder dashboardsDir(Path v) { return set(DASHBOARDS_DIR, v); }
        public Builder snapshotInterval(Duration v) { return set(SNAPSHOT_INTERVAL, v); }
        public Builder log(String v) { return set(LOG, v); }
        public Builder logLimit(long v) { return set(LOG_LIMIT, v); }
        public Builder engine(String v) { return set(ENGINE, v); }
        public Builder nodeId(String v) { return set(NODE_ID, v); }
        public Builder openMode(boolean v) { return set(OPEN, v); }
        public Builder multiplexed(boolean v) { return set(MULTIPLEXED, v); }
        public Builder idleTimeout(Duration v) { return set(IDLE_TIMEOUT, v); }
        public Builder maxLineBytes(int v) { return set(MAX_LINE_BYTES, v); }
        public Builder maxJsonDepth(int v) { return set(MAX_JSON_DEPTH, v); }
        public Builder maxStreamsPerToken(int v) { return set(MAX_STREAMS_PER_TOKEN, v); }
        public Builder maxStreams(int v) { return set(MAX_STREAMS, v); }
        public Builder maxPlots(int v) { return set(MAX_PLOTS, v); }
        public Builder maxTracesPerPlot(int v) { return set(MAX_TRACES_PER_PLOT, v); }
        public Builder maxPoints(int v) { return set(MAX_POINTS, v); }
        public Builder historyBytesPerTrace(long v) { return set(HISTORY_BYTES_PER_TRACE, v); }
        public Builder historyBytesTotal(long v) { return set(HISTORY_BYTES_TOTAL, v); }
        public Builder maxDashboards(int v) { return set(MAX_DASHBOARDS, v); }
        public Builder maxPanels(int v) { return set(MAX_PANELS, v); }
        public Builder maxBodyBytes(int v) { return set(MAX_BODY_BYTES, v); }
        public Builder adminKey(String v) { return set(ADMIN_KEY, v); }
        public Builder viewKey(String v) { return set(VIEW_KEY, v); }
        public Builder maxViewers(int v) { return set(MAX_VIEWERS, v); }
        public Builder maxPushesPerSecond(int v) { return set(MAX_PUSHES_PER_SECOND, v); }
        public Builder viewerQueueFrames(int v) { return set(VIEWER_QUEUE_FRAMES, v); }
        public Builder scatterglThreshold(int v) { return set(SCATTERGL_THRESHOLD, v); }
        public Builder staleAfter(Duration v) { return set(STALE_AFTER, v); }

        /** Applies string settings by key name; {@code source} names where they came from in errors. */
        public Builder apply(Map<String, String> settings, String source) {
            for (Map.Entry<String, String> e : settings.entrySet()) {
                Key<?> key = find(e.getKey());
                if (key == null) {
                    throw new IllegalArgumentException(source + ": --" + e.getKey() + ": unknown key; known keys: "
                            + String.join(", ", KEYS.keySet()));
                }
                parse(key, e.getValue(), source);
            }
            return this;
        }

        private <T> void parse(Key<T> key, String raw, String source) {
            T value;
            try {
                value = key.parser.parse.apply(raw);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(source + ": --" + key.name + " " + key.echo(raw) + ": " + ex.getMessage(), ex);
            }
            values.put(key, value);
            sources.put(key, source);
        }

        private static Key<?> find(String name) {
            for (Key<?> key : TABLE) {
                if (key.name.equals(name)) {
                    return key;
                }
            }
            return null;
        }

        public ServerConfig build() {
            for (Key<?> key : TABLE) {
                check(key);
            }
            Path keystore = (Path) values.get(TLS_KEYSTORE);
            if (keystore != null && !Files.isReadable(keystore)) {
                throw new IllegalArgumentException(where(TLS_KEYSTORE) + "--tls-keystore " + keystore + ": is not readable");
            }
            long perTrace = (Long) values.get(HISTORY_BYTES_PER_TRACE);
            long total = (Long) values.get(HISTORY_BYTES_TOTAL);
            if (perTrace > total) {
                throw new IllegalArgumentException(where(HISTORY_BYTES_PER_TRACE) + "--history-bytes-per-trace "
                        + Parsers.bytesText(perTrace) + ": must not exceed --history-bytes-total " + Parsers.bytesText(total));
            }
            Map<Key<?>, Object> built = new IdentityHashMap<>(values);
            for (Key<?> key : TABLE) {
                if (key.secret && built.get(key) instanceof String s && s.isBlank()) {
                    built.put(key, null); // a blank key would protect nothing while looking as if it did
                }
            }
            return new ServerConfig(Collections.unmodifiableMap(built));
        }

        @SuppressWarnings("unchecked")
        private <T> void check(Key<T> key) {
            T value = (T) values.get(key);
            if (value == null) {
                if (key.defaultValue != null) {
                    throw new IllegalArgumentException(where(key) + "--" + key.name + ": must be set");
                }
                return;
            }
            String problem = key.bound.check(value);
            if (problem != null) {
                throw new IllegalArgumentException(where(key) + "--" + key.name + " " + key.shown(value) + ": " + problem);
            }
        }

        private String where(Key<?> key) {
            String source = sources.get(key);
            return source == null ? "" : source + ": ";
        }
    }
}
