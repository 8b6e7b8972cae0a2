package io.plotstream.connect;

import io.plotstream.connect.config.ConfigDefs;
import io.plotstream.connect.config.ConfigProblem;
import io.plotstream.connect.config.TokenMap;
import io.plotstream.point.EpochUnit;
import io.plotstream.point.FieldRef;
import io.plotstream.point.MappingOptions;
import io.plotstream.point.MissingValuePolicy;
import io.plotstream.point.SeriesSpec;
import io.plotstream.point.YType;
import io.plotstream.route.RoutingRules;
import io.plotstream.route.TopicRoute;
import io.plotstream.protocol.StreamToken;
import io.plotstream.stream.StreamSettings;
import io.plotstream.stream.TlsSettings;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The connector's configuration, parsed once: every key lives in {@link ConfigDefs#CONFIG_DEF};
 * this class turns the values into the objects the stages use (series specs, routing rules,
 * stream settings). Single-key rules are the ConfigDef's validators; the rules that span keys are
 * checked here and collected as {@link ConfigProblem}s, so {@code Connector.validate()} can report
 * each on the key it concerns. The public constructor fails on the first problem.
 */
public final class PlotlyStreamSinkConfig extends AbstractConfig {

    /** The implicit series when {@code plotly.series} is empty. */
    public static final String DEFAULT_SERIES = "default";

    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<SeriesSpec> series;
    private final RoutingRules routingRules;

    /** @throws ConfigException naming the first key at fault */
    public PlotlyStreamSinkConfig(Map<?, ?> props) {
        this(props, true);
    }

    private PlotlyStreamSinkConfig(Map<?, ?> props, boolean strict) {
        super(ConfigDefs.CONFIG_DEF, props);
        this.series = collect(this::parseSeries);
        this.routingRules = series == null ? null : collect(this::parseRoutingRules);
        checkStreamRules();
        if (strict && !problems.isEmpty()) {
            ConfigProblem first = problems.get(0);
            throw new ConfigException("Invalid configuration " + first.key() + ": " + first.message());
        }
    }

    /**
     * Parses without failing on cross-field problems; single-key validation still throws.
     * For {@code Connector.validate()}, which reports every problem at once.
     */
    public static PlotlyStreamSinkConfig lenient(Map<?, ?> props) {
        return new PlotlyStreamSinkConfig(props, false);
    }

    /** The cross-field problems found (empty for a config built by the public constructor). */
    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    /** Signals a broken cross-field rule while parsing; caught by {@link #collect}. */
    private static final class ProblemException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ConfigProblem problem;

        ProblemException(String key, String message) {
            super(message, null, false, false);
            this.problem = new ConfigProblem(key, message);
        }
    }

    private <T> T collect(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (ProblemException e) {
            problems.add(e.problem);
            return null;
        }
    }

    private void checkStreamRules() {
        if (getLong(ConfigDefs.BACKOFF_MAX_MS_CONFIG) < getLong(ConfigDefs.BACKOFF_INITIAL_MS_CONFIG)) {
            problems.add(new ConfigProblem(ConfigDefs.BACKOFF_MAX_MS_CONFIG, "must not be smaller than "
                    + ConfigDefs.BACKOFF_INITIAL_MS_CONFIG));
        }
        if ("decimate".equals(getString(ConfigDefs.RATE_OVERFLOW_CONFIG)) && getDouble(ConfigDefs.RATE_LIMIT_CONFIG) <= 0) {
            problems.add(new ConfigProblem(ConfigDefs.RATE_OVERFLOW_CONFIG, "'decimate' needs a rate limit: set "
                    + ConfigDefs.RATE_LIMIT_CONFIG + " above 0"));
        }
        boolean https = getString(ConfigDefs.STREAM_URL_CONFIG).startsWith("https:");
        checkStore(https, ConfigDefs.TRUSTSTORE_LOCATION_CONFIG, ConfigDefs.TRUSTSTORE_PASSWORD_CONFIG);
        checkStore(https, ConfigDefs.KEYSTORE_LOCATION_CONFIG, ConfigDefs.KEYSTORE_PASSWORD_CONFIG);
    }

    private void checkStore(boolean https, String locationKey, String passwordKey) {
        String location = blankToNull(getString(locationKey));
        if (location != null && !https) {
            problems.add(new ConfigProblem(locationKey, "is only used with an https:// " + ConfigDefs.STREAM_URL_CONFIG));
        } else if (location != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(location))) {
            problems.add(new ConfigProblem(locationKey, "file '" + location + "' does not exist or is not readable"));
        } else if (location == null && getPassword(passwordKey) != null) {
            problems.add(new ConfigProblem(passwordKey, "is set but " + locationKey + " is not"));
        }
    }

    public static ConfigDef configDef() {
        return ConfigDefs.CONFIG_DEF;
    }

    public List<SeriesSpec> series() {
        return series;
    }

    public RoutingRules routingRules() {
        return routingRules;
    }

    public MappingOptions mappingOptions() {
        return new MappingOptions(ZoneId.of(getString(ConfigDefs.TIMEZONE_CONFIG)),
                getBoolean(ConfigDefs.NUMERIC_STRINGS_CONFIG),
                policy(ConfigDefs.ON_TOMBSTONE_CONFIG), policy(ConfigDefs.ON_MISSING_FIELD_CONFIG),
                policy(ConfigDefs.ON_NULL_FIELD_CONFIG), getInt(ConfigDefs.MAX_VALUE_CHARS_CONFIG));
    }

    /** Whether a record no route matches is a bad record (true) or skipped and counted (false). */
    public boolean failOnUnroutable() {
        return policy(ConfigDefs.ON_UNROUTABLE_CONFIG) == MissingValuePolicy.FAIL;
    }

    /** Whether bad records go to the errant record reporter (errors.tolerance=all) instead of failing the task. */
    public boolean toleratesErrors() {
        Object tolerance = originals().get("errors.tolerance");
        return tolerance != null && "all".equalsIgnoreCase(tolerance.toString().trim());
    }

    /** How long put() waits for room in the task's full budget before pausing the partitions. */
    public Duration queueBlock() {
        return Duration.ofMillis(getLong(ConfigDefs.QUEUE_BLOCK_MS_CONFIG));
    }

    /** The task's budget for points not yet confirmed, in all the streams it feeds. */
    public long queueMaxBytes() {
        return getLong(ConfigDefs.QUEUE_MAX_BYTES_CONFIG);
    }

    public StreamSettings streamSettings() {
        return new StreamSettings(
                URI.create(getString(ConfigDefs.STREAM_URL_CONFIG)),
                tlsSettings(),
                millis(ConfigDefs.CONNECT_TIMEOUT_MS_CONFIG),
                millis(ConfigDefs.WRITE_TIMEOUT_MS_CONFIG),
                millis(ConfigDefs.CLOSE_TIMEOUT_MS_CONFIG),
                millis(ConfigDefs.HEARTBEAT_INTERVAL_MS_CONFIG),
                millis(ConfigDefs.BACKOFF_INITIAL_MS_CONFIG),
                millis(ConfigDefs.BACKOFF_MAX_MS_CONFIG),
                getDouble(ConfigDefs.BACKOFF_JITTER_CONFIG),
                // A task charges its own budget (queueMaxBytes) and never the stream's, so a different
                // queue.max.bytes in another connector does not make the shared stream's settings differ.
                StreamSettings.DEFAULT_BUFFER_BYTES,
                getDouble(ConfigDefs.RATE_LIMIT_CONFIG),
                StreamSettings.WriteMode.valueOf(upper(ConfigDefs.MODE_CONFIG)),
                StreamSettings.OverflowPolicy.valueOf(upper(ConfigDefs.RATE_OVERFLOW_CONFIG)),
                getInt(ConfigDefs.WINDOW_POINTS_CONFIG),
                millis(ConfigDefs.WINDOW_REFRESH_MS_CONFIG),
                millis(ConfigDefs.LINGER_MS_CONFIG),
                millis(ConfigDefs.ACK_DELAY_MS_CONFIG),
                StreamSettings.AckMode.valueOf(upper(ConfigDefs.ACK_MODE_CONFIG)),
                millis(ConfigDefs.ACK_HANDSHAKE_MS_CONFIG));
    }

    private TlsSettings tlsSettings() {
        String trustStore = blankToNull(getString(ConfigDefs.TRUSTSTORE_LOCATION_CONFIG));
        String keyStore = blankToNull(getString(ConfigDefs.KEYSTORE_LOCATION_CONFIG));
        if (trustStore == null && keyStore == null) {
            return null;
        }
        return new TlsSettings(trustStore, getString(ConfigDefs.TRUSTSTORE_TYPE_CONFIG),
                passwordOrNull(ConfigDefs.TRUSTSTORE_PASSWORD_CONFIG), keyStore,
                getString(ConfigDefs.KEYSTORE_TYPE_CONFIG), passwordOrNull(ConfigDefs.KEYSTORE_PASSWORD_CONFIG));
    }

    private List<SeriesSpec> parseSeries() {
        List<String> names = getList(ConfigDefs.SERIES_CONFIG);
        if (names.isEmpty()) {
            return List.of(seriesSpec(DEFAULT_SERIES, null));
        }
        List<SeriesSpec> specs = new ArrayList<>();
        for (String name : names) {
            if (!ConfigDefs.SERIES_NAME.matcher(name).matches()) {
                throw new ProblemException(ConfigDefs.SERIES_CONFIG, "series name '" + name
                        + "' may only contain letters, digits, '_' and '-'");
            }
            specs.add(seriesSpec(name, ConfigDefs.SERIES_CONFIG + "." + name + "."));
        }
        return List.copyOf(specs);
    }

    /** A series' own keys ({@code plotly.series.NAME.y}) fall back to the top-level ones ({@code plotly.y}). */
    private SeriesSpec seriesSpec(String name, String prefix) {
        FieldRef y = ref(prefix, "y", ConfigDefs.Y_CONFIG);
        if (y == null) {
            throw new ProblemException(prefix == null ? ConfigDefs.Y_CONFIG : ConfigDefs.SERIES_CONFIG,
                    "series '" + name + "' has no y field: set " + (prefix == null ? ConfigDefs.Y_CONFIG : prefix + "y"));
        }
        FieldRef x = ref(prefix, "x", ConfigDefs.X_CONFIG);
        EpochUnit xUnit = xUnit(prefix);
        if (xUnit != null && (x == null || x.source() == FieldRef.Source.TIMESTAMP)) {
            boolean own = prefix != null && originals().containsKey(prefix + "x.unit");
            throw new ProblemException(own ? ConfigDefs.SERIES_CONFIG : ConfigDefs.X_UNIT_CONFIG,
                    (own ? prefix + "x.unit" : ConfigDefs.X_UNIT_CONFIG) + "=" + xUnit.word() + " but series '" + name
                    + "' takes x from the record timestamp, which is always milliseconds: the unit is for a numeric "
                    + "x field (set " + (prefix == null ? ConfigDefs.X_CONFIG : prefix + "x") + ")");
        }
        return new SeriesSpec(name, x, y, ref(prefix, "text", ConfigDefs.TEXT_CONFIG),
                ref(prefix, "marker.color", ConfigDefs.MARKER_COLOR_CONFIG),
                ref(prefix, "marker.size", ConfigDefs.MARKER_SIZE_CONFIG), yType(prefix), xUnit);
    }

    /** The series' own {@code plotly.series.NAME.x.unit}, else {@code plotly.x.unit}; null when neither is set. */
    private EpochUnit xUnit(String seriesPrefix) {
        String key = seriesPrefix == null ? null : seriesPrefix + "x.unit";
        if (key != null && originals().containsKey(key)) {
            String text = String.valueOf(originals().get(key));
            if (text.isBlank()) {
                return null; // a series may switch a top-level unit off
            }
            try {
                return EpochUnit.parse(text);
            } catch (IllegalArgumentException e) {
                // A series' own keys are not in the ConfigDef: report them on plotly.series.
                throw new ProblemException(ConfigDefs.SERIES_CONFIG, key + ": " + e.getMessage());
            }
        }
        String topLevel = getString(ConfigDefs.X_UNIT_CONFIG);
        return topLevel.isBlank() ? null : EpochUnit.parse(topLevel);
    }

    /** The series' own {@code plotly.series.NAME.y.type}, else {@code plotly.y.type}. */
    private YType yType(String seriesPrefix) {
        String key = seriesPrefix == null ? null : seriesPrefix + "y.type";
        if (key != null && originals().containsKey(key)) {
            try {
                return YType.parse(String.valueOf(originals().get(key)));
            } catch (IllegalArgumentException e) {
                // A series' own keys are not in the ConfigDef: report them on plotly.series.
                throw new ProblemException(ConfigDefs.SERIES_CONFIG, key + ": " + e.getMessage());
            }
        }
        return YType.parse(getString(ConfigDefs.Y_TYPE_CONFIG));
    }

    private FieldRef ref(String seriesPrefix, String suffix, String topLevelKey) {
        String key = topLevelKey;
        Object text = get(topLevelKey);
        if (seriesPrefix != null && originals().containsKey(seriesPrefix + suffix)) {
            key = seriesPrefix + suffix;
            text = originals().get(key);
        }
        if (text == null || text.toString().isBlank()) {
            return null;
        }
        try {
            return FieldRef.parse(text.toString().trim());
        } catch (IllegalArgumentException e) {
            // A series' own keys are not in the ConfigDef: report them on plotly.series.
            String reportOn = key.equals(topLevelKey) ? key : ConfigDefs.SERIES_CONFIG;
            throw new ProblemException(reportOn, key + ": " + e.getMessage());
        }
    }

    private RoutingRules parseRoutingRules() {
        Map<String, String> seriesTokens = TokenMap.parse(ConfigDefs.TOKENS_BY_SERIES_CONFIG,
                passwordOrNull(ConfigDefs.TOKENS_BY_SERIES_CONFIG));
        for (String seriesName : seriesTokens.keySet()) {
            if (series.stream().noneMatch(s -> s.name().equals(seriesName))) {
                throw new ProblemException(ConfigDefs.TOKENS_BY_SERIES_CONFIG,
                        "names series '" + seriesName + "', which is not in " + ConfigDefs.SERIES_CONFIG);
            }
        }
        List<TopicRoute> topicRoutes = new ArrayList<>();
        TokenMap.parse(ConfigDefs.TOKENS_BY_TOPIC_CONFIG, passwordOrNull(ConfigDefs.TOKENS_BY_TOPIC_CONFIG))
                .forEach((topics, token) -> topicRoutes.add(new TopicRoute(Pattern.compile(topics), token)));
        Map<String, String> keyTokens = TokenMap.parse(ConfigDefs.TOKENS_BY_KEY_CONFIG,
                passwordOrNull(ConfigDefs.TOKENS_BY_KEY_CONFIG));
        String field = blankToNull(getString(ConfigDefs.TOKEN_FIELD_CONFIG));
        FieldRef tokenField = field == null ? null : FieldRef.parse(field.trim()); // checked by its validator
        String defaultToken = blankToNull(passwordOrNull(ConfigDefs.TOKEN_CONFIG));
        checkTokens(ConfigDefs.TOKENS_BY_SERIES_CONFIG, seriesTokens.values());
        checkTokens(ConfigDefs.TOKENS_BY_TOPIC_CONFIG, topicRoutes.stream().map(TopicRoute::token).collect(Collectors.toList()));
        checkTokens(ConfigDefs.TOKENS_BY_KEY_CONFIG, keyTokens.values());
        if (defaultToken != null) {
            checkTokens(ConfigDefs.TOKEN_CONFIG, List.of(defaultToken));
        }
        if (seriesTokens.isEmpty() && topicRoutes.isEmpty() && keyTokens.isEmpty() && tokenField == null
                && defaultToken == null) {
            throw new ProblemException(ConfigDefs.TOKEN_CONFIG, ConfigDefs.NO_ROUTE_MESSAGE);
        }
        return new RoutingRules(seriesTokens, tokenField, keyTokens, List.copyOf(topicRoutes), defaultToken);
    }

    /** The protocol's one token rule: a token the plot server would answer with 404 is refused here, on its key. */
    private static void checkTokens(String key, java.util.Collection<String> tokens) {
        for (String token : tokens) {
            java.util.Optional<String> problem = StreamToken.problem(token);
            if (problem.isPresent()) {
                throw new ProblemException(key, problem.get());
            }
        }
    }

    private MissingValuePolicy policy(String key) {
        return MissingValuePolicy.valueOf(upper(key));
    }

    private String upper(String key) {
        return getString(key).trim().toUpperCase(Locale.ROOT);
    }

    private Duration millis(String key) {
        return Duration.ofMillis(getLong(key));
    }

    private String passwordOrNull(String key) {
        Password password = getPassword(key);
        return password == null ? null : password.value();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
