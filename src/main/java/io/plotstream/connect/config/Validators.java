package io.plotstream.connect.config;

import io.plotstream.point.FieldRef;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** One validator per rule, each saying exactly what is wrong with the value it was given. */
final class Validators {
    private Validators() {
    }

    /** An absolute http or https URL with a host. */
    static final ConfigDef.Validator STREAM_URL = (name, value) -> {
        String text = (String) value;
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new ConfigException(name, text, "must start with http:// or https://");
            }
            if (uri.getHost() == null) {
                throw new ConfigException(name, text, "has no host");
            }
            if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
                throw new ConfigException(name, text, "must not have a path: streams always POST to /");
            }
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(name, text, "is not a URL: " + e.getMessage());
        }
    };

    /** Empty, or a field reference {@link FieldRef#parse} accepts. */
    static final ConfigDef.Validator FIELD_REF = (name, value) -> {
        String text = (String) value;
        if (text == null || text.isBlank()) {
            return;
        }
        try {
            FieldRef.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, text, e.getMessage());
        }
    };

    static final ConfigDef.Validator ZONE = (name, value) -> {
        try {
            ZoneId.of((String) value);
        } catch (DateTimeException e) {
            throw new ConfigException(name, value, "is not a time zone id (e.g. UTC, Europe/Paris): " + e.getMessage());
        }
    };

    /** A {@code name=token} map whose names are all valid regexes (topic routes). */
    static final ConfigDef.Validator TOPIC_TOKENS = (name, value) -> {
        for (String topic : TokenMap.parse(name, passwordText(value)).keySet()) {
            try {
                Pattern.compile(topic);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(name, "[hidden]", "topic pattern '" + topic + "' is not a valid regex: "
                        + e.getDescription());
            }
        }
    };

    /** A {@code name=token} map. */
    static final ConfigDef.Validator TOKEN_MAP = (name, value) -> TokenMap.parse(name, passwordText(value));

    static String passwordText(Object value) {
        return value == null ? null : ((Password) value).value();
    }
}
