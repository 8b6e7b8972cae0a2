package io.plotstream.route;

import io.plotstream.protocol.StreamToken;
import java.util.Objects;
import java.util.regex.Pattern;

/** Records of topics matching {@code topics} go to {@code token}. An exact topic name is a pattern too. */
public final class TopicRoute {
    private final Pattern topics;
    private final String token;

    public TopicRoute(Pattern topics, String token) {
        this.topics = topics;
        this.token = token;
    }

    public Pattern topics() {
        return topics;
    }

    public String token() {
        return token;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TopicRoute)) {
            return false;
        }
        TopicRoute other = (TopicRoute) o;
        return Objects.equals(topics, other.topics) && Objects.equals(token, other.token);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topics, token);
    }

    @Override
    public String toString() {
        return "TopicRoute[topics=" + topics + ", token=" + StreamToken.mask(token) + "]"; // tokens are credentials
    }
}
