package io.plotstream.server.plot;

import io.plotstream.protocol.PlotlyDateText;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plotly date strings and durations, read and written by hand (the date parse runs for the x of
 * every point of a trace with a time window or a history, so it allocates nothing).
 *
 * <p>Dates: {@code YYYY-MM-DD}, optionally followed by {@code ' '} or {@code 'T'} and
 * {@code HH}, {@code HH:MM}, {@code HH:MM:SS} or {@code HH:MM:SS.f...} (any number of fraction
 * digits, read to the millisecond), optionally ended by {@code Z} or an offset {@code ±HH:MM}.
 * A string without zone is read as UTC, as plotly.js draws it (plotly dates carry no zone).
 */
public final class PlotlyTime {

    /** Returned by {@link #parseDate} for a string that is not a date. */
    public static final long NOT_A_DATE = Long.MIN_VALUE;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private PlotlyTime() {
    }

    /** Epoch millis of a Plotly date string, or {@link #NOT_A_DATE}. */
    public static long parseDate(CharSequence s) {
        int n = s.length();
        if (n < 10 || n > 40 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return NOT_A_DATE;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
            return NOT_A_DATE;
        }
        int hour = 0;
        int minute = 0;
        int second = 0;
        int millis = 0;
        int i = 10;
        if (i < n && (s.charAt(i) == ' ' || s.charAt(i) == 'T')) {
            i++;
            hour = digits(s, i, 2);
            if (hour < 0 || hour > 23) {
                return NOT_A_DATE;
            }
            i += 2;
            if (i < n && s.charAt(i) == ':') {
                minute = digits(s, i + 1, 2);
                if (minute < 0 || minute > 59) {
                    return NOT_A_DATE;
                }
                i += 3;
                if (i < n && s.charAt(i) == ':') {
                    second = digits(s, i + 1, 2);
                    if (second < 0 || second > 60) {
                        return NOT_A_DATE;
                    }
                    i += 3;
                    if (i < n && s.charAt(i) == '.') {
                        i++;
                        int scale = 100;
                        int start = i;
                        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                            millis += (s.charAt(i) - '0') * scale;
                            scale /= 10;
                            i++;
                        }
                        if (i == start) {
                            return NOT_A_DATE;
                        }
                    }
                }
            }
        }
        long offsetMillis = 0;
        if (i < n) {
            char c = s.charAt(i);
            if (c == 'Z' && i == n - 1) {
                i++;
            } else if ((c == '+' || c == '-') && n - i == 6 && s.charAt(i + 3) == ':') {
                int oh = digits(s, i + 1, 2);
                int om = digits(s, i + 4, 2);
                if (oh < 0 || om < 0) {
                    return NOT_A_DATE;
                }
                offsetMillis = (c == '+' ? 1 : -1) * (oh * 3_600_000L + om * 60_000L);
                i = n;
            } else {
                return NOT_A_DATE;
            }
        }
        return PlotlyDateText.daysFromCivil(year, month, day) * MILLIS_PER_DAY
                + hour * 3_600_000L + minute * 60_000L + second * 1000L + millis - offsetMillis;
    }

    /** Epoch millis as a Plotly date string in UTC, {@code YYYY-MM-DD HH:MM:SS.mmm}. */
    public static String formatDate(long epochMillis) {
        return PlotlyDateText.format(epochMillis, 3);
    }

    /**
     * A duration as {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} (decimals allowed:
     * {@code 1.5h}) or ISO-8601 ({@code PT5M}, {@code P1D}).
     *
     * @throws IllegalArgumentException naming what was expected
     */
    public static Duration parseDuration(String text) {
        String v = text == null ? "" : text.trim();
        Matcher m = SHORT_DURATION.matcher(v);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ms" -> 1L;
                case "s" -> 1000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                default -> MILLIS_PER_DAY;
            };
            return Duration.ofMillis(Math.round(amount * unit));
        }
        if (!v.isEmpty() && (v.charAt(0) == 'P' || v.charAt(0) == 'p')) {
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                // fall through to the message below
            }
        }
        throw new IllegalArgumentException("expected a duration like 30s, 5m, 2h, 1d or PT5M, was '" + text + "'");
    }

    private static int digits(CharSequence s, int from, int count) {
        if (from + count > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
