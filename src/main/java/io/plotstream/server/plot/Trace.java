package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A trace of a live plot: its attributes and, when streamed, its window. Guarded by the owning {@link Plot}. */
final class Trace {
    final ObjectNode attributes;
    final String token;
    final TraceWindow window;

    Trace(TraceDefinition definition) {
        this.attributes = definition.attributes().deepCopy();
        this.token = definition.token();
        if (definition.streamed()) {
            window = new TraceWindow(definition.maxPoints());
            if (definition.hasInitialData()) {
                window.overwrite(definition.initialColumns());
            }
        } else {
            window = null;
        }
    }

    /** Keeps another trace's window content (same token, kept across a definition update). */
    Trace(TraceDefinition definition, TraceWindow previous) {
        this(definition);
        if (window != null && previous != null) {
            JsonWindowCodec.copy(previous, window);
        }
    }

    boolean streamed() {
        return window != null;
    }
}
