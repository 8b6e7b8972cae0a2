package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A trace of a live plot: its attributes and, when streamed, its window (and the window's history). Guarded by the owning {@link Plot}. */
final class Trace {
    final ObjectNode attributes;
    final String token;
    final TraceWindow window;

    Trace(TraceDefinition definition, HistoryBudget budget, long nowMs) {
        this(definition, budget, nowMs, null);
    }

    /** Keeps another trace's window content and history (same token, kept across a definition update). */
    Trace(TraceDefinition definition, HistoryBudget budget, long nowMs, TraceWindow previous) {
        this.attributes = definition.attributes().deepCopy();
        this.token = definition.token();
        if (definition.streamed()) {
            TraceHistory history = null;
            if (previous != null && previous.history() != null) {
                history = previous.history();
            } else if (budget.limits().enabled()) {
                history = new TraceHistory(budget);
            }
            window = new TraceWindow(definition.maxPoints(), definition.maxAgeMs(), history);
            if (previous != null) {
                JsonWindowCodec.copy(previous, window, nowMs);
            } else if (definition.hasInitialData()) {
                window.overwrite(definition.initialColumns(), nowMs);
            }
        } else {
            window = null;
        }
    }

    boolean streamed() {
        return window != null;
    }

    /** Gives the history's bytes back to the shared budget (the trace is gone). */
    void release() {
        if (window != null && window.history() != null) {
            window.history().release();
        }
    }
}
