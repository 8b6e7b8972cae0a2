package io.plotstream.point;

import java.util.Locale;

/**
 * The unit of a numeric x that counts time since 1970-01-01T00:00Z ({@code plotly.x.unit}). Without
 * it a number stays a number, because nothing else says a {@code long} is a time: Avro's
 * {@code timestamp-micros}, for one, reaches the connector as a plain {@code long}.
 */
public enum EpochUnit {
    /** Seconds (fractions allowed: 1700000000.25). */
    S(6),
    /** Milliseconds. */
    MS(3),
    /** Microseconds (Avro {@code timestamp-micros}). */
    US(0),
    /** Nanoseconds: digits below a microsecond are dropped (rounded towards the past). */
    NS(-3);

    /** Decimal places to move the point right to turn this unit into microseconds. */
    private final int toMicrosShift;

    EpochUnit(int toMicrosShift) {
        this.toMicrosShift = toMicrosShift;
    }

    /** Parses a configuration value: {@code s}, {@code ms}, {@code us} or {@code ns} (any case). */
    public static EpochUnit parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not an epoch unit: use s, ms, us or ns");
        }
    }

    /** The configuration word. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    int toMicrosShift() {
        return toMicrosShift;
    }
}
