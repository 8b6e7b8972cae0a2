package io.plotstream.route;

import java.util.regex.Pattern;

/** Records of topics matching {@code topics} go to {@code token}. An exact topic name is a pattern too. */
public record TopicRoute(Pattern topics, String token) {
}
