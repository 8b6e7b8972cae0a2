package io.plotstream.server.plot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Merges an update into a plotly object the way relayout/restyle do: objects merge, null removes, anything else replaces. */
final class JsonMerge {
    private JsonMerge() {
    }

    static void merge(ObjectNode target, ObjectNode update) {
        for (Map.Entry<String, JsonNode> field : update.properties()) {
            JsonNode value = field.getValue();
            JsonNode existing = target.get(field.getKey());
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, (ObjectNode) value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }
}
