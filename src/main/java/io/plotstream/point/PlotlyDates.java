package io.plotstream.point;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * Writes epoch milliseconds as Plotly date strings, {@code YYYY-MM-DD HH:MM:SS.ffffff}, the form
 * plotly.js reads without guessing. Formatted by hand into one char array: this runs for the x of
 * nearly every point (x defaults to the record timestamp).
 *
 * <p>Remembers the last instant it wrote: every series of a record, and records produced in the
 * same millisecond, share one string. That makes an instance thread-confined, like its mapper.
 */
final class PlotlyDates {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** plotly.js date axes read four-digit years. */
    private static final int MIN_YEAR = 0;
    private static final int MAX_YEAR = 9999;

    private final ZoneRules rules;
    private final int fixedOffsetMillis;
    private final boolean fixed;
    private long lastInstant;
    private String lastInstantText;

    PlotlyDates(ZoneId zone) {
        this.rules = zone.getRules();
        this.fixed = rules.isFixedOffset();
        this.fixedOffsetMillis = fixed ? rules.getOffset(Instant.EPOCH).getTotalSeconds() * 1000 : 0;
    }

    /** An instant (record timestamp, Connect Timestamp), as wall-clock time in the configured zone. */
    String instant(long epochMillis) {
        if (lastInstantText != null && epochMillis == lastInstant) {
            return lastInstantText;
        }
        int offset = fixed ? fixedOffsetMillis : rules.getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds() * 1000;
        String text = format(epochMillis + offset);
        lastInstant = epochMillis;
        lastInstantText = text;
        return text;
    }

    /**
     * A Connect Date (midnight UTC of the day) or Time (milliseconds of the day on 1970-01-01 UTC):
     * zone-free values, so they are written as they are, never shifted into the configured zone.
     */
    static String wallClock(long epochMillis) {
        return format(epochMillis);
    }

    /** @throws IllegalArgumentException when the year is outside what plotly.js reads */
    private static String format(long localMillis) {
        long days = Math.floorDiv(localMillis, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(localMillis, MILLIS_PER_DAY);
        // Civil-from-days (proleptic Gregorian), days counted from 1970-01-01.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new IllegalArgumentException("year " + year + " is outside 0000-9999");
        }
        char[] out = new char[26];
        put(out, 0, (int) year, 4);
        out[4] = '-';
        put(out, 5, month, 2);
        out[7] = '-';
        put(out, 8, day, 2);
        out[10] = ' ';
        int seconds = millisOfDay / 1000;
        put(out, 11, seconds / 3600, 2);
        out[13] = ':';
        put(out, 14, seconds / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, seconds % 60, 2);
        out[19] = '.';
        put(out, 20, millisOfDay % 1000 * 1000, 6); // Kafka times are milliseconds: micros end in 000
        return new String(out);
    }

    private static void put(char[] out, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
