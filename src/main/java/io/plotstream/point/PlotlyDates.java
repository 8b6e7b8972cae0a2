package io.plotstream.point;

import io.plotstream.protocol.PlotlyDateText;
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
        return PlotlyDateText.format(localMillis, 6); // Kafka times are milliseconds: micros end in 000
    }
}
