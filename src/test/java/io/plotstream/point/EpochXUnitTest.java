package io.plotstream.point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A numeric x with {@code x.unit}: epoch seconds, millis, micros or nanos plotted as a date. */
class EpochXUnitTest {
    /** 2026-11-27 22:15:30.123456 UTC in microseconds. */
    private static final long MICROS = 1_795_817_730_123_456L;

    private static PointMapper mapper(EpochUnit unit, MappingOptions options) {
        return new PointMapper(List.of(new SeriesSpec("s", FieldRef.parse("value.t"), FieldRef.parse("value.y"),
                null, null, null, YType.NUMBER, unit)), options);
    }

    private static Object x(EpochUnit unit, Object t) throws BadRecordException {
        return mapper(unit, TestRecords.options()).map(TestRecords.value(Map.of("t", t, "y", 1))).points().get(0)
                .point().x();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "US, 1795817730123456, 2026-11-27 22:15:30.123456",
        "MS, 1795817730123, 2026-11-27 22:15:30.123000",
        "S, 1795817730, 2026-11-27 22:15:30.000000",
        "NS, 1795817730123456789, 2026-11-27 22:15:30.123456",
        "US, 0, 1970-01-01 00:00:00.000000",
        "US, -1, 1969-12-31 23:59:59.999999",
        "NS, -1, 1969-12-31 23:59:59.999999",
    })
    void aWholeNumberInTheUnitIsPlottedAsADateWithMicroseconds(EpochUnit unit, long value, String expected)
            throws Exception {
        assertThat(x(unit, value)).isEqualTo(expected);
    }

    @Test
    void fractionalSecondsKeepTheirMicroseconds() throws Exception {
        assertThat(x(EpochUnit.S, 1_795_817_730.25)).isEqualTo("2026-11-27 22:15:30.250000");
        assertThat(x(EpochUnit.S, new BigDecimal("1795817730.123456"))).isEqualTo("2026-11-27 22:15:30.123456");
        assertThat(x(EpochUnit.MS, 1_795_817_730_123.5)).isEqualTo("2026-11-27 22:15:30.123500");
    }

    @Test
    void anIntegerFieldIsWidened() throws Exception {
        assertThat(x(EpochUnit.S, 86_400)).isEqualTo("1970-01-02 00:00:00.000000");
    }

    @Test
    void theDateIsWrittenInTheConfiguredZone() throws Exception {
        MappingOptions paris = new MappingOptions(ZoneId.of("Europe/Paris"), true, MissingValuePolicy.FAIL,
                MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, 1000);
        assertThat(mapper(EpochUnit.US, paris).map(TestRecords.value(Map.of("t", MICROS, "y", 1))).points().get(0)
                .point().x()).isEqualTo("2026-11-27 23:15:30.123456");
    }

    @Test
    void aStructLongOfMicrosecondsAsAvroTimestampMicrosArrives() throws Exception {
        Schema schema = SchemaBuilder.struct().field("t", Schema.INT64_SCHEMA).field("y", Schema.FLOAT64_SCHEMA).build();
        Struct value = new Struct(schema).put("t", MICROS).put("y", 2.5);
        assertThat(mapper(EpochUnit.US, TestRecords.options()).map(TestRecords.value(schema, value)).points())
                .containsExactly(new SeriesPoint("s", Point.of("2026-11-27 22:15:30.123456", 2.5)));
    }

    @Test
    void rawJsonNumbersAndNumericTextWork() throws Exception {
        byte[] json = ("{\"t\": " + MICROS + ", \"y\": 3}").getBytes(StandardCharsets.UTF_8);
        assertThat(mapper(EpochUnit.US, TestRecords.options()).map(TestRecords.value(json)).points().get(0).point().x())
                .isEqualTo("2026-11-27 22:15:30.123456");
        assertThat(x(EpochUnit.MS, " 1795817730123 ")).isEqualTo("2026-11-27 22:15:30.123000");
    }

    @Test
    void aDateStaysTheInstantItSays() throws Exception {
        Schema schema = SchemaBuilder.struct().field("t", Timestamp.SCHEMA).field("y", Schema.FLOAT64_SCHEMA).build();
        Struct value = new Struct(schema).put("t", new java.util.Date(1_795_817_730_123L)).put("y", 2.5);
        assertThat(mapper(EpochUnit.US, TestRecords.options()).map(TestRecords.value(schema, value)).points().get(0)
                .point().x()).isEqualTo("2026-11-27 22:15:30.123000");
    }

    @Test
    void textThatIsNotANumberIsABadRecordNamingTheUnit() {
        assertThatThrownBy(() -> x(EpochUnit.US, "yesterday")).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("value.t (x of series s)").hasMessageContaining("plotly.x.unit=us")
                .hasMessageContaining("a string");
    }

    @Test
    void anInstantBeyondWhatPlotlyReadsIsABadRecord() {
        assertThatThrownBy(() -> x(EpochUnit.S, Long.MAX_VALUE)).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("too far from 1970");
        assertThatThrownBy(() -> x(EpochUnit.MS, 400_000_000_000_000L)).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("cannot show");
        assertThatThrownBy(() -> x(EpochUnit.S, Double.NaN)).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void withoutAUnitANumericXStaysANumber() throws Exception {
        assertThat(x(null, MICROS)).isEqualTo(MICROS);
    }

    @Test
    void aUnitOnTheRecordTimestampIsRefused() {
        assertThatThrownBy(() -> new PointMapper(List.of(new SeriesSpec("s", null, FieldRef.parse("value.y"),
                null, null, null, YType.NUMBER, EpochUnit.US)), TestRecords.options()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("always milliseconds");
    }

    @Test
    void unitWordsParseInAnyCaseAndOthersAreRefused() {
        assertThat(EpochUnit.parse(" US ")).isEqualTo(EpochUnit.US);
        assertThat(EpochUnit.parse("ms").word()).isEqualTo("ms");
        assertThatThrownBy(() -> EpochUnit.parse("micros")).hasMessageContaining("use s, ms, us or ns");
    }
}
