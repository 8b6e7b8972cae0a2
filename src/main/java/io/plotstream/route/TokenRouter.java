package io.plotstream.route;

import io.plotstream.point.BadRecordException;
import java.util.Optional;
import org.apache.kafka.connect.sink.SinkRecord;

/** Points → stream tokens. CONTRACT — implemented by the route/ work. */
public final class TokenRouter {

    public TokenRouter(RoutingRules rules) {
        throw new UnsupportedOperationException("contract");
    }

    /**
     * @return the token for this record's point of {@code series}; empty when no rule matches
     * @throws BadRecordException when the token field exists but is not a usable token (names where)
     */
    public Optional<String> route(SinkRecord record, String series) throws BadRecordException {
        throw new UnsupportedOperationException("contract");
    }
}
