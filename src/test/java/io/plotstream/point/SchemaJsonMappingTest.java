package io.plotstream.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Schema'd values as a user's pipeline delivers them: JSON with schemas through Connect's own
 * JsonConverter into Structs with logical types, then through the mapper.
 */
class SchemaJsonMappingTest {
    private static final String SCHEMA = """
            {"type": "struct", "optional": false, "fields": [
              {"field": "at", "type": "int64", "optional": false, "name": "org.apache.kafka.connect.data.Timestamp", "version": 1},
              {"field": "day", "type": "int32", "optional": false, "name": "org.apache.kafka.connect.data.Date", "version": 1},
              {"field": "time", "type": "int32", "optional": false, "name": "org.apache.kafka.connect.data.Time", "version": 1},
              {"field": "price", "type": "bytes", "optional": false, "name": "org.apache.kafka.connect.data.Decimal",
               "version": 1, "parameters": {"scale": "12"}},
              {"field": "note", "type": "string", "optional": true},
              {"field": "readings", "type": "array", "items": {"type": "double", "optional": false}, "optional": true}
            ]}""";

    private final JsonConverter converter = new JsonConverter();

    SchemaJsonMappingTest() {
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "true",
                JsonConverterConfig.DECIMAL_FORMAT_CONFIG, "NUMERIC"), false);
    }

    /** 2026-11-27 22:15:30.123 UTC; day 20,419 = 2025-11-27; 45,296,789 ms = 12:34:56.789. */
    private SinkRecord record(String payload) {
        String json = "{\"schema\": " + SCHEMA + ", \"payload\": " + payload + "}";
        SchemaAndValue value = converter.toConnectData("t", json.getBytes(StandardCharsets.UTF_8));
        return new SinkRecord("t", 0, null, null, value.schema(), value.value(), 42, 1_700_000_000_000L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    private static final String FULL = """
            {"at": 1795817730123, "day": 20419, "time": 45296789, "price": 12345678901234.567890123456,
             "note": null, "readings": [1.5, 2.5]}""";

    private static PointMapper mapper(SeriesSpec series, MissingValuePolicy onMissing, MissingValuePolicy onNull) {
        return new PointMapper(List.of(series),
                new MappingOptions(ZoneOffset.UTC, true, MissingValuePolicy.FAIL, onMissing, onNull, 1000));
    }

    private static SeriesSpec series(String x, String y, YType type) {
        return new SeriesSpec("s", x == null ? null : FieldRef.parse(x), FieldRef.parse(y), null, null, null, type);
    }

    @Test
    void aDecimalIsSentExactlyAndATimestampAsAPlotlyDate() throws Exception {
        Point p = mapper(series("value.at", "value.price", YType.NUMBER), MissingValuePolicy.FAIL, MissingValuePolicy.FAIL)
                .map(record(FULL)).points().get(0).point();
        assertThat(p.x()).isEqualTo("2026-11-27 22:15:30.123000");
        assertThat(p.y()).isEqualTo(new BigDecimal("12345678901234.567890123456"));
    }

    @Test
    void dateAndTimeAreZoneFreeWallClockValues() throws Exception {
        assertThat(mapper(series("value.day", "value.at", YType.DATE), MissingValuePolicy.FAIL, MissingValuePolicy.FAIL)
                .map(record(FULL)).points().get(0).point())
                .isEqualTo(Point.of("2025-11-27 00:00:00.000000", "2026-11-27 22:15:30.123000"));
        assertThat(mapper(series("value.time", "value.readings[0]", YType.NUMBER), MissingValuePolicy.FAIL,
                MissingValuePolicy.FAIL).map(record(FULL)).points().get(0).point())
                .isEqualTo(Point.of("1970-01-01 12:34:56.789000", 1.5));
    }

    @Test
    void aTimestampIsNotANumberForANumericY() {
        assertThatThrownBy(() -> mapper(series(null, "value.at", YType.NUMBER), MissingValuePolicy.FAIL,
                MissingValuePolicy.FAIL).map(record(FULL)))
                .isInstanceOf(BadRecordException.class)
                .hasMessageContaining("t-0@42").hasMessageContaining("value.at")
                .hasMessageContaining("is the date 2026-11-27 22:15:30.123000, but y must be a number");
    }

    @Test
    void aNullOptionalFieldFollowsTheNullPolicy() throws Exception {
        SeriesSpec noteAsY = series(null, "value.note", YType.CATEGORY);
        MappingResult skipped = mapper(noteAsY, MissingValuePolicy.FAIL, MissingValuePolicy.SKIP).map(record(FULL));
        assertThat(skipped.points()).isEmpty();
        assertThat(skipped.skipReasons()).singleElement().asString().contains("value.note").contains("is null");
        assertThatThrownBy(() -> mapper(noteAsY, MissingValuePolicy.SKIP, MissingValuePolicy.FAIL).map(record(FULL)))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("t-0@42").hasMessageContaining("is null");
    }

    @Test
    void anArrayIndexPastTheEndOrAnAbsentArrayFollowsTheMissingPolicy() throws Exception {
        SeriesSpec third = series(null, "value.readings[2]", YType.NUMBER);
        assertThatThrownBy(() -> mapper(third, MissingValuePolicy.FAIL, MissingValuePolicy.SKIP).map(record(FULL)))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("value.readings[2]").hasMessageContaining("is missing");
        String noReadings = FULL.replace("\"readings\": [1.5, 2.5]", "\"readings\": null");
        MappingResult result = mapper(series(null, "value.readings[0]", YType.NUMBER), MissingValuePolicy.SKIP,
                MissingValuePolicy.SKIP).map(record(noReadings));
        assertThat(result.points()).isEmpty();
        assertThat(result.skipReasons()).singleElement().asString().contains("value.readings[0]");
    }
}
