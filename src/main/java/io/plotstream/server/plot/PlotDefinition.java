package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** A validated figure: its layout and traces (see {@link Figures#parse}). */
public record PlotDefinition(ObjectNode layout, List<TraceDefinition> traces) {
}
