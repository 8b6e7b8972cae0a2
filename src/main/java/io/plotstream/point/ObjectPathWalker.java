package io.plotstream.point;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Follows a precompiled path through the in-memory shapes converters produce: {@link Struct} (with
 * schema), {@link Map} and {@link List} (schemaless JSON, or Connect MAP/ARRAY fields).
 *
 * <p>Semantics, the same as {@link JsonFieldScanner}'s on JSON text: a step that does not fit the
 * container (a name on a list, an index on a struct or map, any step into a scalar) means the path
 * does not exist ({@link FieldRef#MISSING}); a null on the way means the value is null.
 */
final class ObjectPathWalker {
    private ObjectPathWalker() {
    }

    static void walk(Object root, Schema rootSchema, PathSegment[] path, Extraction out) {
        Object current = root;
        Schema schema = rootSchema;
        for (PathSegment step : path) {
            if (current == null) {
                out.set(null, null);
                return;
            }
            if (current instanceof Struct) {
                Struct struct = (Struct) current;
                Field field = step.name() == null ? null : struct.schema().field(step.name());
                if (field == null) {
                    out.set(FieldRef.MISSING, null);
                    return;
                }
                current = struct.get(field);
                schema = field.schema();
            } else if (current instanceof Map<?, ?>) {
                Map<?, ?> map = (Map<?, ?>) current;
                Object next = step.name() == null ? FieldRef.MISSING : mapEntry(map, step.name(), schema);
                if (next == FieldRef.MISSING) {
                    out.set(FieldRef.MISSING, null);
                    return;
                }
                current = next;
                schema = schema != null && schema.type() == Schema.Type.MAP ? schema.valueSchema() : null;
            } else if (current instanceof List<?>) {
                List<?> list = (List<?>) current;
                int index = step.index();
                if (index < 0 || index >= list.size()) {
                    out.set(FieldRef.MISSING, null);
                    return;
                }
                current = list.get(index);
                schema = schema != null && schema.type() == Schema.Type.ARRAY ? schema.valueSchema() : null;
            } else {
                out.set(FieldRef.MISSING, null);
                return;
            }
        }
        out.set(current, schema);
    }

    /**
     * String keys are the common case (schemaless JSON). Connect MAP fields may have other key
     * types (e.g. INT32), so on a miss against such a map the key's text form is compared instead.
     */
    private static Object mapEntry(Map<?, ?> map, String name, Schema schema) {
        try {
            Object value = map.get(name);
            if (value != null || map.containsKey(name)) {
                return value;
            }
        } catch (ClassCastException | NullPointerException sortedMapOfOtherKeys) {
            // a TreeMap of non-String keys cannot even be asked; fall through to the text comparison
        }
        if (map.isEmpty() || !hasNonStringKeys(map, schema)) {
            return FieldRef.MISSING;
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() != null && name.equals(entry.getKey().toString())) {
                return entry.getValue();
            }
        }
        return FieldRef.MISSING;
    }

    private static boolean hasNonStringKeys(Map<?, ?> map, Schema schema) {
        if (schema != null && schema.type() == Schema.Type.MAP) {
            return schema.keySchema().type() != Schema.Type.STRING;
        }
        Object firstKey = map.keySet().iterator().next();
        return !(firstKey instanceof String);
    }
}
