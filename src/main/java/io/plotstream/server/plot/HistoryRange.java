package io.plotstream.server.plot;

/**
 * The parameters of a history read ({@code GET /api/plots/{id}/history?from=&to=&points=}, and the
 * range of {@code data.csv}), validated against the plot's x kind.
 *
 * <p>{@code from}/{@code to}: a number, or a Plotly date string ({@code 2026-12-01 10:00:00.000},
 * ISO {@code 2026-12-01T10:00:00Z}), matching the plot's x (dates for a date x, numbers for numbers;
 * either while the plot has no x yet); absent means open on that side. Bounds: finite, dates in
 * years 0000..9999 (what plotly.js draws); the width of the range is not limited otherwise, since
 * the answer is bounded by {@code points} and the work by the history's fixed size.
 * {@code points}: 1..{@value #MAX_POINTS}, default {@value #DEFAULT_POINTS}.
 *
 * @param from   lower bound (x units; epoch millis for dates), -Infinity when open
 * @param to     upper bound, +Infinity when open
 * @param points most points per trace in the answer
 */
public record HistoryRange(double from, double to, int points) {

    public static final int DEFAULT_POINTS = 1000;
    public static final int MAX_POINTS = 20_000;
    private static final double MAX_NUMBER = 1e300;
    private static final long MIN_DATE = PlotlyTime.parseDate("0000-01-01");
    private static final long MAX_DATE = PlotlyTime.parseDate("9999-12-31 23:59:59.999");

    /**
     * @throws IllegalArgumentException with a message naming the parameter ({@code from: ...}),
     *                                  or saying {@code from ... is after to ...}
     */
    public static HistoryRange parse(String from, String to, String points, XKind kind) {
        double lo = bound("from", from, kind, Double.NEGATIVE_INFINITY);
        double hi = bound("to", to, kind, Double.POSITIVE_INFINITY);
        if (lo > hi) {
            throw new IllegalArgumentException("from " + from.trim() + " is after to " + to.trim());
        }
        int n = DEFAULT_POINTS;
        if (points != null && !points.isBlank()) {
            try {
                n = Integer.parseInt(points.trim());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_POINTS) {
                throw new IllegalArgumentException("points: expected a whole number 1.." + MAX_POINTS + ", was '" + points + "'");
            }
        }
        return new HistoryRange(lo, hi, n);
    }

    /** Whether either bound was given (data.csv without them exports the windows as before). */
    public static boolean given(String from, String to) {
        return (from != null && !from.isBlank()) || (to != null && !to.isBlank());
    }

    private static double bound(String name, String text, XKind kind, double open) {
        if (text == null || text.isBlank()) {
            return open;
        }
        String v = text.trim();
        long date = PlotlyTime.parseDate(v);
        if (date != PlotlyTime.NOT_A_DATE) {
            if (kind == XKind.NUMBERS) {
                throw new IllegalArgumentException(name + ": the plot's x values are numbers, was the date '" + v + "'");
            }
            if (date < MIN_DATE || date > MAX_DATE) {
                throw new IllegalArgumentException(name + ": '" + v + "' is outside the years 0000..9999");
            }
            return date;
        }
        double number;
        try {
            number = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected " + (kind == XKind.DATES ? "a date like 2026-12-01 10:00:00"
                    : kind == XKind.NUMBERS ? "a number" : "a number or a date like 2026-12-01 10:00:00") + ", was '" + v + "'");
        }
        if (Double.isNaN(number) || Math.abs(number) > MAX_NUMBER) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not a finite number within ±1e300");
        }
        if (kind == XKind.DATES) {
            throw new IllegalArgumentException(name + ": the plot's x values are dates; expected a date like 2026-12-01 10:00:00, was '" + v + "'");
        }
        return number;
    }
}
