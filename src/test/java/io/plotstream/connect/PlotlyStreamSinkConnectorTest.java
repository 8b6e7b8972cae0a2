package io.plotstream.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plotstream.connect.config.ConfigDefs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class PlotlyStreamSinkConnectorTest {

    private final PlotlyStreamSinkConnector connector = new PlotlyStreamSinkConnector();

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", PlotlyStreamSinkConnector.class.getName());
        props.put("topics", "readings");
        props.put(ConfigDefs.TOKEN_CONFIG, "abcdef1234");
        props.put(ConfigDefs.Y_CONFIG, "value.temp");
        return props;
    }

    private Map<String, List<String>> errors(Map<String, String> props) {
        Config config = connector.validate(props);
        return config.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void aMinimalConfigurationHasNoErrors() {
        assertThat(errors(minimal())).isEmpty();
    }

    @Test
    void everyKeyHasADisplayNameGroupAndDocumentation() {
        for (ConfigDef.ConfigKey key : PlotlyStreamSinkConfig.configDef().configKeys().values()) {
            assertThat(key.displayName).as(key.name).isNotBlank();
            assertThat(key.group).as(key.name).isNotBlank();
            assertThat(key.documentation).as(key.name).isNotBlank();
        }
    }

    @Test
    void everyKeyHoldingATokenIsAPassword() {
        Map<String, ConfigDef.ConfigKey> keys = PlotlyStreamSinkConfig.configDef().configKeys();
        for (String name : List.of(ConfigDefs.TOKEN_CONFIG, ConfigDefs.TOKENS_BY_TOPIC_CONFIG,
                ConfigDefs.TOKENS_BY_KEY_CONFIG, ConfigDefs.TOKENS_BY_SERIES_CONFIG,
                ConfigDefs.TRUSTSTORE_PASSWORD_CONFIG, ConfigDefs.KEYSTORE_PASSWORD_CONFIG)) {
            assertThat(keys.get(name).type).as(name).isEqualTo(ConfigDef.Type.PASSWORD);
        }
    }

    @Test
    void tokensAreMaskedInTheValidationResult() {
        Config config = connector.validate(minimal());
        ConfigValue token = config.configValues().stream()
                .filter(v -> v.name().equals(ConfigDefs.TOKEN_CONFIG)).findFirst().orElseThrow();
        assertThat(String.valueOf(token.value())).doesNotContain("abcdef1234");
    }

    @Test
    void aConfigurationWithoutAnyRouteIsReportedOnTheTokenKey() {
        Map<String, String> props = minimal();
        props.remove(ConfigDefs.TOKEN_CONFIG);
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.TOKEN_CONFIG);
        assertThat(errors(props).get(ConfigDefs.TOKEN_CONFIG).get(0)).contains("no routing rule");
    }

    @Test
    void aMalformedStreamUrlIsReportedOnItsKey() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.STREAM_URL_CONFIG, "ftp://plots");
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.STREAM_URL_CONFIG);
        props.put(ConfigDefs.STREAM_URL_CONFIG, "http://plots:8090/ingest");
        assertThat(errors(props).get(ConfigDefs.STREAM_URL_CONFIG).get(0)).contains("must not have a path");
    }

    @Test
    void aMalformedFieldReferenceIsReportedOnItsKey() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.X_CONFIG, "value.a[");
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.X_CONFIG);
    }

    @Test
    void anInvalidTopicRegexIsReportedWithoutEchoingTheToken() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.TOKENS_BY_TOPIC_CONFIG, "orders(=secret1234");
        List<String> messages = errors(props).get(ConfigDefs.TOKENS_BY_TOPIC_CONFIG);
        assertThat(messages).singleElement().asString().contains("not a valid regex").doesNotContain("secret1234");
    }

    @Test
    void aTokenThePlotServerWouldRefuseIsReportedOnItsKeyWithoutEchoingIt() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.TOKEN_CONFIG, "secret/token99");
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.TOKEN_CONFIG);
        assertThat(errors(props).get(ConfigDefs.TOKEN_CONFIG)).singleElement().asString()
                .contains("not allowed at position 6").contains("A-Z, a-z, 0-9").doesNotContain("secret/token99");

        props = minimal();
        props.put(ConfigDefs.TOKENS_BY_KEY_CONFIG, "sensor-1=ok-token-1,sensor-2=" + "x".repeat(129));
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.TOKENS_BY_KEY_CONFIG);
        assertThat(errors(props).get(ConfigDefs.TOKENS_BY_KEY_CONFIG)).singleElement().asString()
                .contains("129 characters");

        props = minimal();
        props.put(ConfigDefs.TOKENS_BY_TOPIC_CONFIG, "orders=tok en");
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.TOKENS_BY_TOPIC_CONFIG);
    }

    @Test
    void anUnknownYTypeIsReportedOnItsKeyOrOnTheSeriesKey() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.Y_TYPE_CONFIG, "text");
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.Y_TYPE_CONFIG);

        props = minimal();
        props.put(ConfigDefs.SERIES_CONFIG, "temp");
        props.put("plotly.series.temp.y", "value.temp");
        props.put("plotly.series.temp.y.type", "colour");
        assertThat(errors(props).get(ConfigDefs.SERIES_CONFIG)).singleElement().asString()
                .startsWith("plotly.series.temp.y.type: 'colour' is not a y type");
    }

    @Test
    void aSeriesYTypeOverridesTheTopLevelOne() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.Y_TYPE_CONFIG, "category");
        props.put(ConfigDefs.SERIES_CONFIG, "temp,state");
        props.put("plotly.series.temp.y", "value.temp");
        props.put("plotly.series.temp.y.type", "number");
        props.put("plotly.series.state.y", "value.state");
        assertThat(new io.plotstream.connect.PlotlyStreamSinkConfig(props).series())
                .extracting(io.plotstream.point.SeriesSpec::yType)
                .containsExactly(io.plotstream.point.YType.NUMBER, io.plotstream.point.YType.CATEGORY);
        assertThat(new io.plotstream.connect.PlotlyStreamSinkConfig(minimal()).series())
                .extracting(io.plotstream.point.SeriesSpec::yType).containsExactly(io.plotstream.point.YType.NUMBER);
    }

    @Test
    void anXUnitIsValidatedOnItsKeyOrOnTheSeriesKey() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.X_CONFIG, "value.t");
        props.put(ConfigDefs.X_UNIT_CONFIG, "micros");
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.X_UNIT_CONFIG);

        props = minimal();
        props.put(ConfigDefs.SERIES_CONFIG, "temp");
        props.put("plotly.series.temp.x", "value.t");
        props.put("plotly.series.temp.x.unit", "fortnights");
        assertThat(errors(props).get(ConfigDefs.SERIES_CONFIG)).singleElement().asString()
                .startsWith("plotly.series.temp.x.unit: 'fortnights' is not an epoch unit");
    }

    @Test
    void anXUnitWithoutAnXFieldIsReportedBecauseTheRecordTimestampIsMilliseconds() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.X_UNIT_CONFIG, "us");
        assertThat(errors(props).get(ConfigDefs.X_UNIT_CONFIG)).singleElement().asString()
                .contains("record timestamp").contains("set plotly.x");

        props = minimal();
        props.put(ConfigDefs.SERIES_CONFIG, "temp");
        props.put("plotly.series.temp.y", "value.temp");
        props.put("plotly.series.temp.x.unit", "ms");
        assertThat(errors(props).get(ConfigDefs.SERIES_CONFIG)).singleElement().asString()
                .startsWith("plotly.series.temp.x.unit=ms").contains("set plotly.series.temp.x");
    }

    @Test
    void aSeriesXUnitOverridesTheTopLevelOneAndMaySwitchItOff() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.X_CONFIG, "value.t");
        props.put(ConfigDefs.X_UNIT_CONFIG, "ms");
        props.put(ConfigDefs.SERIES_CONFIG, "a,b,c");
        props.put("plotly.series.a.x.unit", "us");
        props.put("plotly.series.b.x.unit", "");
        assertThat(new PlotlyStreamSinkConfig(props).series()).extracting(io.plotstream.point.SeriesSpec::xUnit)
                .containsExactly(io.plotstream.point.EpochUnit.US, null, io.plotstream.point.EpochUnit.MS);
        assertThat(new PlotlyStreamSinkConfig(minimal()).series()).extracting(io.plotstream.point.SeriesSpec::xUnit)
                .containsOnlyNulls();
    }

    @Test
    void aTokenMapEntryWithoutTokenIsReported() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.TOKENS_BY_KEY_CONFIG, "sensor-1=tok1,sensor-2");
        assertThat(errors(props).get(ConfigDefs.TOKENS_BY_KEY_CONFIG)).singleElement().asString()
                .contains("entry 2");
    }

    @Test
    void aSeriesWithoutYIsReportedOnTheSeriesKey() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.Y_CONFIG, "");
        props.put(ConfigDefs.SERIES_CONFIG, "temp,hum");
        props.put("plotly.series.temp.y", "value.temp");
        assertThat(errors(props).get(ConfigDefs.SERIES_CONFIG)).singleElement().asString()
                .contains("series 'hum' has no y").contains("plotly.series.hum.y");
    }

    @Test
    void aBadFieldReferenceOfASeriesIsReportedOnTheSeriesKey() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.SERIES_CONFIG, "temp");
        props.put("plotly.series.temp.y", "value..temp");
        assertThat(errors(props).get(ConfigDefs.SERIES_CONFIG)).singleElement().asString()
                .startsWith("plotly.series.temp.y:");
    }

    @Test
    void seriesTokensMustNameConfiguredSeries() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.SERIES_CONFIG, "temp");
        props.put(ConfigDefs.TOKENS_BY_SERIES_CONFIG, "temp=tok1,humidity=tok2");
        assertThat(errors(props).get(ConfigDefs.TOKENS_BY_SERIES_CONFIG)).singleElement().asString()
                .contains("humidity");
    }

    @Test
    void decimationNeedsARateLimit() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.RATE_OVERFLOW_CONFIG, "decimate");
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.RATE_OVERFLOW_CONFIG);
        props.put(ConfigDefs.RATE_LIMIT_CONFIG, "20");
        assertThat(errors(props)).isEmpty();
    }

    @Test
    void theLargestBackoffMustNotBeSmallerThanTheFirst() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.BACKOFF_INITIAL_MS_CONFIG, "5000");
        props.put(ConfigDefs.BACKOFF_MAX_MS_CONFIG, "1000");
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.BACKOFF_MAX_MS_CONFIG);
    }

    @Test
    void tlsStoresAreOnlyForHttpsUrls() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.TRUSTSTORE_LOCATION_CONFIG, "/etc/hosts");
        assertThat(errors(props).get(ConfigDefs.TRUSTSTORE_LOCATION_CONFIG)).singleElement().asString()
                .contains("https");
        props.put(ConfigDefs.STREAM_URL_CONFIG, "https://plots.example:443");
        props.put(ConfigDefs.TRUSTSTORE_LOCATION_CONFIG, "/no/such/store.p12");
        assertThat(errors(props).get(ConfigDefs.TRUSTSTORE_LOCATION_CONFIG)).singleElement().asString()
                .contains("does not exist");
    }

    @Test
    void aTrustStorePasswordWithoutAStoreIsReported() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.TRUSTSTORE_PASSWORD_CONFIG, "changeit");
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.TRUSTSTORE_PASSWORD_CONFIG);
    }

    @Test
    void anUnknownTimeZoneIsReported() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.TIMEZONE_CONFIG, "Mars/Olympus");
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.TIMEZONE_CONFIG);
    }

    @Test
    void policiesAcceptOnlyFailOrSkipAndRecommendThem() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.ON_MISSING_FIELD_CONFIG, "ignore");
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.ON_MISSING_FIELD_CONFIG);
        ConfigValue value = connector.validate(minimal()).configValues().stream()
                .filter(v -> v.name().equals(ConfigDefs.ON_MISSING_FIELD_CONFIG)).findFirst().orElseThrow();
        assertThat(value.recommendedValues()).containsExactly("fail", "skip");
    }

    @Test
    void windowSettingsAreVisibleOnlyInWindowMode() {
        Map<String, String> props = minimal();
        ConfigValue hidden = value(props, ConfigDefs.WINDOW_POINTS_CONFIG);
        assertThat(hidden.visible()).isFalse();
        props.put(ConfigDefs.MODE_CONFIG, "window");
        assertThat(value(props, ConfigDefs.WINDOW_POINTS_CONFIG).visible()).isTrue();
    }

    private ConfigValue value(Map<String, String> props, String name) {
        return connector.validate(props).configValues().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void startRefusesAnInvalidConfigurationNamingTheKey() {
        Map<String, String> props = minimal();
        props.remove(ConfigDefs.TOKEN_CONFIG);
        assertThatThrownBy(() -> connector.start(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ConfigDefs.TOKEN_CONFIG);
    }

    @Test
    void everyTaskGetsTheConnectorConfiguration() {
        connector.start(minimal());
        assertThat(connector.taskConfigs(3)).hasSize(3).allSatisfy(c -> assertThat(c).isEqualTo(minimal()));
    }

    @Test
    void reportsTheBuildVersion() {
        assertThat(connector.version()).isEqualTo(Version.get()).matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void everyValueTheConfigDefAcceptsMakesValidStreamSettings() {
        Map<String, String> props = minimal();
        for (ConfigDef.ConfigKey key : PlotlyStreamSinkConfig.configDef().configKeys().values()) {
            if (key.validator instanceof ConfigDef.Range && key.type != ConfigDef.Type.DOUBLE) {
                String text = key.validator.toString(); // "[min,...,max]"
                props.put(key.name, text.substring(1, text.indexOf(',')));
            }
        }
        props.put(ConfigDefs.BACKOFF_MAX_MS_CONFIG, props.get(ConfigDefs.BACKOFF_INITIAL_MS_CONFIG));
        assertThat(new PlotlyStreamSinkConfig(props).streamSettings()).isNotNull();
    }

    @Test
    void streamBehaviourKeysReachTheStreamSettings() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.MODE_CONFIG, "window");
        props.put(ConfigDefs.WINDOW_POINTS_CONFIG, "300");
        props.put(ConfigDefs.RATE_LIMIT_CONFIG, "20");
        props.put(ConfigDefs.RATE_OVERFLOW_CONFIG, "decimate");
        props.put(ConfigDefs.STREAM_URL_CONFIG, "http://plots.example:9000");
        io.plotstream.stream.StreamSettings settings = new PlotlyStreamSinkConfig(props).streamSettings();
        assertThat(settings.mode()).isEqualTo(io.plotstream.stream.StreamSettings.WriteMode.WINDOW);
        assertThat(settings.overflow()).isEqualTo(io.plotstream.stream.StreamSettings.OverflowPolicy.DECIMATE);
        assertThat(settings.windowPoints()).isEqualTo(300);
        assertThat(settings.maxWritesPerSecond()).isEqualTo(20.0);
        assertThat(settings.serverUri().toString()).isEqualTo("http://plots.example:9000");
        assertThat(settings.tls()).isNull();
    }

    @Test
    void acknowledgementsAreAskedForByDefaultAndCanBeTurnedOffOrGivenAnotherHandshakeWindow() {
        io.plotstream.stream.StreamSettings defaults = new PlotlyStreamSinkConfig(minimal()).streamSettings();
        assertThat(defaults.ackMode()).isEqualTo(io.plotstream.stream.StreamSettings.AckMode.AUTO);
        assertThat(defaults.ackHandshake()).isEqualTo(java.time.Duration.ofSeconds(2));

        Map<String, String> props = minimal();
        props.put(ConfigDefs.ACK_MODE_CONFIG, "off");
        props.put(ConfigDefs.ACK_HANDSHAKE_MS_CONFIG, "5000");
        io.plotstream.stream.StreamSettings settings = new PlotlyStreamSinkConfig(props).streamSettings();
        assertThat(settings.ackMode()).isEqualTo(io.plotstream.stream.StreamSettings.AckMode.OFF);
        assertThat(settings.ackHandshake()).isEqualTo(java.time.Duration.ofSeconds(5));
    }

    @Test
    void acknowledgementSettingsRefuseValuesOutsideTheirRangeNamingTheKey() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.ACK_MODE_CONFIG, "sometimes");
        props.put(ConfigDefs.ACK_HANDSHAKE_MS_CONFIG, "5");
        assertThat(errors(props)).containsOnlyKeys(ConfigDefs.ACK_MODE_CONFIG, ConfigDefs.ACK_HANDSHAKE_MS_CONFIG);
        assertThat(value(minimal(), ConfigDefs.ACK_MODE_CONFIG).recommendedValues()).containsExactly("auto", "off");
    }

    @Test
    void multiSeriesConfigurationBuildsOneSpecPerSeriesInheritingTopLevelKeys() {
        Map<String, String> props = minimal();
        props.put(ConfigDefs.X_CONFIG, "value.ts");
        props.put(ConfigDefs.SERIES_CONFIG, "temp,hum");
        props.put("plotly.series.temp.y", "value.temp");
        props.put("plotly.series.hum.y", "value.hum");
        props.put("plotly.series.hum.x", "timestamp");
        props.put(ConfigDefs.TOKENS_BY_SERIES_CONFIG, "temp=tok1,hum=tok2");
        PlotlyStreamSinkConfig config = new PlotlyStreamSinkConfig(props);
        assertThat(config.series()).extracting(s -> s.name()).containsExactly("temp", "hum");
        assertThat(config.series().get(0).x().spec()).isEqualTo("value.ts");
        assertThat(config.series().get(1).x().spec()).isEqualTo("timestamp");
        assertThat(config.routingRules().seriesTokens()).containsEntry("hum", "tok2");
    }
}
