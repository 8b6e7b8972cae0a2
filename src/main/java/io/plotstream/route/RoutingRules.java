package io.plotstream.route;

import io.plotstream.point.FieldRef;
import io.plotstream.protocol.StreamToken;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where points go, in order of precedence: the series' own token, the token named by a record
 * field, the token mapped from the record key, the first matching topic route (exact names before
 * regexes), then the default token. Any of them may be absent (empty map / null).
 */
public final class RoutingRules {
    private final Map<String, String> seriesTokens;
    private final FieldRef tokenField;
    private final Map<String, String> keyTokens;
    private final List<TopicRoute> topicRoutes;
    private final String defaultToken;

    public RoutingRules(Map<String, String> seriesTokens, FieldRef tokenField, Map<String, String> keyTokens,
                        List<TopicRoute> topicRoutes, String defaultToken) {
        this.seriesTokens = seriesTokens;
        this.tokenField = tokenField;
        this.keyTokens = keyTokens;
        this.topicRoutes = topicRoutes;
        this.defaultToken = defaultToken;
    }

    public Map<String, String> seriesTokens() {
        return seriesTokens;
    }

    public FieldRef tokenField() {
        return tokenField;
    }

    public Map<String, String> keyTokens() {
        return keyTokens;
    }

    public List<TopicRoute> topicRoutes() {
        return topicRoutes;
    }

    public String defaultToken() {
        return defaultToken;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RoutingRules)) {
            return false;
        }
        RoutingRules other = (RoutingRules) o;
        return Objects.equals(seriesTokens, other.seriesTokens) && Objects.equals(tokenField, other.tokenField)
                && Objects.equals(keyTokens, other.keyTokens) && Objects.equals(topicRoutes, other.topicRoutes)
                && Objects.equals(defaultToken, other.defaultToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seriesTokens, tokenField, keyTokens, topicRoutes, defaultToken);
    }

    @Override
    public String toString() {
        // Tokens are credentials: only their masked form is ever printed.
        return "RoutingRules[seriesTokens=" + masked(seriesTokens) + ", tokenField=" + tokenField + ", keyTokens="
                + masked(keyTokens) + ", topicRoutes=" + topicRoutes + ", defaultToken="
                + (defaultToken == null ? null : StreamToken.mask(defaultToken)) + "]";
    }

    private static Map<String, String> masked(Map<String, String> tokens) {
        if (tokens == null) {
            return null;
        }
        Map<String, String> masked = new java.util.LinkedHashMap<>();
        tokens.forEach((name, token) -> masked.put(name, StreamToken.mask(token)));
        return masked;
    }
}
