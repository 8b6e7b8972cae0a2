package io.plotstream.config;

import io.plotstream.connect.PlotlyStreamSinkConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Renders the connector's {@link ConfigDef} as the Markdown of {@code docs/CONFIGURATION.md}:
 * one section per group in definition order, one table row per key. The file is generated, never
 * edited by hand; {@link ConfigReferenceTest} fails when it drifts from the code.
 */
final class ConfigReference {

    static final Path FILE = Path.of("docs", "CONFIGURATION.md");

    private ConfigReference() {
    }

    static String render(ConfigDef def) {
        StringBuilder out = new StringBuilder();
        out.append("# Configuration reference\n\n")
                .append("<!-- Generated from PlotlyStreamSinkConfig.configDef() by ConfigReference (src/test). ")
                .append("Do not edit: run\n     mvn -o test -Dtest=ConfigReferenceTest -Dconfig.reference.write=true -->\n\n")
                .append("Every key of `").append(PlotlyStreamSinkConfig.class.getName()).append("`. Keys of type ")
                .append("`password` hold stream tokens or key store passwords: Connect masks them over REST and ")
                .append("in logs, and no default is shown here. Connect's own keys (`connector.class`, `topics`, ")
                .append("`tasks.max`, converters, `errors.*`) are documented by Apache Kafka.\n\n")
                .append("Per-series keys `plotly.series.<name>.(x|x.unit|y|y.type|text|marker.color|marker.size)` are not listed: ")
                .append("each overrides the top-level key of the same suffix for series `<name>` of `plotly.series`.\n\n");
        Map<String, List<ConfigKey>> groups = groups(def);
        for (String group : groups.keySet()) {
            out.append("- [").append(group).append("](#").append(anchor(group)).append(")\n");
        }
        for (Map.Entry<String, List<ConfigKey>> group : groups.entrySet()) {
            out.append("\n## ").append(group.getKey()).append("\n\n")
                    .append("| Key | Type | Default | Valid values | Importance | Description |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (ConfigKey key : group.getValue()) {
                out.append("| `").append(key.name).append("` | ")
                        .append(key.type.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                        .append(defaultOf(key)).append(" | ")
                        .append(validValuesOf(key)).append(" | ")
                        .append(key.importance.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                        .append(cell(key.documentation)).append(" |\n");
            }
        }
        return out.toString();
    }

    /** Groups in the order the ConfigDef lists them, keys by their order in the group. */
    private static Map<String, List<ConfigKey>> groups(ConfigDef def) {
        Map<String, List<ConfigKey>> groups = new LinkedHashMap<>();
        for (String group : def.groups()) {
            groups.put(group, new ArrayList<>());
        }
        for (ConfigKey key : def.configKeys().values()) {
            groups.computeIfAbsent(key.group == null ? "Other" : key.group, g -> new ArrayList<>()).add(key);
        }
        groups.values().forEach(keys -> keys.sort(java.util.Comparator.comparingInt(k -> k.orderInGroup)));
        return groups;
    }

    private static String defaultOf(ConfigKey key) {
        if (key.type == Type.PASSWORD) {
            return "—"; // never print a secret, not even an example one
        }
        if (!key.hasDefault()) {
            return "*required*";
        }
        Object value = key.defaultValue;
        if (value == null) {
            return "null";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "\"\"" : "`" + list.stream().map(String::valueOf).collect(Collectors.joining(",")) + "`";
        }
        String text = String.valueOf(value);
        return text.isEmpty() ? "\"\"" : "`" + cellText(text) + "`";
    }

    private static String validValuesOf(ConfigKey key) {
        if (key.validator == null) {
            return "";
        }
        String text = key.validator.toString();
        // Lambda validators print as class names (Foo$$Lambda/0x...): nothing a reader can use.
        return text.contains("$$Lambda") || text.contains("$Lambda") ? "" : cell(text);
    }

    private static String cell(String text) {
        return text == null ? "" : cellText(text);
    }

    /** Markdown table cells must not contain raw pipes or line breaks. */
    private static String cellText(String text) {
        return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    private static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
    }
}
