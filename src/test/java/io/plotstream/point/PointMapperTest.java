package io.plotstream.point;

import static io.plotstream.point.TestRecords.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PointMapperTest {
    private static final String NOW = "2026-11-27 22:15:30.123000";

    private static FieldRef ref(String spec) {
        return spec == null ? null : FieldRef.parse(spec);
    }

    private static SeriesSpec series(String name, String x, String y) {
        return new SeriesSpec(name, ref(x), ref(y), null, null, null);
    }

    private static MappingOptions policies(MissingValuePolicy tombstone, MissingValuePolicy missing, MissingValuePolicy nul) {
        return new MappingOptions(ZoneOffset.UTC, true, tombstone, missing, nul, 1000);
    }

    private static final MappingOptions FAIL_ALL = TestRecords.options();
    private static final MappingOptions SKIP_ALL =
            policies(MissingValuePolicy.SKIP, MissingValuePolicy.SKIP, MissingValuePolicy.SKIP);

    static Stream<Arguments> shapes() {
        return TestRecords.readingShapes().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void oneRecordFeedsSeveralSeries(String shape, Schema schema, Object value) throws Exception {
        PointMapper mapper = new PointMapper(List.of(
                series("temp", "value.id", "value.temp"),
                series("lat", null, "value/loc/lat")), FAIL_ALL);

        MappingResult result = mapper.map(TestRecords.value(schema, value));

        assertThat(result.points()).containsExactly(
                new SeriesPoint("temp", Point.of(7L, 21.5)),
                new SeriesPoint("lat", Point.of(NOW, 1.5)));
        assertThat(result.skipReasons()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void optionalAttributesTravelWithThePoint(String shape, Schema schema, Object value) throws Exception {
        PointMapper mapper = new PointMapper(List.of(new SeriesSpec("temp", null, ref("value.temp"),
                ref("value.name"), ref("value.loc.tags[0]"), ref("value.id"))), FAIL_ALL);

        assertThat(mapper.map(TestRecords.value(schema, value)).points())
                .containsExactly(new SeriesPoint("temp", new Point(NOW, 21.5, "pump", "a", 7L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void missingOrNullOptionalAttributesAreLeftOutNotErrors(String shape, Schema schema, Object value) throws Exception {
        PointMapper mapper = new PointMapper(List.of(new SeriesSpec("temp", null, ref("value.temp"),
                ref("value.nope"), ref("value.gone"), ref("header.size"))), FAIL_ALL);

        assertThat(mapper.map(TestRecords.value(schema, value)).points())
                .containsExactly(new SeriesPoint("temp", Point.of(NOW, 21.5)));
    }

    @Test
    void multiSeriesFromTheIssueExample() throws Exception {
        byte[] json = "{\"ts\":1700000000000,\"temp\":21.5,\"hum\":40}".getBytes(StandardCharsets.UTF_8);
        PointMapper mapper = new PointMapper(List.of(series("temp", "value.ts", "value.temp"),
                series("hum", "value.ts", "value.hum")), FAIL_ALL);

        assertThat(mapper.map(TestRecords.value(json)).points()).containsExactly(
                new SeriesPoint("temp", Point.of(1_700_000_000_000L, 21.5)),
                new SeriesPoint("hum", Point.of(1_700_000_000_000L, 40L)));
    }

    @Test
    void xDefaultsToTheRecordTimestampInTheConfiguredZone() throws Exception {
        MappingOptions kolkata = new MappingOptions(ZoneId.of("Asia/Kolkata"), true, MissingValuePolicy.FAIL,
                MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, 1000);
        PointMapper mapper = new PointMapper(List.of(series("v", null, "value")), kolkata);

        assertThat(mapper.map(TestRecords.value(3L)).points())
                .containsExactly(new SeriesPoint("v", Point.of("2026-11-28 03:45:30.123000", 3L)));
    }

    @Test
    void xFromTheTimestampReferenceIsADate() throws Exception {
        PointMapper mapper = new PointMapper(List.of(series("v", "timestamp", "offset")), FAIL_ALL);
        assertThat(mapper.map(TestRecords.value(1L)).points())
                .containsExactly(new SeriesPoint("v", Point.of(NOW, TestRecords.OFFSET)));
    }

    @Test
    void barePrimitiveValueAndStringKeyAndHeaderAndMetadata() throws Exception {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("unit", "°C");
        SinkRecord record = TestRecords.record(Schema.STRING_SCHEMA, "pump-1", Schema.FLOAT64_SCHEMA, 19.5, TIMESTAMP,
                headers);
        PointMapper mapper = new PointMapper(List.of(new SeriesSpec("v", ref("partition"), ref("value"),
                ref("header.unit"), ref("key"), null), new SeriesSpec("w", ref("topic"), ref("value"), null, null, null)),
                FAIL_ALL);

        assertThat(mapper.map(record).points()).containsExactly(
                new SeriesPoint("v", new Point(TestRecords.PARTITION, 19.5, "°C", "pump-1", null)),
                new SeriesPoint("w", Point.of(TestRecords.TOPIC, 19.5)));
    }

    @Test
    void numericStringsInJsonBecomeNumbersForY() throws Exception {
        PointMapper mapper = new PointMapper(List.of(series("v", "value.t", "value.v")), FAIL_ALL);
        assertThat(mapper.map(TestRecords.value("{\"t\":\"a\",\"v\":\"12.5\"}")).points())
                .containsExactly(new SeriesPoint("v", Point.of("a", 12.5)));
    }

    @Test
    void keyPathsOnJsonTextKeysWithAStructValue() throws Exception {
        Schema valueSchema = SchemaBuilder.struct().field("v", Schema.INT32_SCHEMA).build();
        SinkRecord record = TestRecords.record(null, "{\"sensor\":\"s1\",\"n\":3}", valueSchema,
                new Struct(valueSchema).put("v", 5), TIMESTAMP, new ConnectHeaders());
        PointMapper mapper = new PointMapper(List.of(new SeriesSpec("v", ref("key.n"), ref("value.v"),
                ref("key.sensor"), null, null)), FAIL_ALL);

        assertThat(mapper.map(record).points()).containsExactly(new SeriesPoint("v", new Point(3L, 5, "s1", null, null)));
    }

    private static PointMapper yOfType(YType type, MappingOptions options) {
        return new PointMapper(List.of(new SeriesSpec("s", null, ref("value.v"), null, null, null, type)), options);
    }

    @Test
    void aYThatIsNotANumberIsABadRecordSayingWhereAndWhatItWas() {
        assertThatThrownBy(() -> yOfType(YType.NUMBER, SKIP_ALL).map(TestRecords.value("{\"v\":\"abc\"}")))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("Record orders-2@1234: field value.v (y of series s) is the text \"abc\", but y must be a "
                        + "number (plotly.y.type=number; category or any plot other values)");
        assertThatThrownBy(() -> yOfType(YType.NUMBER, FAIL_ALL).map(TestRecords.value(Map.of("v", true))))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("is the boolean true, but y must be a number");
    }

    @Test
    void aNumericStringIsANumberOnlyWhenNumericStringsAreOn() throws Exception {
        assertThat(yOfType(YType.NUMBER, FAIL_ALL).map(TestRecords.value("{\"v\":\"12.5\"}")).points())
                .extracting(p -> p.point().y()).containsExactly(12.5);
        MappingOptions noNumericStrings = new MappingOptions(ZoneOffset.UTC, false, MissingValuePolicy.FAIL,
                MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, 1000);
        assertThatThrownBy(() -> yOfType(YType.NUMBER, noNumericStrings).map(TestRecords.value("{\"v\":\"12.5\"}")))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("is the text \"12.5\"");
    }

    @Test
    void aDateYTakesDatesDateStringsAndEpochMillisButNotOtherText() throws Exception {
        Schema schema = SchemaBuilder.struct().field("v", org.apache.kafka.connect.data.Timestamp.SCHEMA).build();
        Struct struct = new Struct(schema).put("v", new java.util.Date(TestRecords.TIMESTAMP));
        assertThat(yOfType(YType.DATE, FAIL_ALL).map(TestRecords.value(schema, struct)).points())
                .extracting(p -> p.point().y()).containsExactly(NOW);
        assertThat(yOfType(YType.DATE, FAIL_ALL).map(TestRecords.value("{\"v\":\"2026-11-27 22:15\"}")).points())
                .extracting(p -> p.point().y()).containsExactly("2026-11-27 22:15");
        assertThat(yOfType(YType.DATE, FAIL_ALL).map(TestRecords.value("{\"v\":1795817730123}")).points())
                .extracting(p -> p.point().y()).containsExactly(1795817730123L);
        assertThatThrownBy(() -> yOfType(YType.DATE, FAIL_ALL).map(TestRecords.value("{\"v\":\"soon\"}")))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("is the text \"soon\", but y must be a date");
        assertThatThrownBy(() -> yOfType(YType.NUMBER, FAIL_ALL).map(TestRecords.value(schema, struct)))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("is the date " + NOW + ", but y must be a number");
    }

    @Test
    void aCategoryYSendsEveryScalarAsTextAndAnyYSendsItAsItIs() throws Exception {
        assertThat(yOfType(YType.CATEGORY, FAIL_ALL).map(TestRecords.value("{\"v\":3}")).points())
                .extracting(p -> p.point().y()).containsExactly("3");
        assertThat(yOfType(YType.CATEGORY, FAIL_ALL).map(TestRecords.value("{\"v\":\"red\"}")).points())
                .extracting(p -> p.point().y()).containsExactly("red");
        assertThat(yOfType(YType.ANY, FAIL_ALL).map(TestRecords.value("{\"v\":\"red\"}")).points())
                .extracting(p -> p.point().y()).containsExactly("red");
        assertThat(yOfType(YType.ANY, FAIL_ALL).map(TestRecords.value("{\"v\":true}")).points())
                .extracting(p -> p.point().y()).containsExactly(true);
    }

    @Test
    void nanIsABadRecordNamingRecordFieldAndSeries() {
        PointMapper mapper = new PointMapper(List.of(series("temp", null, "value.temp")), SKIP_ALL);
        assertThatThrownBy(() -> mapper.map(TestRecords.value(Map.of("temp", Double.NaN))))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("Record orders-2@1234: field value.temp (y of series temp) is NaN; JSON cannot carry NaN");
    }

    @Test
    void conversionFailuresAreBadRecordsEvenWhenPoliciesSkip() {
        PointMapper mapper = new PointMapper(List.of(new SeriesSpec("s", null, ref("value.v"), null, null,
                ref("value.size"))), SKIP_ALL);
        assertThatThrownBy(() -> mapper.map(TestRecords.value("{\"v\":1,\"size\":{\"a\":1}}")))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("Record orders-2@1234: field value.size (marker.size of series s) is a JSON object, "
                        + "but a point value must be a scalar (number, string, boolean or date)");
    }

    @Test
    void unparseableJsonNamesEveryReferenceThatNeededIt() {
        PointMapper mapper = new PointMapper(List.of(series("a", "value.t", "value.temp"), series("b", "value.t", "value.hum")),
                SKIP_ALL);
        assertThatThrownBy(() -> mapper.map(TestRecords.value("not json")))
                .isInstanceOf(BadRecordException.class)
                .hasMessageStartingWith("Record orders-2@1234: the value is not valid JSON, so [value.t, value.temp, value.hum]"
                        + " cannot be read: ");
    }

    @Test
    void missingYFailsUnderFail() {
        PointMapper mapper = new PointMapper(List.of(series("temp", null, "value.temp")), FAIL_ALL);
        assertThatThrownBy(() -> mapper.map(TestRecords.value(Map.of("hum", 1))))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("Record orders-2@1234: field value.temp (y of series temp) is missing");
    }

    @Test
    void missingXSkipsOnlyThatSeriesUnderSkip() throws Exception {
        PointMapper mapper = new PointMapper(List.of(series("a", "value.t", "value.v"), series("b", null, "value.v")),
                policies(MissingValuePolicy.FAIL, MissingValuePolicy.SKIP, MissingValuePolicy.FAIL));

        MappingResult result = mapper.map(TestRecords.value(Map.of("v", 1)));

        assertThat(result.points()).containsExactly(new SeriesPoint("b", Point.of(NOW, 1)));
        assertThat(result.skipReasons()).containsExactly("Record orders-2@1234: field value.t (x of series a) is missing");
    }

    @Test
    void theResultIsReusedByTheNextRecordButItsPointsAreKept() throws Exception {
        PointMapper mapper = new PointMapper(List.of(series("a", "value.t", "value.v"), series("b", "value.t", "value.w")),
                policies(MissingValuePolicy.FAIL, MissingValuePolicy.SKIP, MissingValuePolicy.FAIL));

        MappingResult first = mapper.map(TestRecords.value("{\"t\":1,\"v\":10,\"w\":20}"));
        List<Point> kept = List.of(first.points().get(0).point(), first.points().get(1).point());
        MappingResult second = mapper.map(TestRecords.value("{\"t\":2,\"v\":11}"));

        assertThat(kept).containsExactly(Point.of(1L, 10L), Point.of(1L, 20L));
        assertThat(second.points()).containsExactly(new SeriesPoint("a", Point.of(2L, 11L)));
        assertThat(second.skipReasons()).hasSize(1);
        assertThat(mapper.map(TestRecords.value("{\"t\":3,\"v\":12,\"w\":22}")).points()).containsExactly(
                new SeriesPoint("a", Point.of(3L, 12L)), new SeriesPoint("b", Point.of(3L, 22L)));
    }

    @Test
    void nullYFollowsTheNullPolicyNotTheMissingPolicy() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("v", null);
        SinkRecord record = TestRecords.value(value);
        PointMapper skipNull = new PointMapper(List.of(series("s", null, "value.v")),
                policies(MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, MissingValuePolicy.SKIP));
        PointMapper failNull = new PointMapper(List.of(series("s", null, "value.v")),
                policies(MissingValuePolicy.SKIP, MissingValuePolicy.SKIP, MissingValuePolicy.FAIL));

        assertThat(skipNull.map(record).points()).isEmpty();
        assertThat(skipNull.map(record).skipReasons())
                .containsExactly("Record orders-2@1234: field value.v (y of series s) is null");
        assertThatThrownBy(() -> failNull.map(record)).isInstanceOf(BadRecordException.class)
                .hasMessage("Record orders-2@1234: field value.v (y of series s) is null");
    }

    @Test
    void nullInJsonTextIsNullAndAbsenceIsMissing() throws Exception {
        PointMapper mapper = new PointMapper(List.of(series("a", null, "value.a"), series("b", null, "value.b")),
                policies(MissingValuePolicy.FAIL, MissingValuePolicy.SKIP, MissingValuePolicy.SKIP));
        MappingResult result = mapper.map(TestRecords.value("{\"a\":null}"));
        assertThat(result.skipReasons()).containsExactly(
                "Record orders-2@1234: field value.a (y of series a) is null",
                "Record orders-2@1234: field value.b (y of series b) is missing");
    }

    @Test
    void tombstoneFailsUnderFail() {
        PointMapper mapper = new PointMapper(List.of(series("s", null, "value.v")), FAIL_ALL);
        assertThatThrownBy(() -> mapper.map(TestRecords.value(null))).isInstanceOf(BadRecordException.class)
                .hasMessage("Record orders-2@1234: tombstone (null value), and series s reads the value");
    }

    @Test
    void tombstoneIsSkippedUnderSkipWithAReason() throws Exception {
        PointMapper mapper = new PointMapper(List.of(series("s", null, "value.v")),
                policies(MissingValuePolicy.SKIP, MissingValuePolicy.FAIL, MissingValuePolicy.FAIL));
        MappingResult result = mapper.map(TestRecords.value(null));
        assertThat(result.points()).isEmpty();
        assertThat(result.skipReasons()).containsExactly("Record orders-2@1234: tombstone (null value), and series s reads the value");
    }

    @Test
    void tombstoneStillFeedsSeriesThatDoNotReadTheValue() throws Exception {
        PointMapper mapper = new PointMapper(List.of(new SeriesSpec("deletes", ref("timestamp"), ref("key"), null, null,
                null, YType.CATEGORY)), FAIL_ALL);
        assertThat(mapper.map(TestRecords.keyAndValue("k1", null)).points())
                .containsExactly(new SeriesPoint("deletes", Point.of(NOW, "k1")));
    }

    @Test
    void recordWithoutTimestampHasNoDefaultX() throws Exception {
        SinkRecord noTime = TestRecords.record(null, null, null, 5L, null, new ConnectHeaders());
        PointMapper failing = new PointMapper(List.of(series("s", null, "value")), FAIL_ALL);
        PointMapper skipping = new PointMapper(List.of(series("s", null, "value")), SKIP_ALL);

        assertThatThrownBy(() -> failing.map(noTime)).isInstanceOf(BadRecordException.class)
                .hasMessage("Record orders-2@1234: record timestamp (x of series s) is missing");
        assertThat(skipping.map(noTime).skipReasons())
                .containsExactly("Record orders-2@1234: record timestamp (x of series s) is missing");
    }

    @Test
    void oversizedStringIsABadRecord() {
        PointMapper mapper = new PointMapper(List.of(new SeriesSpec("s", null, ref("value.v"), ref("value.note"), null,
                null)), new MappingOptions(ZoneOffset.UTC, true, MissingValuePolicy.SKIP, MissingValuePolicy.SKIP,
                MissingValuePolicy.SKIP, 5));
        assertThatThrownBy(() -> mapper.map(TestRecords.value(Map.of("v", 1, "note", "too long"))))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("Record orders-2@1234: field value.note (text of series s) is a string of 8 characters, "
                        + "over the limit of 5");
    }

    @Test
    void mapperIsReusableAcrossRecordsOfDifferentShapes() throws Exception {
        PointMapper mapper = new PointMapper(List.of(series("s", null, "value.temp")), SKIP_ALL);
        assertThat(mapper.map(TestRecords.value("{\"temp\":1}")).points()).hasSize(1);
        assertThat(mapper.map(TestRecords.value("{\"other\":1}")).points()).isEmpty();
        assertThat(mapper.map(TestRecords.value(Map.of("temp", 2))).points())
                .containsExactly(new SeriesPoint("s", Point.of(NOW, 2)));
        assertThat(mapper.map(TestRecords.value("{\"temp\":3}".getBytes(StandardCharsets.UTF_8))).points())
                .containsExactly(new SeriesPoint("s", Point.of(NOW, 3L)));
    }

    @Test
    void badSeriesConfigurationIsRefused() {
        assertThatThrownBy(() -> new PointMapper(List.of(series("a", null, "value"), series("a", null, "key")), FAIL_ALL))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("series a is configured twice");
        assertThatThrownBy(() -> new PointMapper(List.of(series("a", null, null)), FAIL_ALL))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("series a has no y field reference");
        assertThatThrownBy(() -> new PointMapper(List.of(), FAIL_ALL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PointMapper(List.of(series("a", null, "value")),
                new MappingOptions(null, true, MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
