package io.plotstream.point;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Turns a number counting time since the epoch in a known {@link EpochUnit} into a Plotly date
 * string with microseconds, {@code YYYY-MM-DD HH:MM:SS.ffffff}, in the configured zone. Used for an
 * x whose series sets {@code x.unit}; dates (Connect Date/Timestamp) never come here.
 *
 * <p>Thread-confined like its {@link PointMapper}: it owns a {@link PlotlyDates}, which remembers
 * the last instant it wrote.
 */
final class EpochX {
    private final PlotlyDates dates;
    private final boolean numericStrings;
    /** {@code YYYY-MM-DD HH:MM:SS.ffffff}: 26 characters. */
    private final char[] scratch = new char[26];

    EpochX(MappingOptions options) {
        this.dates = new PlotlyDates(options.zone());
        this.numericStrings = options.numericStrings();
    }

    /**
     * @param raw a present, non-null x: an integral or decimal number, or (numeric strings on) its text
     * @throws ValueRejectedException when it is not a number, or its instant is outside what plotly.js reads
     */
    String format(Object raw, EpochUnit unit) throws ValueRejectedException {
        long micros = micros(raw, unit);
        long millis = Math.floorDiv(micros, 1000L);
        int microsOfMilli = (int) Math.floorMod(micros, 1000L);
        String text;
        try {
            text = dates.instant(millis);
        } catch (IllegalArgumentException e) {
            throw new ValueRejectedException("is " + raw + " " + unit.word() + " since the epoch (plotly.x.unit="
                    + unit.word() + "), a date plotly.js cannot show: " + e.getMessage());
        }
        if (microsOfMilli == 0) {
            return text; // PlotlyDates writes six fraction digits, the last three 000
        }
        // Replace the three trailing zeros with the microseconds in a reused buffer (no extra copy).
        int end = text.length();
        text.getChars(0, end, scratch, 0);
        scratch[end - 3] = (char) ('0' + microsOfMilli / 100);
        scratch[end - 2] = (char) ('0' + microsOfMilli / 10 % 10);
        scratch[end - 1] = (char) ('0' + microsOfMilli % 10);
        return new String(scratch, 0, end);
    }

    private long micros(Object raw, EpochUnit unit) throws ValueRejectedException {
        Object number = raw;
        if (raw instanceof String && numericStrings) {
            Number parsed = NumericText.parse((String) raw);
            number = parsed == null ? raw : parsed;
        }
        try {
            if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
                long value = ((Number) number).longValue();
                int shift = unit.toMicrosShift();
                if (shift >= 0) {
                    return Math.multiplyExact(value, POWERS_OF_TEN[shift]);
                }
                return Math.floorDiv(value, POWERS_OF_TEN[-shift]);
            }
            BigDecimal decimal;
            if (number instanceof BigDecimal) {
                decimal = (BigDecimal) number;
            } else if (number instanceof BigInteger) {
                decimal = new BigDecimal((BigInteger) number);
            } else if (number instanceof Double || number instanceof Float) {
                double d = ((Number) number).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new ValueRejectedException("is " + d + ", not a time (plotly.x.unit=" + unit.word() + ")");
                }
                decimal = new BigDecimal(Double.toString(d));
            } else {
                throw new ValueRejectedException("is " + PlotlyValues.describe(raw) + ", but plotly.x.unit="
                        + unit.word() + " needs a number of " + unit.word() + " since 1970-01-01T00:00Z"
                        + (raw instanceof String && !numericStrings ? " (numeric strings are off)" : ""));
            }
            return decimal.movePointRight(unit.toMicrosShift()).setScale(0, RoundingMode.FLOOR).longValueExact();
        } catch (ArithmeticException e) {
            throw new ValueRejectedException("is " + raw + " " + unit.word() + " since the epoch, too far from 1970 "
                    + "to be a date plotly.js can show (plotly.x.unit=" + unit.word() + ")");
        }
    }

    private static final long[] POWERS_OF_TEN = {1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L};
}
