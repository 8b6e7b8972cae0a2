package io.plotstream.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plotstream.point.BadRecordException;
import io.plotstream.point.FieldRef;
import io.plotstream.point.TestRecords;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class TokenRouterTest {
    private static final String SERIES = "temp";

    private static TopicRoute topic(String pattern, String token) {
        return new TopicRoute(Pattern.compile(pattern), token);
    }

    private static RoutingRules rules(Map<String, String> series, String field, Map<String, String> keys,
                                      List<TopicRoute> topics, String defaultToken) {
        return new RoutingRules(series, field == null ? null : FieldRef.parse(field), keys, topics, defaultToken);
    }

    /** Every rule configured, so each test can knock out the ones above the rule it checks. */
    private static final TokenRouter ALL_RULES = new TokenRouter(rules(
            Map.of(SERIES, "seriestok"), "value.token", Map.of("k1", "keytoken1"),
            List.of(topic("orders", "topictok1")), "defaulttok"));

    private static String route(TokenRouter router, SinkRecord record, String series) throws BadRecordException {
        return router.route(record, series).orElse(null);
    }

    @Test
    void seriesTokenWinsOverEveryOtherRule() throws Exception {
        SinkRecord record = TestRecords.onTopic("orders", "k1", Map.of("token", "fieldtoken"));
        assertThat(route(ALL_RULES, record, SERIES)).isEqualTo("seriestok");
    }

    @Test
    void tokenFieldWinsOverKeyTopicAndDefault() throws Exception {
        SinkRecord record = TestRecords.onTopic("orders", "k1", Map.of("token", "fieldtoken"));
        assertThat(route(ALL_RULES, record, "hum")).isEqualTo("fieldtoken");
    }

    @Test
    void missingOrNullTokenFieldFallsThroughToTheKey() throws Exception {
        assertThat(route(ALL_RULES, TestRecords.onTopic("orders", "k1", Map.of("v", 1)), "hum")).isEqualTo("keytoken1");
        assertThat(route(ALL_RULES, TestRecords.onTopic("orders", "k1", "{\"token\":null}"), "hum")).isEqualTo("keytoken1");
        assertThat(route(ALL_RULES, TestRecords.onTopic("orders", "k1", null), "hum")).as("tombstone").isEqualTo("keytoken1");
    }

    @Test
    void unmatchedKeyFallsThroughToTheTopicThenTheDefault() throws Exception {
        assertThat(route(ALL_RULES, TestRecords.onTopic("orders", "k9", Map.of()), "hum")).isEqualTo("topictok1");
        assertThat(route(ALL_RULES, TestRecords.onTopic("other", "k9", Map.of()), "hum")).isEqualTo("defaulttok");
    }

    @Test
    void noMatchingRuleIsEmpty() throws Exception {
        TokenRouter router = new TokenRouter(rules(Map.of(), null, Map.of(), List.of(topic("orders", "topictok1")), null));
        assertThat(router.route(TestRecords.onTopic("payments", null, 1), SERIES)).isEmpty();
        TokenRouter nothing = new TokenRouter(rules(null, null, null, null, null));
        assertThat(nothing.route(TestRecords.onTopic("orders", "k1", 1), SERIES)).isEmpty();
    }

    @Test
    void tokenFieldIsReadFromRawJsonAndNumbersBecomeText() throws Exception {
        TokenRouter router = new TokenRouter(rules(null, "value/route/token", null, null, null));
        byte[] json = "{\"route\":{\"token\":\"abc123xyz\"}}".getBytes(StandardCharsets.UTF_8);
        assertThat(route(router, TestRecords.onTopic("t", null, json), SERIES)).isEqualTo("abc123xyz");
        assertThat(route(router, TestRecords.onTopic("t", null, "{\"route\":{\"token\":98765432}}"), SERIES))
                .isEqualTo("98765432");
    }

    @Test
    void tokenFieldHoldingAStructIsABadRecord() {
        Schema inner = SchemaBuilder.struct().field("a", Schema.STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("token", inner).build();
        Struct value = new Struct(schema).put("token", new Struct(inner).put("a", "x"));
        SinkRecord record = new SinkRecord("orders", 3, null, null, schema, value, 55L);
        assertThatThrownBy(() -> ALL_RULES.route(record, "hum")).isInstanceOf(BadRecordException.class)
                .hasMessage("Record orders-3@55: token field value.token holds a Struct, not a stream token");
    }

    @Test
    void tokenFieldHoldingAJsonObjectIsABadRecord() {
        assertThatThrownBy(() -> ALL_RULES.route(TestRecords.onTopic("orders", null, "{\"token\":{\"id\":1}}"), "hum"))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("Record orders-0@7: token field value.token holds a JSON object, not a stream token");
    }

    @Test
    void tokenFieldHoldingBlankTextIsABadRecord() {
        assertThatThrownBy(() -> ALL_RULES.route(TestRecords.onTopic("orders", null, Map.of("token", "  ")), "hum"))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("Record orders-0@7: token field value.token is blank, not a stream token");
    }

    @Test
    void unusableTokenFromAFieldIsReportedMasked() {
        String secret = "s3cr3t tokenvalue";
        assertThatThrownBy(() -> ALL_RULES.route(TestRecords.onTopic("orders", null, Map.of("token", secret)), "hum"))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("not a usable stream token: the token s3*************ue has a character not allowed at position 6")
                .hasMessageContaining("s3*************ue")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t").doesNotContain("tokenvalue"));
    }

    @Test
    void tokenFieldOfUnparseableJsonIsABadRecord() {
        assertThatThrownBy(() -> ALL_RULES.route(TestRecords.onTopic("orders", null, "{nope"), "hum"))
                .isInstanceOf(BadRecordException.class)
                .hasMessageStartingWith("Record orders-0@7: the value is not valid JSON, so [value.token] cannot be read");
    }

    @Test
    void keysOfEveryScalarShapeAreMatchedAsText() throws Exception {
        TokenRouter router = new TokenRouter(rules(null, null, Map.of("sensor-1", "tok-string", "42", "tok-number",
                "true", "tok-bool"), null, "defaulttok"));
        assertThat(route(router, TestRecords.onTopic("t", "sensor-1", 0), SERIES)).isEqualTo("tok-string");
        assertThat(route(router, TestRecords.onTopic("t", 42L, 0), SERIES)).isEqualTo("tok-number");
        assertThat(route(router, TestRecords.onTopic("t", 42, 0), SERIES)).isEqualTo("tok-number");
        assertThat(route(router, TestRecords.onTopic("t", true, 0), SERIES)).isEqualTo("tok-bool");
        assertThat(route(router, TestRecords.onTopic("t", "sensor-1".getBytes(StandardCharsets.UTF_8), 0), SERIES))
                .isEqualTo("tok-string");
    }

    @Test
    void structuredKeysNeverMatch() throws Exception {
        TokenRouter router = new TokenRouter(rules(null, null, Map.of("{id=1}", "tok-map"), null, "defaulttok"));
        assertThat(route(router, TestRecords.onTopic("t", Map.of("id", 1), 0), SERIES)).isEqualTo("defaulttok");
        assertThat(route(router, TestRecords.onTopic("t", null, 0), SERIES)).isEqualTo("defaulttok");
    }

    @Test
    void exactTopicNamesWinOverRegexesListedBeforeThem() throws Exception {
        TokenRouter router = new TokenRouter(rules(null, null, null, List.of(
                topic("metrics\\..*", "tok-regex"), topic("metrics.cpu", "tok-exact")), null));
        assertThat(route(router, TestRecords.onTopic("metrics.cpu", null, 0), SERIES)).isEqualTo("tok-exact");
        assertThat(route(router, TestRecords.onTopic("metrics.mem", null, 0), SERIES)).isEqualTo("tok-regex");
    }

    @Test
    void regexesAreTriedInOrderAndMustMatchTheWholeTopic() throws Exception {
        TokenRouter router = new TokenRouter(rules(null, null, null, List.of(
                topic("sensor-(east|west)", "tok-first"), topic("sensor-.*", "tok-second")), null));
        assertThat(route(router, TestRecords.onTopic("sensor-east", null, 0), SERIES)).isEqualTo("tok-first");
        assertThat(route(router, TestRecords.onTopic("sensor-north", null, 0), SERIES)).isEqualTo("tok-second");
        assertThat(router.route(TestRecords.onTopic("old-sensor-east", null, 0), SERIES)).isEmpty();
    }

    @Test
    void dotInAPlainTopicNameIsADot() throws Exception {
        TokenRouter router = new TokenRouter(rules(null, null, null, List.of(topic("orders.v1", "tok-v1"),
                new TopicRoute(Pattern.compile("a+b", Pattern.LITERAL), "tok-literal")), null));
        assertThat(route(router, TestRecords.onTopic("orders.v1", null, 0), SERIES)).isEqualTo("tok-v1");
        assertThat(router.route(TestRecords.onTopic("ordersXv1", null, 0), SERIES)).isEmpty();
        assertThat(route(router, TestRecords.onTopic("a+b", null, 0), SERIES)).isEqualTo("tok-literal");
        assertThat(router.route(TestRecords.onTopic("aab", null, 0), SERIES)).isEmpty();
    }

    @Test
    void runsOfOneTopicAndAlternatingTopicsEachGetTheirOwnToken() throws Exception {
        // The runtime hands one String per topic, so the last topic is remembered by identity.
        TopicRoutes routes = new TopicRoutes(List.of(topic("orders", "tok-orders"), topic("metrics\\..*", "tok-m")));
        String orders = "orders";
        String cpu = new String("metrics.cpu");
        for (String topic : List.of(orders, orders, cpu, cpu, orders, cpu, new String("metrics.cpu"), "payments")) {
            String expected = topic.equals("orders") ? "tok-orders" : topic.startsWith("metrics.") ? "tok-m" : null;
            assertThat(routes.tokenFor(topic)).as(topic).isEqualTo(java.util.Optional.ofNullable(expected));
        }
    }

    @Test
    void topicAnswersAreCachedWithinABound() throws Exception {
        TopicRoutes routes = new TopicRoutes(List.of(topic("t-.*", "tok-all")));
        for (int i = 0; i < TopicRoutes.MAX_CACHED_TOPICS * 3; i++) {
            assertThat(routes.tokenFor("t-" + i)).contains("tok-all");
        }
        assertThat(routes.cachedTopics()).isBetween(1, TopicRoutes.MAX_CACHED_TOPICS);
    }

    @Test
    void severalSeriesOfOneRecordRouteIndependently() throws Exception {
        TokenRouter router = new TokenRouter(rules(Map.of("temp", "tok-temp", "hum", "tok-hum"), null, null, null,
                "defaulttok"));
        SinkRecord record = TestRecords.onTopic("t", null, "{\"ts\":1,\"temp\":2,\"hum\":3}");
        assertThat(route(router, record, "temp")).isEqualTo("tok-temp");
        assertThat(route(router, record, "hum")).isEqualTo("tok-hum");
        assertThat(route(router, record, "pressure")).isEqualTo("defaulttok");
    }

    @Test
    void tokenFieldIsReadAgainForEachNewRecord() throws Exception {
        TokenRouter router = new TokenRouter(rules(null, "value.token", null, null, null));
        assertThat(route(router, TestRecords.onTopic("t", null, Map.of("token", "first-token")), SERIES)).isEqualTo("first-token");
        assertThat(route(router, TestRecords.onTopic("t", null, Map.of("token", "second-token")), SERIES)).isEqualTo("second-token");
    }

    @Test
    void blankOrUnusableConfiguredTokensAreRefusedMasked() {
        assertThatThrownBy(() -> new TokenRouter(rules(Map.of("s", " "), null, null, null, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the token for series s is blank");
        assertThatThrownBy(() -> new TokenRouter(rules(null, null, null, List.of(topic("t", "abc\ndefghij")), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ab*******ij")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("defgh"));
    }
}
