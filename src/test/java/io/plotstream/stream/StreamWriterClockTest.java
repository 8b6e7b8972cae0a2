package io.plotstream.stream;

import static io.plotstream.stream.RecordingStreamServer.Behaviour.respondAfter;
import static io.plotstream.stream.StreamTesting.TOKEN;
import static io.plotstream.stream.StreamTesting.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plotstream.point.Point;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The writer's timing rules on a fake clock against a real socket: nothing that depends on time can
 * happen until the test moves the clock, so "not yet" is asserted without sleeping.
 */
class StreamWriterClockTest extends StreamServerTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void aFlushedWriteIsConfirmedOnlyOnceTheClockPassesTheAckDelay() throws Exception {
        stream = TokenStream.start(fast(server.uri()).ackDelay(Duration.ofSeconds(5)).build(), TOKEN, clock);
        RecordingDelivery delivery = new RecordingDelivery();
        stream.offer(Point.of(1, 2), delivery, 1, TimeUnit.SECONDS);
        await().until(() -> server.acceptedLines(TOKEN).size() == 1);

        clock.advance(Duration.ofMillis(4_999)); // before the deadline: no amount of real time can confirm it
        assertThat(delivery.delivered.get()).as("healthy for less than the ack delay").isZero();
        assertThat(stream.stats().queued()).isEqualTo(1);
        assertThat(stream.stats().oldestUndeliveredAgeMs()).isEqualTo(4_999);

        clock.advance(Duration.ofMillis(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.delivered.get() == 1);
        assertThat(stream.stats().queued()).isZero();
        assertThat(stream.stats().pointsDelivered()).isEqualTo(1);
        assertThat(stream.stats().oldestUndeliveredAgeMs()).isZero();
    }

    @Test
    void anIdleStreamHeartbeatsWhenTheClockPassesTheInterval() throws Exception {
        stream = TokenStream.start(fast(server.uri()).heartbeatInterval(Duration.ofSeconds(20)).build(), TOKEN, clock);
        RecordingDelivery delivery = new RecordingDelivery();
        stream.offer(Point.of(1, 2), delivery, 1, TimeUnit.SECONDS);
        await().until(() -> server.acceptedLines(TOKEN).size() == 1);
        clock.advance(Duration.ofMillis(50)); // the ack delay
        await().until(() -> delivery.delivered.get() == 1);
        RecordingStreamServer.Connection c = server.connections(TOKEN).get(0);
        assertThat(c.heartbeats()).isZero();

        clock.advance(Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(5)).until(() -> c.heartbeats() == 1);
        clock.advance(Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(5)).until(() -> c.heartbeats() == 2);
    }

    @Test
    void afterTheServerEndsAStreamTheWriterReconnectsOnlyWhenTheBackoffIsOver() throws Exception {
        server.then(respondAfter(1, 503, "server unavailable: reconnect"));
        stream = TokenStream.start(fast(server.uri()).backoffInitial(Duration.ofSeconds(10))
                .backoffMax(Duration.ofSeconds(60)).ackDelay(Duration.ofSeconds(1)).build(), TOKEN, clock);
        RecordingDelivery delivery = new RecordingDelivery();
        stream.offer(Point.of(1, 2), delivery, 1, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> stream.state() == WriterState.BACKING_OFF);
        assertThat(stream.stats().reconnectsByStatus()).containsEntry(503, 1L);

        clock.advance(Duration.ofMillis(9_999)); // before the deadline: no amount of real time can reconnect it
        assertThat(stream.state()).isEqualTo(WriterState.BACKING_OFF);
        assertThat(server.connectionCount(TOKEN)).isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connectionCount(TOKEN) == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections(TOKEN).get(1).jsonLines().size() == 1);
        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.delivered.get() == 1);
        assertThat(stream.state()).isEqualTo(WriterState.STREAMING);
    }
}
