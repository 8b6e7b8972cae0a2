package io.plotstream.point;

import io.plotstream.protocol.ShortestDouble;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Converts an extracted value into what plotly.js accepts for one point attribute.
 *
 * <ul>
 *   <li>Numbers stay numbers: Integer, Long, Float, Double, BigInteger, BigDecimal (exact); Byte
 *       and Short widen to Integer. NaN and ±Infinity are refused (JSON has no way to say them).</li>
 *   <li>Dates: a Connect Timestamp (or the record timestamp) is written as
 *       {@code YYYY-MM-DD HH:MM:SS.ffffff} in the configured zone; a Connect Date or Time is
 *       zone-free and written as it is (Time on 1970-01-01). Epoch numbers read from fields stay
 *       numbers: only the schema (or the {@code timestamp} reference) says a number is a date.</li>
 *   <li>Raw bytes (a ByteArrayConverter header or value) are read as UTF-8 text.</li>
 *   <li>Per attribute: {@code x} takes a number, string, date or boolean; {@code y} the same, and a
 *       numeric string becomes a number when numeric strings are on; the series' {@link YType} then
 *       decides whether that y is acceptable (by default it must be a number); {@code marker.size} must be a number (or a numeric
 *       string when numeric strings are on); {@code marker.color} a string (name, #rgb) or a
 *       number (for a colour scale); {@code text} anything scalar, written as a string.</li>
 *   <li>Structs, maps, lists, JSON objects/arrays are refused: a point attribute is a scalar.</li>
 *   <li>Strings longer than the configured maximum are refused.</li>
 * </ul>
 */
final class PlotlyValues {
    private static final int QUOTE_LIMIT = 40;

    private final PlotlyDates dates;
    private final boolean numericStrings;
    private final int maxValueChars;

    PlotlyValues(MappingOptions options) {
        this.dates = new PlotlyDates(options.zone());
        this.numericStrings = options.numericStrings();
        this.maxValueChars = options.maxValueChars();
    }

    /** The record timestamp (or any epoch-millis instant) as a Plotly date string. */
    String timestamp(long epochMillis) throws ValueRejectedException {
        try {
            return dates.instant(epochMillis);
        } catch (IllegalArgumentException e) {
            throw new ValueRejectedException("is a date plotly.js cannot show: " + e.getMessage());
        }
    }

    /**
     * @param raw             a non-null, present value as extracted
     * @param schema          its Connect schema when known (decides how a java.util.Date is written)
     * @param recordTimestamp whether {@code raw} is the record timestamp (epoch millis meant as a date)
     */
    Object convert(Object raw, Schema schema, boolean recordTimestamp, PointField field) throws ValueRejectedException {
        if (raw instanceof Number) {
            Number number = (Number) raw;
            if (recordTimestamp) {
                return dated(timestamp(number.longValue()), field);
            }
            return number(number, field);
        }
        if (raw instanceof String) {
            return text((String) raw, field);
        }
        if (raw instanceof Boolean) {
            return bool((Boolean) raw, field);
        }
        if (raw instanceof java.util.Date) {
            return dated(date((java.util.Date) raw, schema), field);
        }
        if (raw instanceof byte[] || raw instanceof ByteBuffer) {
            return text(utf8(raw), field);
        }
        if (raw instanceof Character) {
            return text(raw.toString(), field);
        }
        throw new ValueRejectedException("is " + describe(raw) + ", but a point value must be a scalar "
                + "(number, string, boolean or date)");
    }

    private Object number(Number number, PointField field) throws ValueRejectedException {
        if (field == PointField.TEXT) {
            return checkedLength(text(number));
        }
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d)) {
                throw new ValueRejectedException("is NaN; JSON cannot carry NaN");
            }
            if (Double.isInfinite(d)) {
                String word = d > 0 ? "Infinity" : "-Infinity";
                throw new ValueRejectedException("is " + word + "; JSON cannot carry " + word);
            }
            return number;
        }
        if (number instanceof Byte || number instanceof Short) {
            return number.intValue();
        }
        if (number instanceof Integer || number instanceof Long || number instanceof BigInteger
                || number instanceof BigDecimal) {
            return number;
        }
        // Other Number implementations (AtomicLong, ...) are not known to serialisers; pin them down.
        return new BigDecimal(number.toString());
    }

    /** A number as text: a finite double in the digits y would get on the wire, whatever the worker's Java. */
    private static String text(Number number) {
        if (number instanceof BigDecimal) {
            return ((BigDecimal) number).toPlainString();
        }
        if (number instanceof Double && Double.isFinite(number.doubleValue())) {
            return ShortestDouble.toString(number.doubleValue());
        }
        return number.toString();
    }

        private Object text(String text, PointField field) throws ValueRejectedException {
        checkedLength(text);
        boolean numericField = field == PointField.Y || field == PointField.MARKER_SIZE;
        if (numericField && numericStrings) {
            Number parsed = NumericText.parse(text);
            if (parsed != null) {
                return number(parsed, field);
            }
            String nonFinite = NumericText.nonFiniteWord(text);
            if (nonFinite != null) {
                throw new ValueRejectedException("is the text \"" + text.strip() + "\"; JSON cannot carry " + nonFinite);
            }
        }
        if (field == PointField.MARKER_SIZE) {
            throw new ValueRejectedException("is the text \"" + quote(text) + "\"; marker.size must be a number"
                    + (numericStrings ? "" : " (numeric strings are off)"));
        }
        return text;
    }

    private Object bool(Boolean bool, PointField field) throws ValueRejectedException {
        switch (field) {
            case TEXT:
                return bool.toString();
            case MARKER_COLOR:
                throw new ValueRejectedException("is a boolean; marker.color must be a string or a number");
            case MARKER_SIZE:
                throw new ValueRejectedException("is a boolean; marker.size must be a number");
            default:
                return bool;
        }
    }

    private Object dated(String dateText, PointField field) throws ValueRejectedException {
        if (field == PointField.MARKER_SIZE) {
            throw new ValueRejectedException("is the date " + dateText + "; marker.size must be a number");
        }
        return dateText;
    }

    private String date(java.util.Date date, Schema schema) throws ValueRejectedException {
        String logical = schema == null ? null : schema.name();
        try {
            if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(logical)
                    || org.apache.kafka.connect.data.Time.LOGICAL_NAME.equals(logical)) {
                return PlotlyDates.wallClock(date.getTime());
            }
            return dates.instant(date.getTime());
        } catch (IllegalArgumentException e) {
            throw new ValueRejectedException("is a date plotly.js cannot show: " + e.getMessage());
        }
    }

    private String checkedLength(String text) throws ValueRejectedException {
        if (text.length() > maxValueChars) {
            throw new ValueRejectedException("is a string of " + text.length() + " characters, over the limit of "
                    + maxValueChars);
        }
        return text;
    }

    private static String utf8(Object bytes) throws ValueRejectedException {
        ByteBuffer buffer = bytes instanceof byte[] ? ByteBuffer.wrap((byte[]) bytes) : ((ByteBuffer) bytes).duplicate();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ValueRejectedException("is bytes that are not UTF-8 text");
        }
    }

    private static String quote(String text) {
        return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "...";
    }

    static String describe(Object value) {
        if (value instanceof Struct) {
            return "a Struct";
        }
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof JsonContainer) {
            return value.toString();
        }
        if (value != null && value.getClass().isArray()) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a value of unsupported type " + (value == null ? "null" : value.getClass().getName());
    }
}
