package io.plotstream.point;

import static io.plotstream.point.PointField.MARKER_COLOR;
import static io.plotstream.point.PointField.MARKER_SIZE;
import static io.plotstream.point.PointField.TEXT;
import static io.plotstream.point.PointField.X;
import static io.plotstream.point.PointField.Y;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlotlyValuesTest {
    private final PlotlyValues values = new PlotlyValues(TestRecords.options());
    private final PlotlyValues strictStrings = new PlotlyValues(new MappingOptions(ZoneOffset.UTC, false,
            MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, 1000));

    private Object convert(Object raw, PointField field) throws ValueRejectedException {
        return values.convert(raw, null, false, field);
    }

    @Test
    void numbersStayNumbersOfTheirOwnType() throws Exception {
        assertThat(convert(3, Y)).isEqualTo(3);
        assertThat(convert(3L, Y)).isEqualTo(3L);
        assertThat(convert(2.5f, Y)).isEqualTo(2.5f);
        assertThat(convert(2.5d, Y)).isEqualTo(2.5d);
        assertThat(convert(new BigInteger("123456789012345678901234"), Y)).isEqualTo(new BigInteger("123456789012345678901234"));
    }

    @Test
    void decimalsAreKeptExact() throws Exception {
        BigDecimal exact = new BigDecimal("12345678901234567.890123456789");
        assertThat(convert(exact, Y)).isSameAs(exact);
    }

    @Test
    void bytesAndShortsWidenToInteger() throws Exception {
        assertThat(convert((byte) 7, X)).isEqualTo(7);
        assertThat(convert((short) -7, MARKER_SIZE)).isEqualTo(-7);
    }

    @ParameterizedTest
    @EnumSource(value = PointField.class, names = {"X", "Y", "MARKER_COLOR", "MARKER_SIZE"})
    void nanIsRefusedBecauseJsonCannotCarryIt(PointField field) {
        assertThatThrownBy(() -> convert(Double.NaN, field)).isInstanceOf(ValueRejectedException.class)
                .hasMessage("is NaN; JSON cannot carry NaN");
        assertThatThrownBy(() -> convert(Float.NaN, field)).hasMessage("is NaN; JSON cannot carry NaN");
    }

    @Test
    void infinitiesAreRefused() {
        assertThatThrownBy(() -> convert(Double.POSITIVE_INFINITY, Y)).hasMessage("is Infinity; JSON cannot carry Infinity");
        assertThatThrownBy(() -> convert(Float.NEGATIVE_INFINITY, X)).hasMessage("is -Infinity; JSON cannot carry -Infinity");
    }

    @Test
    void nanAsTextIsJustAWord() throws Exception {
        assertThat(convert(Double.NaN, TEXT)).isEqualTo("NaN");
    }

    @Test
    void numericStringsBecomeNumbersForYAndMarkerSize() throws Exception {
        assertThat(convert("12.5", Y)).isEqualTo(12.5);
        assertThat(convert(" -3 ", Y)).isEqualTo(-3L);
        assertThat(convert("1e3", MARKER_SIZE)).isEqualTo(1000.0);
        assertThat(convert("98765432109876543210", Y)).isEqualTo(new BigInteger("98765432109876543210"));
        assertThat(convert("3.14159265358979323846", Y)).isEqualTo(new BigDecimal("3.14159265358979323846"));
    }

    @Test
    void numericStringsStayStringsForXTextAndColor() throws Exception {
        assertThat(convert("12.5", X)).isEqualTo("12.5");
        assertThat(convert("12.5", TEXT)).isEqualTo("12.5");
        assertThat(convert("12", MARKER_COLOR)).isEqualTo("12");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "Infinity", "-Infinity", "+inf", "1e999"})
    void nonFiniteNumericStringsAreRefused(String text) {
        assertThatThrownBy(() -> convert(text, Y)).isInstanceOf(ValueRejectedException.class)
                .hasMessageContaining("JSON cannot carry");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x10", "1d", "12,5", "1e", ".", "-", "1.2.3", "abc"})
    void textThatIsNotADecimalNumberStaysACategoryStringForY(String text) throws Exception {
        assertThat(convert(text, Y)).isEqualTo(text);
    }

    @Test
    void markerSizeMustBeANumber() {
        assertThatThrownBy(() -> convert("big", MARKER_SIZE)).hasMessage("is the text \"big\"; marker.size must be a number");
        assertThatThrownBy(() -> convert(true, MARKER_SIZE)).hasMessage("is a boolean; marker.size must be a number");
    }

    @Test
    void withNumericStringsOffNumericTextStaysText() throws Exception {
        assertThat(strictStrings.convert("12.5", null, false, Y)).isEqualTo("12.5");
        assertThat(strictStrings.convert("NaN", null, false, Y)).as("a category named NaN").isEqualTo("NaN");
        assertThatThrownBy(() -> strictStrings.convert("12", null, false, MARKER_SIZE))
                .hasMessage("is the text \"12\"; marker.size must be a number (numeric strings are off)");
    }

    @Test
    void booleansGoToXYAndTextButNotToMarkers() throws Exception {
        assertThat(convert(true, X)).isEqualTo(true);
        assertThat(convert(false, Y)).isEqualTo(false);
        assertThat(convert(true, TEXT)).isEqualTo("true");
        assertThatThrownBy(() -> convert(true, MARKER_COLOR)).hasMessage("is a boolean; marker.color must be a string or a number");
    }

    @Test
    void markerColorTakesNamesAndNumbers() throws Exception {
        assertThat(convert("#ff8800", MARKER_COLOR)).isEqualTo("#ff8800");
        assertThat(convert(0.75, MARKER_COLOR)).isEqualTo(0.75);
    }

    @Test
    void textIsAnyScalarWrittenAsAString() throws Exception {
        assertThat(convert(21.5, TEXT)).isEqualTo("21.5");
        assertThat(convert(2e23, TEXT)).as("the shortest digits, as on the wire, also on Java 17").isEqualTo("2.0E23");
        assertThat(convert(42L, TEXT)).isEqualTo("42");
        assertThat(convert(new BigDecimal("1E+3"), TEXT)).isEqualTo("1000");
        assertThat(values.convert(new java.util.Date(0), Timestamp.SCHEMA, false, TEXT)).isEqualTo("1970-01-01 00:00:00.000000");
    }

    @Test
    void stringsLongerThanTheLimitAreRefused() throws Exception {
        PlotlyValues short10 = new PlotlyValues(new MappingOptions(ZoneOffset.UTC, true, MissingValuePolicy.FAIL,
                MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, 10));
        assertThat(short10.convert("0123456789", null, false, TEXT)).isEqualTo("0123456789");
        assertThatThrownBy(() -> short10.convert("0123456789A", null, false, X))
                .hasMessage("is a string of 11 characters, over the limit of 10");
    }

    @Test
    void connectTimestampIsWrittenInTheConfiguredZone() throws Exception {
        PlotlyValues tokyo = new PlotlyValues(new MappingOptions(ZoneId.of("Asia/Tokyo"), true, MissingValuePolicy.FAIL,
                MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, 100));
        java.util.Date instant = new java.util.Date(TestRecords.TIMESTAMP);
        assertThat(tokyo.convert(instant, Timestamp.SCHEMA, false, X)).isEqualTo("2026-11-28 07:15:30.123000");
        assertThat(tokyo.convert(instant, null, false, X)).as("a Date without schema is an instant")
                .isEqualTo("2026-11-28 07:15:30.123000");
    }

    @Test
    void connectDateAndTimeAreZoneFreeAndNotShifted() throws Exception {
        PlotlyValues newYork = new PlotlyValues(new MappingOptions(ZoneId.of("America/New_York"), true,
                MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, MissingValuePolicy.FAIL, 100));
        java.util.Date day = new java.util.Date(20_419L * 86_400_000L); // 2025-11-27, midnight UTC
        assertThat(newYork.convert(day, Date.SCHEMA, false, X)).isEqualTo("2025-11-27 00:00:00.000000");
        java.util.Date time = new java.util.Date((13 * 3600 + 5 * 60 + 9) * 1000L + 250);
        assertThat(newYork.convert(time, Time.SCHEMA, false, X)).isEqualTo("1970-01-01 13:05:09.250000");
    }

    @Test
    void theRecordTimestampIsADateButEpochNumbersFromFieldsStayNumbers() throws Exception {
        assertThat(values.convert(TestRecords.TIMESTAMP, null, true, X)).isEqualTo("2026-11-27 22:15:30.123000");
        assertThat(values.convert(TestRecords.TIMESTAMP, null, false, X)).isEqualTo(TestRecords.TIMESTAMP);
        assertThatThrownBy(() -> values.convert(TestRecords.TIMESTAMP, null, true, MARKER_SIZE))
                .hasMessageStartingWith("is the date 2026-11-27 22:15:30.123000; marker.size must be a number");
    }

    @Test
    void rawBytesAreReadAsUtf8Text() throws Exception {
        assertThat(convert("héllo".getBytes(StandardCharsets.UTF_8), TEXT)).isEqualTo("héllo");
        assertThat(convert(ByteBuffer.wrap("7.5".getBytes(StandardCharsets.UTF_8)), Y)).isEqualTo(7.5);
        assertThatThrownBy(() -> convert(new byte[] {(byte) 0xff, (byte) 0xfe}, TEXT))
                .hasMessage("is bytes that are not UTF-8 text");
    }

    @Test
    void containersAreRefusedByName() {
        Struct struct = new Struct(TestRecords.LOC_SCHEMA);
        assertThatThrownBy(() -> convert(struct, Y)).hasMessage(
                "is a Struct, but a point value must be a scalar (number, string, boolean or date)");
        assertThatThrownBy(() -> convert(Map.of(), X)).hasMessageStartingWith("is a map,");
        assertThatThrownBy(() -> convert(List.of(1), TEXT)).hasMessageStartingWith("is a list,");
        assertThatThrownBy(() -> convert(JsonContainer.OBJECT, Y)).hasMessageStartingWith("is a JSON object,");
        assertThatThrownBy(() -> convert(new int[] {1}, Y)).hasMessageStartingWith("is an array,");
        assertThatThrownBy(() -> convert(java.time.Instant.EPOCH, Y))
                .hasMessageStartingWith("is a value of unsupported type java.time.Instant,");
    }

    @Test
    void logicalDecimalSchemaValuesAreKeptExact() throws Exception {
        Schema decimal = org.apache.kafka.connect.data.Decimal.schema(2);
        assertThat(values.convert(new BigDecimal("10.25"), decimal, false, Y)).isEqualTo(new BigDecimal("10.25"));
    }
}
