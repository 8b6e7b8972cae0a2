package io.plotstream.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Topic → token, precomputed: exact topic names first (a hash lookup), then regexes in configured
 * order, each matching the whole topic name. A route whose pattern is a plain topic name (only the
 * characters Kafka allows in one: letters, digits, '.', '_', '-') or was compiled with
 * {@link Pattern#LITERAL} is an exact name, so the dot in {@code orders.v1} is a dot.
 *
 * <p>Answers are cached per topic (a task sees few topics), bounded so that a regex subscription
 * over ever-new topics cannot grow it without limit. Thread-confined, like the router.
 */
final class TopicRoutes {
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]+");
    static final int MAX_CACHED_TOPICS = 1024;

    private final Map<String, String> exact = new HashMap<>();
    private final List<TopicRoute> regexes = new ArrayList<>();
    private final Map<String, Optional<String>> cache = new HashMap<>();
    /** The last topic asked about (compared by identity) and its answer. */
    private String lastTopic;
    private Optional<String> lastToken;

    TopicRoutes(List<TopicRoute> routes) {
        for (TopicRoute route : routes) {
            if (route == null || route.topics() == null) {
                throw new IllegalArgumentException("a topic route needs a topic pattern");
            }
            TokenRouter.requireToken(route.token(), "topic route " + route.topics().pattern());
            String literal = literalTopic(route.topics());
            if (literal != null) {
                exact.putIfAbsent(literal, route.token()); // the first route for a name wins
            } else {
                regexes.add(route);
            }
        }
    }

    Optional<String> tokenFor(String topic) {
        if (topic == lastTopic) { // the runtime hands one String instance per topic: consecutive records skip the map
            return lastToken;
        }
        Optional<String> known = cache.get(topic);
        if (known == null) {
            known = resolve(topic);
            if (cache.size() >= MAX_CACHED_TOPICS) {
                cache.clear();
            }
            cache.put(topic, known);
        }
        lastTopic = topic;
        lastToken = known;
        return known;
    }

    int cachedTopics() {
        return cache.size();
    }

    private Optional<String> resolve(String topic) {
        String token = exact.get(topic);
        if (token != null) {
            return Optional.of(token);
        }
        for (TopicRoute route : regexes) {
            if (route.topics().matcher(topic).matches()) {
                return Optional.of(route.token());
            }
        }
        return Optional.empty();
    }

    private static String literalTopic(Pattern pattern) {
        if ((pattern.flags() & Pattern.LITERAL) != 0) {
            return pattern.pattern();
        }
        return TOPIC_NAME.matcher(pattern.pattern()).matches() ? pattern.pattern() : null;
    }
}
