package io.plotstream.protocol;

/**
 * Plotly's date strings ({@code YYYY-MM-DD HH:MM:SS.fff...}, no zone) to and from a count of
 * milliseconds, in the proleptic Gregorian calendar. The connector writes them and the server
 * reads and answers them, so both use this one calendar. Allocation-free apart from the result
 * string: the connector formats on its hot path.
 */
public final class PlotlyDateText {

    public static final int MIN_YEAR = 0;
    public static final int MAX_YEAR = 9999;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private PlotlyDateText() {
    }

    /**
     * Milliseconds since 1970-01-01 00:00 (of whatever zone the caller shifted them into) as a
     * Plotly date string with {@code fractionDigits} digits after the seconds: 3 for milliseconds,
     * 6 for microseconds (the last three then 000).
     *
     * @throws IllegalArgumentException when the year is outside 0000-9999, which plotly.js cannot read
     */
    public static String format(long millis, int fractionDigits) {
        if (fractionDigits != 3 && fractionDigits != 6) {
            throw new IllegalArgumentException("fraction digits must be 3 or 6, was " + fractionDigits);
        }
        long days = Math.floorDiv(millis, MILLIS_PER_DAY);
        int millisOfDay = (int) Math.floorMod(millis, MILLIS_PER_DAY);
        // Civil-from-days (H. Hinnant's algorithm), days counted from 1970-01-01.
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
        char[] out = new char[20 + fractionDigits];
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
        int fraction = millisOfDay % 1000;
        put(out, 20, fractionDigits == 3 ? fraction : fraction * 1000, fractionDigits);
        return new String(out);
    }

    /** Days since 1970-01-01 of a civil date (month 1-12, day 1-31). */
    public static long daysFromCivil(int year, int month, int day) {
        int y = year - (month <= 2 ? 1 : 0);
        long era = Math.floorDiv(y, 400);
        long yearOfEra = y - era * 400;
        long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    private static void put(char[] out, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
