package io.plotstream.connect.config;

import io.plotstream.stream.StreamSettings;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * Every configuration key of the connector, grouped as the Connect UI shows them. Stream tokens
 * are credentials: every key that holds one is of type PASSWORD, so Connect masks it over REST
 * and in logs.
 */
public final class ConfigDefs {
    private ConfigDefs() {
    }

    public static final String GROUP_SERVER = "Stream server";
    public static final String GROUP_ROUTING = "Routing";
    public static final String GROUP_EXTRACTION = "Extraction";
    public static final String GROUP_BAD_INPUT = "Missing values and bad input";
    public static final String GROUP_STREAM = "Stream behaviour";

    // --- Stream server
    public static final String STREAM_URL_CONFIG = "plotly.stream.url";
    public static final String STREAM_URL_DEFAULT = "http://localhost:8090";
    private static final String STREAM_URL_DOC = "Address of the Plotly streaming endpoint: the bundled live plot "
            + "server or any compatible server. http:// or https://, no path (streams always POST to /).";
    public static final String CONNECT_TIMEOUT_MS_CONFIG = "plotly.stream.connect.timeout.ms";
    private static final String CONNECT_TIMEOUT_MS_DOC = "TCP and TLS connect timeout for a stream connection.";
    public static final String WRITE_TIMEOUT_MS_CONFIG = "plotly.stream.write.timeout.ms";
    private static final String WRITE_TIMEOUT_MS_DOC = "A write blocked longer than this marks the connection dead; "
            + "the stream reconnects and re-sends what was not confirmed.";
    public static final String CLOSE_TIMEOUT_MS_CONFIG = "plotly.stream.close.timeout.ms";
    private static final String CLOSE_TIMEOUT_MS_DOC = "On a clean close, how long to wait for queued points to be "
            + "confirmed and for the server's final response.";
    public static final String TRUSTSTORE_LOCATION_CONFIG = "plotly.stream.ssl.truststore.location";
    private static final String TRUSTSTORE_LOCATION_DOC = "Trust store for an https stream URL; empty uses the JVM's "
            + "default trusted certificates.";
    public static final String TRUSTSTORE_TYPE_CONFIG = "plotly.stream.ssl.truststore.type";
    public static final String TRUSTSTORE_PASSWORD_CONFIG = "plotly.stream.ssl.truststore.password";
    public static final String KEYSTORE_LOCATION_CONFIG = "plotly.stream.ssl.keystore.location";
    private static final String KEYSTORE_LOCATION_DOC = "Key store with a client certificate, for servers that require one.";
    public static final String KEYSTORE_TYPE_CONFIG = "plotly.stream.ssl.keystore.type";
    public static final String KEYSTORE_PASSWORD_CONFIG = "plotly.stream.ssl.keystore.password";

    // --- Routing
    public static final String TOKEN_CONFIG = "plotly.token";
    private static final String TOKEN_DOC = "Default stream token: points no other routing rule claims go here.";
    public static final String TOKENS_BY_TOPIC_CONFIG = "plotly.tokens.by.topic";
    private static final String TOKENS_BY_TOPIC_DOC = "Token per topic: 'topic=token,other-.*=token2'. Names are "
            + "regexes matched against the whole topic; literal names are tried before the others, then in order.";
    public static final String TOKENS_BY_KEY_CONFIG = "plotly.tokens.by.key";
    private static final String TOKENS_BY_KEY_DOC = "Token per record key (the key as text): 'sensor-1=token1,sensor-2=token2'.";
    public static final String TOKEN_FIELD_CONFIG = "plotly.token.field";
    private static final String TOKEN_FIELD_DOC = "A field reference whose value is the token, e.g. "
            + "'header.plotly-token' or 'value.token'. A missing or null field falls through to the next rule.";
    public static final String TOKENS_BY_SERIES_CONFIG = "plotly.tokens.by.series";
    private static final String TOKENS_BY_SERIES_DOC = "Token per series (see plotly.series): 'temp=token1,hum=token2'. "
            + "Takes precedence over every other rule.";
    public static final String ON_UNROUTABLE_CONFIG = "plotly.on.unroutable";
    private static final String ON_UNROUTABLE_DOC = "A point no rule routes to a token: 'fail' makes the record a bad "
            + "record (to the DLQ with errors.tolerance=all, else the task fails); 'skip' drops it and counts it.";
    public static final String NO_ROUTE_MESSAGE = "no routing rule is configured: set plotly.token, "
            + "plotly.tokens.by.topic, plotly.tokens.by.key, plotly.token.field or plotly.tokens.by.series";

    // --- Extraction
    public static final String SERIES_CONFIG = "plotly.series";
    private static final String SERIES_DOC = "Names of the series each record feeds. Empty: one series from the keys "
            + "below. For each name N, plotly.series.N.y (and .x, .text, .marker.color, .marker.size) override the "
            + "top-level keys, so one record can feed several plots.";
    public static final Pattern SERIES_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    public static final String X_CONFIG = "plotly.x";
    private static final String X_DOC = "Field reference for x. Empty: the record timestamp, written as a Plotly date "
            + "string (YYYY-MM-DD HH:MM:SS.ffffff) in plotly.timezone. Field references: value.a.b[0], key.id, "
            + "value/a/b/0 (JSON Pointer), header.Name, timestamp, offset, partition, topic, key, value.";
    public static final String X_UNIT_CONFIG = "plotly.x.unit";
    private static final String X_UNIT_DOC = "Per series (plotly.series.NAME.x.unit) or here: the unit of a numeric x "
            + "that counts time since 1970-01-01T00:00Z, so it is plotted as a date (YYYY-MM-DD HH:MM:SS.ffffff in "
            + "plotly.timezone): 's' (fractions allowed), 'ms', 'us' (e.g. Avro timestamp-micros, which converters "
            + "hand over as a plain long) or 'ns' (below a microsecond dropped). Empty: a numeric x stays a number. "
            + "Needs a field x (the record timestamp is always milliseconds); an x that is not a number is a bad record.";
    public static final String Y_CONFIG = "plotly.y";
    private static final String Y_DOC = "Field reference for y (required, per series or here).";
    public static final String Y_TYPE_CONFIG = "plotly.y.type";
    private static final String Y_TYPE_DOC = "What y must be, per series (plotly.series.NAME.y.type) or here: 'number' "
            + "(numeric strings too when plotly.numeric.strings is on), 'date' (a date type, a date string or epoch "
            + "milliseconds), 'category' (any scalar, sent as text) or 'any' (sent as it is). A y that does not fit is "
            + "a bad record (the dead letter queue under errors.tolerance=all), with the reason naming topic, "
            + "partition, offset, field and the value.";
    public static final String TEXT_CONFIG = "plotly.text";
    private static final String TEXT_DOC = "Optional field reference for each point's hover text.";
    public static final String MARKER_COLOR_CONFIG = "plotly.marker.color";
    private static final String MARKER_COLOR_DOC = "Optional field reference for each point's marker colour.";
    public static final String MARKER_SIZE_CONFIG = "plotly.marker.size";
    private static final String MARKER_SIZE_DOC = "Optional field reference for each point's marker size.";
    public static final String TIMEZONE_CONFIG = "plotly.timezone";
    private static final String TIMEZONE_DOC = "Time zone in which timestamps and Connect Date/Timestamp values are "
            + "written as Plotly date strings.";
    public static final String NUMERIC_STRINGS_CONFIG = "plotly.numeric.strings";
    private static final String NUMERIC_STRINGS_DOC = "Whether strings holding numbers (\"12.5\") become numbers for y "
            + "and marker.size.";
    public static final String MAX_VALUE_CHARS_CONFIG = "plotly.max.value.chars";
    private static final String MAX_VALUE_CHARS_DOC = "Longest string value sent as x, y, text or colour; a longer one "
            + "makes the record a bad record.";

    // --- Missing values
    public static final String ON_TOMBSTONE_CONFIG = "plotly.on.tombstone";
    private static final String ON_TOMBSTONE_DOC = "A record with a null value: 'skip' (count it) or 'fail' (bad record).";
    public static final String ON_MISSING_FIELD_CONFIG = "plotly.on.missing.field";
    private static final String ON_MISSING_FIELD_DOC = "x or y names a field the record does not have: 'fail' "
            + "(bad record: DLQ with errors.tolerance=all, else the task fails) or 'skip' (count it).";
    public static final String ON_NULL_FIELD_CONFIG = "plotly.on.null.field";
    private static final String ON_NULL_FIELD_DOC = "x or y is present but null: 'skip' (count it) or 'fail' (bad record).";

    // --- Stream behaviour
    public static final String HEARTBEAT_INTERVAL_MS_CONFIG = "plotly.heartbeat.interval.ms";
    private static final String HEARTBEAT_INTERVAL_MS_DOC = "A bare newline is written when a stream was idle this "
            + "long; servers close streams idle for about 60 s.";
    public static final String BACKOFF_INITIAL_MS_CONFIG = "plotly.reconnect.backoff.initial.ms";
    private static final String BACKOFF_INITIAL_MS_DOC = "First delay before reconnecting a stream the server ended; "
            + "it doubles on each failure.";
    public static final String BACKOFF_MAX_MS_CONFIG = "plotly.reconnect.backoff.max.ms";
    private static final String BACKOFF_MAX_MS_DOC = "Largest reconnect delay (also the delay after 423 'connection "
            + "limit reached').";
    public static final String BACKOFF_JITTER_CONFIG = "plotly.reconnect.backoff.jitter";
    private static final String BACKOFF_JITTER_DOC = "Random fraction (0..1) added to or taken from each delay, so "
            + "many streams do not reconnect in step.";
    public static final String RATE_LIMIT_CONFIG = "plotly.rate.limit";
    private static final String RATE_LIMIT_DOC = "Most writes per second per token; 0 = no limit. Plotly's hosted "
            + "service kept 20.";
    public static final String RATE_OVERFLOW_CONFIG = "plotly.rate.overflow";
    private static final String RATE_OVERFLOW_DOC = "Above the rate limit in append mode: 'backpressure' delivers "
            + "every point and slows consumption; 'decimate' keeps the first, min, max and last point of each time "
            + "bucket so the plot's envelope survives any input rate.";
    public static final String MODE_CONFIG = "plotly.mode";
    private static final String MODE_DOC = "'append': one write per point. 'window': keep the last "
            + "plotly.window.points points per token and rewrite them as lists every plotly.window.refresh.ms.";
    public static final String WINDOW_POINTS_CONFIG = "plotly.window.points";
    private static final String WINDOW_POINTS_DOC = "Window mode: points kept and rewritten per token.";
    public static final String WINDOW_REFRESH_MS_CONFIG = "plotly.window.refresh.ms";
    private static final String WINDOW_REFRESH_MS_DOC = "Window mode: how often the window is rewritten.";
    public static final String QUEUE_MAX_BYTES_CONFIG = "plotly.queue.max.bytes";
    private static final String QUEUE_MAX_BYTES_DOC = "Heap per task for points not yet confirmed, queued or "
            + "written, over every token the task feeds (their encoded bytes plus 64 bytes of bookkeeping per point); "
            + "when full, the task pauses its partitions until its streams drain. Against a server that acknowledges, "
            + "a write is confirmed within milliseconds; against one that does not, only plotly.stream.ack.delay.ms "
            + "after it was written, so "
            + "a task's throughput is bounded by this over that delay: with the defaults about 1.4 million points of "
            + "60 bytes per second, more than one task thread maps.";
    public static final String QUEUE_BLOCK_MS_CONFIG = "plotly.queue.block.ms";
    private static final String QUEUE_BLOCK_MS_DOC = "How long put() waits for room in the task's full "
            + "plotly.queue.max.bytes before pausing consumption.";
    public static final String LINGER_MS_CONFIG = "plotly.stream.linger.ms";
    private static final String LINGER_MS_DOC = "How long a stream no task uses stays open (heartbeating), so a task "
            + "restart or rebalance reuses the live connection instead of reconnecting.";
    public static final String ACK_DELAY_MS_CONFIG = "plotly.stream.ack.delay.ms";
    private static final String ACK_DELAY_MS_DOC = "Against a server that does not acknowledge (a plain "
            + "Plotly-protocol server): a write counts as delivered (its offset may be committed) once the stream "
            + "stayed healthy this long after it was flushed. Cover the round trip to the server. Not used where "
            + "the server acknowledges (see plotly.stream.ack.mode).";
    public static final String ACK_MODE_CONFIG = "plotly.stream.ack.mode";
    private static final String ACK_MODE_DOC = "'auto' asks the server on every connection to acknowledge the lines "
            + "it made durable (this project's plot server does); where it agrees, a write counts as delivered only "
            + "once acknowledged, elsewhere the ack delay rule applies. 'off' never asks: the request is then "
            + "exactly what Plotly's own clients send.";
    public static final String ACK_HANDSHAKE_MS_CONFIG = "plotly.stream.ack.handshake.ms";
    private static final String ACK_HANDSHAKE_MS_DOC = "With plotly.stream.ack.mode=auto: how long a new connection "
            + "waits for the server to agree to acknowledge. Nothing is confirmed before that is known. Beside each "
            + "connection the client also asks (OPTIONS / with plotstream-ack: 1); a server that answers without "
            + "agreeing is taken at once as one that does not acknowledge. Otherwise a server that stays silent this "
            + "long is taken so, and that connection confirms by the ack delay. Keep it well above the server's "
            + "response time under load.";

    private static final List<String> POLICIES = List.of("fail", "skip");

    public static final ConfigDef CONFIG_DEF = build();

    private static ConfigDef build() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(STREAM_URL_CONFIG, Type.STRING, STREAM_URL_DEFAULT, Validators.STREAM_URL, Importance.HIGH,
                STREAM_URL_DOC, GROUP_SERVER, ++order, Width.LONG, "Stream server URL");
        def.define(CONNECT_TIMEOUT_MS_CONFIG, Type.LONG, 10_000L, Range.between(100, 600_000), Importance.LOW,
                CONNECT_TIMEOUT_MS_DOC, GROUP_SERVER, ++order, Width.SHORT, "Connect timeout (ms)");
        def.define(WRITE_TIMEOUT_MS_CONFIG, Type.LONG, 30_000L, Range.between(100, 600_000), Importance.LOW,
                WRITE_TIMEOUT_MS_DOC, GROUP_SERVER, ++order, Width.SHORT, "Write timeout (ms)");
        def.define(CLOSE_TIMEOUT_MS_CONFIG, Type.LONG, 5_000L, Range.between(1, 600_000), Importance.LOW,
                CLOSE_TIMEOUT_MS_DOC, GROUP_SERVER, ++order, Width.SHORT, "Close timeout (ms)");
        def.define(TRUSTSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.MEDIUM, TRUSTSTORE_LOCATION_DOC,
                GROUP_SERVER, ++order, Width.LONG, "TLS trust store", HttpsOnly.INSTANCE);
        def.define(TRUSTSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"), Importance.LOW,
                "Trust store format.", GROUP_SERVER, ++order, Width.SHORT, "TLS trust store type", HttpsOnly.INSTANCE);
        def.define(TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM, "Trust store password.",
                GROUP_SERVER, ++order, Width.MEDIUM, "TLS trust store password", HttpsOnly.INSTANCE);
        def.define(KEYSTORE_LOCATION_CONFIG, Type.STRING, "", Importance.LOW, KEYSTORE_LOCATION_DOC,
                GROUP_SERVER, ++order, Width.LONG, "TLS key store", HttpsOnly.INSTANCE);
        def.define(KEYSTORE_TYPE_CONFIG, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"), Importance.LOW,
                "Key store format.", GROUP_SERVER, ++order, Width.SHORT, "TLS key store type", HttpsOnly.INSTANCE);
        def.define(KEYSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.LOW, "Key store password.",
                GROUP_SERVER, ++order, Width.MEDIUM, "TLS key store password", HttpsOnly.INSTANCE);

        order = 0;
        def.define(TOKEN_CONFIG, Type.PASSWORD, null, Importance.HIGH, TOKEN_DOC, GROUP_ROUTING, ++order,
                Width.MEDIUM, "Default stream token");
        def.define(TOKENS_BY_TOPIC_CONFIG, Type.PASSWORD, null, Validators.TOPIC_TOKENS, Importance.HIGH,
                TOKENS_BY_TOPIC_DOC, GROUP_ROUTING, ++order, Width.LONG, "Tokens by topic");
        def.define(TOKENS_BY_KEY_CONFIG, Type.PASSWORD, null, Validators.TOKEN_MAP, Importance.MEDIUM,
                TOKENS_BY_KEY_DOC, GROUP_ROUTING, ++order, Width.LONG, "Tokens by record key");
        def.define(TOKEN_FIELD_CONFIG, Type.STRING, "", Validators.FIELD_REF, Importance.MEDIUM, TOKEN_FIELD_DOC,
                GROUP_ROUTING, ++order, Width.MEDIUM, "Token field");
        def.define(TOKENS_BY_SERIES_CONFIG, Type.PASSWORD, null, Validators.TOKEN_MAP, Importance.MEDIUM,
                TOKENS_BY_SERIES_DOC, GROUP_ROUTING, ++order, Width.LONG, "Tokens by series");
        def.define(ON_UNROUTABLE_CONFIG, Type.STRING, "fail", policyValidator(), Importance.MEDIUM,
                ON_UNROUTABLE_DOC, GROUP_ROUTING, ++order, Width.SHORT, "Unroutable records",
                new ValueListRecommender(POLICIES));

        order = 0;
        def.define(SERIES_CONFIG, Type.LIST, List.of(), Importance.HIGH, SERIES_DOC, GROUP_EXTRACTION, ++order,
                Width.LONG, "Series");
        def.define(X_CONFIG, Type.STRING, "", Validators.FIELD_REF, Importance.HIGH, X_DOC, GROUP_EXTRACTION,
                ++order, Width.MEDIUM, "x field");
        def.define(X_UNIT_CONFIG, Type.STRING, "", ValidString.in("", "s", "ms", "us", "ns"), Importance.MEDIUM,
                X_UNIT_DOC, GROUP_EXTRACTION, ++order, Width.SHORT, "x epoch unit",
                new ValueListRecommender(List.of("s", "ms", "us", "ns")));
        def.define(Y_CONFIG, Type.STRING, "value", Validators.FIELD_REF, Importance.HIGH, Y_DOC, GROUP_EXTRACTION,
                ++order, Width.MEDIUM, "y field");
        def.define(Y_TYPE_CONFIG, Type.STRING, "number", ValidString.in("number", "date", "category", "any"),
                Importance.MEDIUM, Y_TYPE_DOC, GROUP_EXTRACTION, ++order, Width.SHORT, "y type",
                new ValueListRecommender(List.of("number", "date", "category", "any")));
        def.define(TEXT_CONFIG, Type.STRING, "", Validators.FIELD_REF, Importance.LOW, TEXT_DOC, GROUP_EXTRACTION,
                ++order, Width.MEDIUM, "Text field");
        def.define(MARKER_COLOR_CONFIG, Type.STRING, "", Validators.FIELD_REF, Importance.LOW, MARKER_COLOR_DOC,
                GROUP_EXTRACTION, ++order, Width.MEDIUM, "Marker colour field");
        def.define(MARKER_SIZE_CONFIG, Type.STRING, "", Validators.FIELD_REF, Importance.LOW, MARKER_SIZE_DOC,
                GROUP_EXTRACTION, ++order, Width.MEDIUM, "Marker size field");
        def.define(TIMEZONE_CONFIG, Type.STRING, "UTC", Validators.ZONE, Importance.MEDIUM, TIMEZONE_DOC,
                GROUP_EXTRACTION, ++order, Width.SHORT, "Time zone");
        def.define(NUMERIC_STRINGS_CONFIG, Type.BOOLEAN, true, Importance.LOW, NUMERIC_STRINGS_DOC,
                GROUP_EXTRACTION, ++order, Width.SHORT, "Numeric strings as numbers");
        def.define(MAX_VALUE_CHARS_CONFIG, Type.INT, 1024, Range.between(1, 1_000_000), Importance.LOW,
                MAX_VALUE_CHARS_DOC, GROUP_EXTRACTION, ++order, Width.SHORT, "Longest string value");

        order = 0;
        def.define(ON_TOMBSTONE_CONFIG, Type.STRING, "skip", policyValidator(), Importance.MEDIUM, ON_TOMBSTONE_DOC,
                GROUP_BAD_INPUT, ++order, Width.SHORT, "Tombstones", new ValueListRecommender(POLICIES));
        def.define(ON_MISSING_FIELD_CONFIG, Type.STRING, "fail", policyValidator(), Importance.MEDIUM,
                ON_MISSING_FIELD_DOC, GROUP_BAD_INPUT, ++order, Width.SHORT, "Missing fields",
                new ValueListRecommender(POLICIES));
        def.define(ON_NULL_FIELD_CONFIG, Type.STRING, "skip", policyValidator(), Importance.MEDIUM,
                ON_NULL_FIELD_DOC, GROUP_BAD_INPUT, ++order, Width.SHORT, "Null fields",
                new ValueListRecommender(POLICIES));

        order = 0;
        def.define(HEARTBEAT_INTERVAL_MS_CONFIG, Type.LONG, 20_000L, Range.between(10, 55_000), Importance.LOW,
                HEARTBEAT_INTERVAL_MS_DOC, GROUP_STREAM, ++order, Width.SHORT, "Heartbeat interval (ms)");
        def.define(BACKOFF_INITIAL_MS_CONFIG, Type.LONG, 1_000L, Range.between(1, 600_000), Importance.LOW,
                BACKOFF_INITIAL_MS_DOC, GROUP_STREAM, ++order, Width.SHORT, "Reconnect backoff (ms)");
        def.define(BACKOFF_MAX_MS_CONFIG, Type.LONG, 30_000L, Range.between(1, 3_600_000), Importance.LOW,
                BACKOFF_MAX_MS_DOC, GROUP_STREAM, ++order, Width.SHORT, "Largest reconnect backoff (ms)");
        def.define(BACKOFF_JITTER_CONFIG, Type.DOUBLE, 0.2, Range.between(0.0, 1.0), Importance.LOW,
                BACKOFF_JITTER_DOC, GROUP_STREAM, ++order, Width.SHORT, "Reconnect jitter");
        def.define(RATE_LIMIT_CONFIG, Type.DOUBLE, 0.0, Range.between(0.0, 1_000_000.0), Importance.MEDIUM,
                RATE_LIMIT_DOC, GROUP_STREAM, ++order, Width.SHORT, "Writes per second per token");
        def.define(RATE_OVERFLOW_CONFIG, Type.STRING, "backpressure", ValidString.in("backpressure", "decimate"),
                Importance.MEDIUM, RATE_OVERFLOW_DOC, GROUP_STREAM, ++order, Width.SHORT, "Above the rate limit",
                new ValueListRecommender(List.of("backpressure", "decimate")));
        def.define(MODE_CONFIG, Type.STRING, "append", ValidString.in("append", "window"), Importance.MEDIUM,
                MODE_DOC, GROUP_STREAM, ++order, Width.SHORT, "Write mode",
                new ValueListRecommender(List.of("append", "window")));
        def.define(WINDOW_POINTS_CONFIG, Type.INT, 500, Range.between(1, 10_000), Importance.LOW, WINDOW_POINTS_DOC,
                GROUP_STREAM, ++order, Width.SHORT, "Window points", WindowModeOnly.INSTANCE);
        def.define(WINDOW_REFRESH_MS_CONFIG, Type.LONG, 1_000L, Range.between(10, 600_000), Importance.LOW,
                WINDOW_REFRESH_MS_DOC, GROUP_STREAM, ++order, Width.SHORT, "Window refresh (ms)",
                WindowModeOnly.INSTANCE);
        def.define(QUEUE_MAX_BYTES_CONFIG, Type.LONG, StreamSettings.DEFAULT_BUFFER_BYTES,
                Range.between(StreamSettings.MIN_BUFFER_BYTES, 1L << 30), Importance.LOW, QUEUE_MAX_BYTES_DOC,
                GROUP_STREAM, ++order, Width.SHORT, "Buffer per token (bytes)");
        def.define(QUEUE_BLOCK_MS_CONFIG, Type.LONG, 500L, Range.between(0, 60_000), Importance.LOW,
                QUEUE_BLOCK_MS_DOC, GROUP_STREAM, ++order, Width.SHORT, "Wait for queue room (ms)");
        def.define(LINGER_MS_CONFIG, Type.LONG, 30_000L, Range.between(0, 3_600_000), Importance.LOW, LINGER_MS_DOC,
                GROUP_STREAM, ++order, Width.SHORT, "Stream linger (ms)");
        def.define(ACK_DELAY_MS_CONFIG, Type.LONG, 200L, Range.between(0, 60_000), Importance.LOW, ACK_DELAY_MS_DOC,
                GROUP_STREAM, ++order, Width.SHORT, "Delivery confirmation delay (ms)");
        def.define(ACK_MODE_CONFIG, Type.STRING, "auto", ValidString.in("auto", "off"), Importance.LOW, ACK_MODE_DOC,
                GROUP_STREAM, ++order, Width.SHORT, "Acknowledgements", new ValueListRecommender(List.of("auto", "off")));
        def.define(ACK_HANDSHAKE_MS_CONFIG, Type.LONG, StreamSettings.DEFAULT_ACK_HANDSHAKE.toMillis(),
                Range.between(10, 60_000), Importance.LOW, ACK_HANDSHAKE_MS_DOC, GROUP_STREAM, ++order, Width.SHORT,
                "Acknowledgement handshake (ms)");
        return def;
    }

    private static ConfigDef.Validator policyValidator() {
        return ValidString.in(POLICIES.toArray(new String[0]));
    }

    /** Offers a fixed list of values to UIs. */
    static final class ValueListRecommender implements ConfigDef.Recommender {
        private final List<Object> values;

        ValueListRecommender(List<String> values) {
            this.values = List.copyOf(values);
        }

        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            return values;
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            return true;
        }
    }

    /** TLS settings only matter for an https stream URL. */
    enum HttpsOnly implements ConfigDef.Recommender {
        INSTANCE;

        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            return List.of();
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            Object url = parsedConfig.get(STREAM_URL_CONFIG);
            return url != null && url.toString().startsWith("https:");
        }
    }

    /** Window size and refresh only matter in window mode. */
    enum WindowModeOnly implements ConfigDef.Recommender {
        INSTANCE;

        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            return List.of();
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            return "window".equals(parsedConfig.get(MODE_CONFIG));
        }
    }
}
