package io.plotstream.point;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a series' y must be ({@code plotly.y.type}). A y that does not fit is a bad record, not a
 * point plotly.js would silently hide or turn into a category on a numeric plot.
 */
public enum YType {
    /** A number (a numeric string too, when numeric strings are on). The default. */
    NUMBER,
    /** A date: a Connect Date/Time/Timestamp, the record timestamp, a date string, or epoch milliseconds. */
    DATE,
    /** Anything scalar, shown as a category: numbers and booleans are sent as text. */
    CATEGORY,
    /** Anything scalar, sent as it is (plotly.js decides). */
    ANY;

    /** What plotly.js takes as a date string: {@code YYYY-MM-DD}, optionally with a time. */
    private static final Pattern DATE_TEXT =
            Pattern.compile("\\d{4}-\\d{2}(-\\d{2}([ T]\\d{2}(:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?)?)?)?");

    /** Parses a configuration value ({@code number}, {@code date}, {@code category}, {@code any}). */
    public static YType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not a y type: use number, date, category or any");
        }
    }

    /** The configuration word. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Checks a converted y and returns what is sent: the value itself, or its text for
     * {@link #CATEGORY}.
     *
     * @param converted what {@link PlotlyValues} made of the raw value
     * @param fromDate  whether it came from a date (a Connect date type or the record timestamp)
     * @throws ValueRejectedException saying what the value was and what this type needs
     */
    Object apply(Object converted, boolean fromDate) throws ValueRejectedException {
        switch (this) {
            case NUMBER:
                if (converted instanceof Number && !fromDate) {
                    return converted;
                }
                throw rejected(converted, fromDate, "a number");
            case DATE:
                if (fromDate || converted instanceof Number
                        || (converted instanceof String && DATE_TEXT.matcher(((String) converted).strip()).matches())) {
                    return converted;
                }
                throw rejected(converted, false, "a date (a date type, YYYY-MM-DD[ HH:MM:SS[.ffffff]] or epoch milliseconds)");
            case CATEGORY:
                return converted instanceof String ? converted : String.valueOf(converted);
            default:
                return converted;
        }
    }

    private ValueRejectedException rejected(Object converted, boolean fromDate, String needs) {
        String was;
        if (fromDate) {
            was = "the date " + converted;
        } else if (converted instanceof String) {
            String s = (String) converted;
            was = "the text \"" + (s.length() <= 40 ? s : s.substring(0, 40) + "...") + "\"";
        } else if (converted instanceof Boolean) {
            was = "the boolean " + converted;
        } else {
            was = String.valueOf(converted);
        }
        return new ValueRejectedException("is " + was + ", but y must be " + needs + " (plotly.y.type=" + word()
                + "; category or any plot other values)");
    }
}
