package io.plotstream.server.ingest;

import io.plotstream.protocol.StreamStatus;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ActiveStreamsTest {

    private static StreamSession session(String token) {
        // only the token matters to the registry; the session is never started here
        return new StreamSession(null, null, null, token, null, null, null, 64, new IngestMetrics(), null, null, 1000, false);
    }

    @Test
    void severalWritersPerTokenUpToTheLimitThen423() {
        ActiveStreams streams = new ActiveStreams(2, 100);
        assertThat(streams.register(session("a"))).isEmpty();
        assertThat(streams.register(session("a"))).isEmpty();
        assertThat(streams.register(session("a"))).hasValue(StreamStatus.TOKEN_LIMIT);
        assertThat(streams.register(session("b"))).isEmpty();
        assertThat(streams.perToken()).isEqualTo(Map.of("a", 2, "b", 1));
    }

    @Test
    void totalLimitGives503() {
        ActiveStreams streams = new ActiveStreams(5, 2);
        assertThat(streams.register(session("a"))).isEmpty();
        assertThat(streams.register(session("b"))).isEmpty();
        assertThat(streams.register(session("c"))).hasValue(StreamStatus.UNAVAILABLE);
    }

    @Test
    void anEndedStreamFreesItsPlace() {
        ActiveStreams streams = new ActiveStreams(1, 10);
        StreamSession first = session("a");
        assertThat(streams.register(first)).isEmpty();
        streams.unregister(first);
        assertThat(streams.total()).isZero();
        assertThat(streams.perToken()).isEmpty();
        assertThat(streams.register(session("a"))).isEmpty();
    }
}
