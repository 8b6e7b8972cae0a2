package io.plotstream.route;

import io.plotstream.point.BadRecordException;
import io.plotstream.point.FieldRef;
import io.plotstream.point.RecordCoordinates;
import io.plotstream.protocol.StreamToken;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Points → stream tokens. First rule that gives a token wins:
 * <ol>
 *   <li>the series' own token ({@link RoutingRules#seriesTokens()});</li>
 *   <li>the value of the token field: a missing or null field falls through to the next rule; a
 *       struct, map, list, blank string or anything that cannot be an HTTP header value is a bad
 *       record;</li>
 *   <li>the record key, as text (strings, numbers, booleans, bytes as UTF-8; a struct, map or list
 *       key never matches), looked up in {@link RoutingRules#keyTokens()};</li>
 *   <li>the topic routes: exact topic names, then regexes in order ({@link TopicRoutes});</li>
 *   <li>the default token;</li>
 *   <li>otherwise empty: the caller applies its unroutable-record policy.</li>
 * </ol>
 * Tokens are credentials: a message about one only ever shows it masked.
 *
 * <p>Thread-confined to one task (it caches per topic and per record).
 */
public final class TokenRouter {
    private final Map<String, Optional<String>> seriesTokens = new HashMap<>();
    private final FieldRef tokenField;
    private final Map<String, Optional<String>> keyTokens = new HashMap<>();
    private final TopicRoutes topicRoutes;
    private final Optional<String> defaultToken;

    /** The token field's value for the last record, so several series of one record read it once. */
    private SinkRecord fieldTokenRecord;
    private Optional<String> fieldToken;

    public TokenRouter(RoutingRules rules) {
        if (rules == null) {
            throw new IllegalArgumentException("routing rules are required");
        }
        if (rules.seriesTokens() != null) {
            rules.seriesTokens().forEach((series, token) -> seriesTokens.put(series,
                    Optional.of(requireToken(token, "series " + series))));
        }
        this.tokenField = rules.tokenField();
        if (rules.keyTokens() != null) {
            rules.keyTokens().forEach((key, token) -> keyTokens.put(key, Optional.of(requireToken(token, "key " + key))));
        }
        this.topicRoutes = new TopicRoutes(rules.topicRoutes() == null ? List.of() : rules.topicRoutes());
        this.defaultToken = rules.defaultToken() == null ? Optional.empty()
                : Optional.of(requireToken(rules.defaultToken(), "the default route"));
    }

    /**
     * @return the token for this record's point of {@code series}; empty when no rule matches
     * @throws BadRecordException when the token field exists but is not a usable token (names where)
     */
    public Optional<String> route(SinkRecord record, String series) throws BadRecordException {
        Optional<String> token = seriesTokens.isEmpty() ? null : seriesTokens.get(series);
        if (token != null) {
            return token;
        }
        if (tokenField != null) {
            token = tokenFromField(record);
            if (token.isPresent()) {
                return token;
            }
        }
        if (!keyTokens.isEmpty()) {
            String key = keyText(record.key());
            token = key == null ? null : keyTokens.get(key);
            if (token != null) {
                return token;
            }
        }
        token = topicRoutes.tokenFor(record.topic());
        if (token.isPresent()) {
            return token;
        }
        return defaultToken;
    }

    private Optional<String> tokenFromField(SinkRecord record) throws BadRecordException {
        if (record != fieldTokenRecord) {
            fieldToken = readTokenField(record);
            fieldTokenRecord = record;
        }
        return fieldToken;
    }

    private Optional<String> readTokenField(SinkRecord record) throws BadRecordException {
        Object value = tokenField.extract(record);
        if (value == FieldRef.MISSING || value == null) {
            return Optional.empty();
        }
        String text = scalarText(value);
        String where = RecordCoordinates.RUNTIME.describe(record) + ": token field " + tokenField.spec();
        if (text == null) {
            throw new BadRecordException(where + " holds " + FieldRef.describe(value) + ", not a stream token");
        }
        if (text.isBlank()) {
            throw new BadRecordException(where + " is blank, not a stream token");
        }
        String problem = tokenProblem(text);
        if (problem != null) {
            throw new BadRecordException(where + " holds \"" + StreamToken.mask(text) + "\", not a usable stream token: "
                    + problem);
        }
        return Optional.of(text);
    }

    /** The protocol's one token rule ({@link StreamToken}): what the plot server would refuse is refused here. */
    static String tokenProblem(String token) {
        return StreamToken.problem(token).orElse(null);
    }

    static String requireToken(String token, String rule) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the token for " + rule + " is blank");
        }
        String problem = tokenProblem(token);
        if (problem != null) {
            throw new IllegalArgumentException("the token for " + rule + " (" + StreamToken.mask(token) + ") is not usable: "
                    + problem);
        }
        return token;
    }

    /** Keys that can name a route; a struct, map or list key never matches. */
    private static String keyText(Object key) {
        return key == null ? null : scalarText(key);
    }

    private static String scalarText(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof byte[]) {
            return new String((byte[]) value, StandardCharsets.UTF_8);
        }
        if (value instanceof ByteBuffer) {
            return StandardCharsets.UTF_8.decode(((ByteBuffer) value).duplicate()).toString();
        }
        return null;
    }
}
