package io.plotstream.server.plot;

/** What a trace's x values are, as far as history and time windows care. */
public enum XKind {
    /** No point with a numeric or date x seen yet (or only categories: such a trace has no history). */
    UNKNOWN,
    NUMBERS,
    /** Plotly date strings, handled as epoch milliseconds (UTC). */
    DATES
}
