package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * A validated figure (see {@link Figures#parse}).
 *
 * @param thresholds the figure's validated {@code "thresholds"} (empty when none), drawn as layout shapes in snapshots
 */
public record PlotDefinition(ObjectNode layout, List<TraceDefinition> traces, ArrayNode thresholds) {

    public PlotDefinition(ObjectNode layout, List<TraceDefinition> traces) {
        this(layout, traces, JsonNodeFactory.instance.arrayNode());
    }
}
