package io.plotstream.stream;

import static io.plotstream.stream.RecordingStreamServer.Behaviour.respondAfter;
import static io.plotstream.stream.StreamTesting.MASKED;
import static io.plotstream.stream.StreamTesting.TOKEN;
import static io.plotstream.stream.StreamTesting.acked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.plotstream.point.Point;
import io.plotstream.protocol.AckChannel;
import io.plotstream.stream.RecordingStreamServer.Acks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The acknowledgement extension from the client's side, against a raw-socket server that speaks it:
 * a write counts as delivered exactly when the server's cumulative count covers its last line, never
 * by time; the end line is the stream's end; a channel that cannot be trusted is a broken
 * connection; a server that answers the connection's probe that it does not acknowledge gets the
 * ack delay rule at once, and one that says nothing at all gets it after the handshake window. "Not yet" is asserted only after a fence that proves the writer has looked (a heartbeat it
 * wrote after the clock moved, or the lines it sends again on the next connection).
 */
class TokenStreamAckTest extends StreamServerTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void asksForAcknowledgementsByDefaultAndNotWhenTheyAreOff() throws Exception {
        assertThat(StreamSettings.builder(server.uri()).build().ackMode()).isEqualTo(StreamSettings.AckMode.AUTO);
        stream = TokenStream.start(acked(server.uri()).build(), TOKEN);
        stream.offer(Point.of(1, 2), new RecordingDelivery(), 1, TimeUnit.SECONDS);
        TokenStream off = TokenStream.start(acked(server.uri()).ackMode(StreamSettings.AckMode.OFF).build(), "offtoken1");
        try {
            off.offer(Point.of(1, 2), new RecordingDelivery(), 1, TimeUnit.SECONDS);
            await().until(() -> server.acceptedLines(TOKEN).size() == 1 && server.acceptedLines("offtoken1").size() == 1);
        } finally {
            StreamTesting.closeAndWait(off);
        }
        assertThat(server.connections(TOKEN).get(0).header(AckChannel.REQUEST_HEADER)).isEqualTo("1");
        assertThat(server.connections("offtoken1").get(0).header(AckChannel.REQUEST_HEADER)).isNull();
    }

    @Test
    void nothingIsConfirmedBeforeItsAcknowledgementHoweverLongAfterTheAckDelay() throws Exception {
        server.acknowledging(Acks.MANUAL);
        stream = TokenStream.start(acked(server.uri()).ackDelay(Duration.ofMillis(50))
                .heartbeatInterval(Duration.ofSeconds(10)).build(), TOKEN, clock);
        RecordingDelivery delivery = new RecordingDelivery();
        stream.offer(Point.of(1, 2), delivery, 1, TimeUnit.SECONDS);
        await().until(() -> server.acceptedLines(TOKEN).size() == 1);
        RecordingStreamServer.Connection c = server.connections(TOKEN).get(0);

        clock.advance(Duration.ofSeconds(10)); // 200 ack delays
        await().atMost(Duration.ofSeconds(5)).until(() -> c.heartbeats() == 1); // the writer has looked since
        assertThat(delivery.delivered.get()).as("healthy far past the ack delay, but not acknowledged").isZero();
        assertThat(stream.stats().oldestUndeliveredAgeMs()).isEqualTo(10_000);

        c.acknowledge(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.delivered.get() == 1);
        assertThat(stream.stats().pointsDelivered()).isEqualTo(1);
    }

    @Test
    void anAcknowledgementOfPartOfAWriteConfirmsNothingOfItAndTheEndLineReconnects() throws Exception {
        server.acknowledging(Acks.MANUAL);
        stream = TokenStream.start(acked(server.uri()).build(), TOKEN);
        RecordingDelivery first = new RecordingDelivery(); // one write of two lines: 1 and 2
        stream.offer(StreamTesting.points(2), first, 1, TimeUnit.SECONDS);
        await().until(() -> server.acceptedLines(TOKEN).size() == 2);
        RecordingDelivery second = new RecordingDelivery(); // line 3
        stream.offer(Point.of(2, 20), second, 1, TimeUnit.SECONDS);
        await().until(() -> server.acceptedLines(TOKEN).size() == 3);
        RecordingStreamServer.Connection c = server.connections(TOKEN).get(0);

        c.acknowledge(1);
        server.acknowledging(Acks.EVERY_LINE);
        c.endStream(503, "server unavailable: reconnect");

        await().atMost(Duration.ofSeconds(5)).until(() -> first.delivered.get() == 1 && second.delivered.get() == 1);
        assertThat(server.connections(TOKEN)).hasSize(2);
        assertThat(server.connections(TOKEN).get(1).jsonLines()).as("everything again: no write was wholly acknowledged")
                .containsExactlyElementsOf(StreamTesting.lines(3));
        assertThat(stream.stats().reconnectsByStatus()).isEqualTo(Map.of(503, 1L));
        assertThat(first.toldOnce()).isTrue();
    }

    @Test
    void whatTheServerAcknowledgedBeforeItEndedTheStreamIsDeliveredAndNotSentAgain() throws Exception {
        server.acknowledging(Acks.MANUAL);
        stream = TokenStream.start(acked(server.uri()).build(), TOKEN);
        RecordingDelivery first = new RecordingDelivery();
        stream.offer(StreamTesting.points(2), first, 1, TimeUnit.SECONDS);
        await().until(() -> server.acceptedLines(TOKEN).size() == 2);
        RecordingDelivery second = new RecordingDelivery();
        stream.offer(Point.of(2, 20), second, 1, TimeUnit.SECONDS);
        await().until(() -> server.acceptedLines(TOKEN).size() == 3);
        RecordingStreamServer.Connection c = server.connections(TOKEN).get(0);

        c.acknowledge(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.delivered.get() == 1);
        assertThat(second.delivered.get()).as("its line 3 is not acknowledged").isZero();
        server.acknowledging(Acks.EVERY_LINE);
        c.endStream(200, "healthy endpoint disconnect");

        await().atMost(Duration.ofSeconds(5)).until(() -> second.delivered.get() == 1);
        assertThat(server.connections(TOKEN).get(1).jsonLines()).containsExactly(StreamTesting.line(2));
    }

    @Test
    void heartbeatsCountAsLinesOfTheUpload() throws Exception {
        server.acknowledging(Acks.MANUAL);
        stream = TokenStream.start(acked(server.uri()).heartbeatInterval(Duration.ofSeconds(10)).build(), TOKEN, clock);
        RecordingDelivery first = new RecordingDelivery();
        stream.offer(Point.of(0, 0), first, 1, TimeUnit.SECONDS); // line 1
        await().until(() -> server.acceptedLines(TOKEN).size() == 1);
        RecordingStreamServer.Connection c = server.connections(TOKEN).get(0);
        clock.advance(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> c.heartbeats() == 1); // line 2
        RecordingDelivery second = new RecordingDelivery();
        stream.offer(Point.of(1, 10), second, 1, TimeUnit.SECONDS); // line 3
        await().until(() -> server.acceptedLines(TOKEN).size() == 2);

        c.acknowledge(2); // the point and the heartbeat; a client that did not count heartbeats would take it for both points
        server.acknowledging(Acks.EVERY_LINE);
        c.endStream(503, "server unavailable: reconnect");

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            clock.advance(Duration.ofMillis(100)); // through the backoff
            return second.delivered.get() == 1;
        });
        assertThat(first.delivered.get()).isEqualTo(1);
        assertThat(server.connections(TOKEN).get(1).jsonLines()).containsExactly(StreamTesting.line(1));
    }

    @Test
    void anEndLineWithAStopStatusFailsTheStreamWithTheServersText() throws Exception {
        server.acknowledging(Acks.EVERY_LINE).then(respondAfter(1, 404, "stream token not registered or not valid"));
        stream = TokenStream.start(acked(server.uri()).build(), TOKEN);
        RecordingDelivery delivery = new RecordingDelivery();
        stream.offer(Point.of(1, 2), delivery, 1, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.failed.get() == 1);
        assertThat(server.connections(TOKEN).get(0).ackBodyLines)
                .containsExactly("{\"end\":404,\"text\":\"stream token not registered or not valid\"}");
        assertThat(delivery.failure.status()).isEqualTo(404);
        assertThat(delivery.failure.getMessage()).contains("404 for token " + MASKED)
                .contains("server said: \"stream token not registered or not valid\"");
        assertThat(stream.failure()).isPresent();
        assertThat(server.connections(TOKEN)).hasSize(1);
    }

    @Test
    void aMalformedAcknowledgementBreaksTheConnectionAndUnacknowledgedWritesAreSentAgain() throws Exception {
        server.acknowledging(Acks.MANUAL);
        stream = TokenStream.start(acked(server.uri()).build(), TOKEN);
        List<RecordingDelivery> deliveries = RecordingDelivery.many(2);
        StreamTesting.offerEach(stream, StreamTesting.points(2), deliveries);
        await().until(() -> server.acceptedLines(TOKEN).size() == 2);
        RecordingStreamServer.Connection c = server.connections(TOKEN).get(0);

        server.acknowledging(Acks.EVERY_LINE);
        c.sendAckBodyLine("{\"ack\":\"two\"}");

        await().atMost(Duration.ofSeconds(5)).until(() -> RecordingDelivery.allDelivered(deliveries));
        assertThat(server.connections(TOKEN).get(1).jsonLines()).containsExactlyElementsOf(StreamTesting.lines(2));
        assertThat(stream.stats().reconnectsByStatus()).isEqualTo(Map.of(-1, 1L));
        assertThat(stream.failure()).isEmpty();
    }

    @Test
    void anAcknowledgementOfMoreLinesThanWereWrittenConfirmsNothingAndBreaksTheConnection() throws Exception {
        server.acknowledging(Acks.MANUAL);
        stream = TokenStream.start(acked(server.uri()).build(), TOKEN);
        RecordingDelivery delivery = new RecordingDelivery();
        stream.offer(Point.of(0, 0), delivery, 1, TimeUnit.SECONDS);
        await().until(() -> server.acceptedLines(TOKEN).size() == 1);
        RecordingStreamServer.Connection c = server.connections(TOKEN).get(0);

        server.acknowledging(Acks.EVERY_LINE);
        c.acknowledge(5);

        await().atMost(Duration.ofSeconds(5)).until(() -> server.connections(TOKEN).size() == 2
                && server.connections(TOKEN).get(1).jsonLines().size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> delivery.delivered.get() == 1);
        assertThat(delivery.toldOnce()).isTrue();
        assertThat(server.connections(TOKEN).get(1).jsonLines()).as("sent again: the count was not believed")
                .containsExactly(StreamTesting.line(0));
    }

    @Test
    void aCleanCloseDeliversOnlyWhatTheServerAcknowledgedBeforeItsEndLine() throws Exception {
        server.acknowledging(Acks.MANUAL);
        stream = TokenStream.start(acked(server.uri()).closeTimeout(Duration.ofMillis(300)).build(), TOKEN);
        RecordingDelivery acknowledged = new RecordingDelivery();
        stream.offer(Point.of(0, 0), acknowledged, 1, TimeUnit.SECONDS);
        await().until(() -> server.acceptedLines(TOKEN).size() == 1);
        RecordingStreamServer.Connection c = server.connections(TOKEN).get(0);
        c.acknowledge(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> acknowledged.delivered.get() == 1);
        RecordingDelivery notAcknowledged = new RecordingDelivery();
        stream.offer(Point.of(1, 10), notAcknowledged, 1, TimeUnit.SECONDS);
        await().until(() -> server.acceptedLines(TOKEN).size() == 2);

        StreamTesting.closeAndWait(stream); // the server answers the last chunk with end 200 and no ack
        stream = null;
        assertThat(c.ackBodyLines).last().isEqualTo("{\"end\":200,\"text\":\"\"}");
        assertThat(notAcknowledged.failed.get()).as("a 2xx end does not vouch for unacknowledged lines").isEqualTo(1);
        assertThat(acknowledged.toldOnce()).isTrue();
    }

    @Test
    void aServerThatAnswersTheProbeThatItDoesNotAcknowledgeGetsTheAckDelayRuleWithoutWaitingOutTheWindow() throws Exception {
        try (LogCapture log = new LogCapture()) {
            stream = TokenStream.start(acked(server.uri()).ackHandshake(Duration.ofMinutes(10))
                    .ackDelay(Duration.ofMillis(50)).heartbeatInterval(Duration.ofSeconds(1)).build(), TOKEN, clock);
            RecordingDelivery delivery = new RecordingDelivery();
            stream.offer(Point.of(1, 2), delivery, 1, TimeUnit.SECONDS);
            await().until(() -> server.acceptedLines(TOKEN).size() == 1 && server.probesSeen() == 1);

            clock.advance(Duration.ofMillis(50)); // one ack delay; the window has nine minutes and more to go
            await().atMost(Duration.ofSeconds(5)).until(() -> delivery.delivered.get() == 1);
            assertThat(log.lines(MASKED, "runs without acknowledgements", "answered that it does not acknowledge"))
                    .hasSize(1);
            assertThat(server.connections(TOKEN)).as("the probe is a request of its own, not a stream").hasSize(1);
        }
    }

    @Test
    void whenTheProbeLearnsNothingTheAckDelayRuleTakesOverAfterTheHandshakeWindow() throws Exception {
        server.probes(RecordingStreamServer.Probes.SILENT);
        try (LogCapture log = new LogCapture()) {
            stream = TokenStream.start(acked(server.uri()).ackHandshake(Duration.ofSeconds(2))
                    .ackDelay(Duration.ofMillis(50)).heartbeatInterval(Duration.ofSeconds(1)).build(), TOKEN, clock);
            RecordingDelivery delivery = new RecordingDelivery();
            stream.offer(Point.of(1, 2), delivery, 1, TimeUnit.SECONDS);
            await().until(() -> server.acceptedLines(TOKEN).size() == 1 && server.probesSeen() == 1);
            RecordingStreamServer.Connection c = server.connections(TOKEN).get(0);

            clock.advance(Duration.ofMillis(1_999));
            await().atMost(Duration.ofSeconds(5)).until(() -> c.heartbeats() == 1); // the writer has looked since
            assertThat(delivery.delivered.get()).as("40 ack delays, but the handshake window is still open").isZero();

            clock.advance(Duration.ofMillis(1));
            await().atMost(Duration.ofSeconds(5)).until(() -> delivery.delivered.get() == 1);
            assertThat(log.lines(MASKED, "runs without acknowledgements", "did not agree to acknowledge within 2000 ms"))
                    .hasSize(1);
        }
    }

    @Test
    void logsTheModeOncePerStreamNotOnEveryReconnect() throws Exception {
        try (LogCapture log = new LogCapture()) {
            server.acknowledging(Acks.EVERY_LINE).then(respondAfter(1, 503, "server unavailable: reconnect"),
                    respondAfter(1, 200, "healthy endpoint disconnect"));
            stream = TokenStream.start(acked(server.uri()).build(), TOKEN);
            List<RecordingDelivery> deliveries = RecordingDelivery.many(3);
            StreamTesting.offerEach(stream, StreamTesting.points(3), deliveries);

            await().atMost(Duration.ofSeconds(10)).until(() -> RecordingDelivery.allDelivered(deliveries));
            assertThat(server.connections(TOKEN).size()).isGreaterThanOrEqualTo(3);
            assertThat(log.lines(MASKED, "runs with acknowledgements")).hasSize(1);
            assertThat(log.lines(MASKED, "runs without acknowledgements")).isEmpty();
        }
    }
}
