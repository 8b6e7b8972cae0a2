package io.plotstream.stream;

import static io.plotstream.stream.RecordingStreamServer.Behaviour.closeWithoutResponseAfter;
import static io.plotstream.stream.RecordingStreamServer.Behaviour.respondAfter;
import static io.plotstream.stream.StreamTesting.MASKED;
import static io.plotstream.stream.StreamTesting.TOKEN;
import static io.plotstream.stream.StreamTesting.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.plotstream.point.Point;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client's reaction to each way a server can end a stream (PROTOCOL.md §2). */
class TokenStreamStatusTest extends StreamServerTest {

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {200, 408, 449, 500, 502, 503, 520})
    void reconnectsAfterStatusAndResendsEveryUnconfirmedPoint(int status) throws Exception {
        server.then(respondAfter(3, status, "ended by test"));
        // the ack delay is long enough that nothing on the first connection can count as delivered
        stream = TokenStream.start(fast(server.uri()).ackDelay(Duration.ofMillis(500)).build(), TOKEN);
        List<RecordingDelivery> deliveries = RecordingDelivery.many(10);
        StreamTesting.offerEach(stream, StreamTesting.points(10), deliveries);

        await().atMost(Duration.ofSeconds(5)).until(() -> RecordingDelivery.allDelivered(deliveries));
        assertThat(server.connectionCount(TOKEN)).isEqualTo(2);
        assertThat(server.connections(TOKEN).get(0).jsonLines()).containsExactlyElementsOf(StreamTesting.lines(3));
        assertThat(server.connections(TOKEN).get(1).jsonLines()).containsExactlyElementsOf(StreamTesting.lines(10));
        assertThat(stream.stats().reconnectsByStatus()).isEqualTo(Map.of(status, 1L));
        assertThat(stream.failure()).isEmpty();
    }

    @Test
    void reconnectsAfterTheServerClosesWithoutResponse() throws Exception {
        server.then(closeWithoutResponseAfter(2));
        stream = TokenStream.start(fast(server.uri()).ackDelay(Duration.ofMillis(500)).build(), TOKEN);
        List<RecordingDelivery> deliveries = RecordingDelivery.many(6);
        StreamTesting.offerEach(stream, StreamTesting.points(6), deliveries);

        await().atMost(Duration.ofSeconds(5)).until(() -> RecordingDelivery.allDelivered(deliveries));
        assertThat(server.connections(TOKEN).get(1).jsonLines()).containsExactlyElementsOf(StreamTesting.lines(6));
        assertThat(stream.stats().reconnectsByStatus()).isEqualTo(Map.of(-1, 1L));
    }

    @Test
    void backsOffForTheLongestDelayAfter423() throws Exception {
        server.then(respondAfter(1, 423, "connection limit for this token has been reached"));
        stream = TokenStream.start(fast(server.uri()).backoffInitial(Duration.ofMillis(10))
                .backoffMax(Duration.ofMillis(400)).build(), TOKEN);
        List<RecordingDelivery> deliveries = RecordingDelivery.many(2);
        StreamTesting.offerEach(stream, StreamTesting.points(2), deliveries);

        await().atMost(Duration.ofSeconds(5)).until(() -> RecordingDelivery.allDelivered(deliveries));
        List<RecordingStreamServer.Connection> connections = server.connections(TOKEN);
        assertThat(connections).hasSize(2);
        long gapMs = TimeUnit.NANOSECONDS.toMillis(connections.get(1).acceptedAtNanos - connections.get(0).acceptedAtNanos);
        assertThat(gapMs).as("a 423 waits backoffMax, not backoffInitial").isGreaterThanOrEqualTo(390);
        assertThat(stream.stats().reconnectsByStatus()).isEqualTo(Map.of(423, 1L));
    }

    @ParameterizedTest(name = "status {0}")
    @ValueSource(ints = {308, 400, 403, 404, 405, 406, 422, 418, 301})
    void stopsForGoodAndFailsEveryPointOnPermanentStatus(int status) throws Exception {
        server.then(respondAfter(1, status, "the server's own words"));
        // long ack delay: even a cold JVM sees the answer before the first point could count as delivered
        stream = TokenStream.start(fast(server.uri()).ackDelay(Duration.ofMillis(500)).build(), TOKEN);
        // one batch: offering point by point would race the server's answer to the first point
        RecordingDelivery batch = new RecordingDelivery();
        List<RecordingDelivery> deliveries = List.of(batch);
        stream.offer(StreamTesting.points(3), batch, 1, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> RecordingDelivery.allFailed(deliveries));
        StreamException failure = stream.failure().orElseThrow();
        assertThat(failure.status()).isEqualTo(status);
        assertThat(failure.getMessage())
                .startsWith(status + " for token " + MASKED + ": ")
                .contains("the server's own words")
                .doesNotContain(TOKEN);
        assertThat(deliveries).allMatch(d -> d.failure == failure && d.toldOnce());
        assertThatThrownBy(() -> stream.offer(Point.of(1, 1), new RecordingDelivery(), 1, TimeUnit.SECONDS))
                .isSameAs(failure);
        assertThat(stream.remainingBytes()).isZero();
        stream.terminated().get(10, TimeUnit.SECONDS); // FAILED is final: the writer is gone, nothing reconnects
        assertThat(stream.state()).isEqualTo(WriterState.FAILED);
        assertThat(server.connectionCount(TOKEN)).isEqualTo(1);
        assertThat(stream.stats().queued()).isZero();
    }

    @Test
    void explains404WithTheMaskedTokenTheServersTextAndWhatToDo() throws Exception {
        server.then(respondAfter(1, 404, "stream token not registered or not valid"));
        stream = TokenStream.start(fast(server.uri()).build(), TOKEN);
        stream.offer(Point.of(1, 2), new RecordingDelivery(), 1, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> stream.failure().isPresent());
        assertThat(stream.failure().get().getMessage()).isEqualTo("404 for token 3g******y8: stream token not registered "
                + "or not valid (server said: \"stream token not registered or not valid\") — create the plot on the "
                + "server or check the token");
    }

    @Test
    void pointsOfferedAfterAPermanentFailureAreRefusedWithIt() throws Exception {
        server.then(respondAfter(0, 403, "stream token no longer associated with this plot"));
        stream = TokenStream.start(fast(server.uri()).build(), TOKEN);
        RecordingDelivery first = new RecordingDelivery();
        stream.offer(Point.of(1, 2), first, 1, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> first.failed.get() == 1);
        assertThat(first.failure.status()).isEqualTo(403);
        assertThatThrownBy(() -> stream.offer(StreamTesting.points(2), new RecordingDelivery(), 0,
                TimeUnit.MILLISECONDS)).isInstanceOf(StreamException.class).hasMessageContaining("403 for token " + MASKED);
    }
}
