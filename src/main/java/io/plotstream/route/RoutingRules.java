package io.plotstream.route;

import io.plotstream.point.FieldRef;
import java.util.List;
import java.util.Map;

/**
 * Where points go, in order of precedence: the series' own token, the token named by a record
 * field, the token mapped from the record key, the first matching topic route (exact names before
 * regexes), then the default token. Any of them may be absent (empty map / null).
 */
public record RoutingRules(Map<String, String> seriesTokens, FieldRef tokenField, Map<String, String> keyTokens,
                           List<TopicRoute> topicRoutes, String defaultToken) {
}
