package io.plotstream.connect.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Parses the {@code name=token,name=token} maps used for topic, key and series routing. Order is
 * kept (topic regexes are tried in the order written). The last {@code =} of an entry separates
 * name from token, since tokens never contain one but a regex might. Messages never echo a token.
 */
public final class TokenMap {
    private TokenMap() {
    }

    public static Map<String, String> parse(String configKey, String text) {
        Map<String, String> map = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return map;
        }
        String[] entries = text.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new ConfigException(configKey, "[hidden]", "entry " + (i + 1)
                        + " is not of the form name=token (entries are separated by commas)");
            }
            String name = entry.substring(0, eq).trim();
            String token = entry.substring(eq + 1).trim();
            if (name.isEmpty() || token.isEmpty()) {
                throw new ConfigException(configKey, "[hidden]", "entry " + (i + 1) + " has an empty name or token");
            }
            if (map.put(name, token) != null) {
                throw new ConfigException(configKey, "[hidden]", "'" + name + "' is mapped twice");
            }
        }
        return map;
    }
}
