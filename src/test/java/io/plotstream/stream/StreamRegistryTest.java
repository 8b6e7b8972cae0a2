package io.plotstream.stream;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One connection per token per JVM across lease churn, lingering, and a clean end. */
class StreamRegistryTest {
    private RecordingStreamServer server;
    private StreamRegistry registry;

    @BeforeEach
    void start() throws Exception {
        server = RecordingStreamServer.start();
        registry = StreamRegistry.create();
    }

    @AfterEach
    void stop() throws Exception {
        registry.closeAll(Duration.ofSeconds(5));
        server.close();
    }

    @Test
    void aLeaseWithinTheLingerReusesTheLiveConnection() throws Exception {
        StreamSettings settings = fast(server.uri()).linger(Duration.ofSeconds(5)).build();
        StreamLease first = registry.lease(settings, TOKEN);
        TokenStream stream = first.stream();
        deliver(stream, 0);
        first.close(); // e.g. a partition revoked, or a task stopping for a restart

        Thread.sleep(100);
        assertThat(registry.openStreams()).as("lingering").isEqualTo(1);
        try (StreamLease second = registry.lease(settings, TOKEN)) {
            assertThat(second.stream()).isSameAs(stream);
            deliver(second.stream(), 1);
        }
        assertThat(server.connectionCount(TOKEN)).as("no reconnect, never a second connection").isEqualTo(1);
        assertThat(server.acceptedLines(TOKEN)).containsExactly(StreamTesting.line(0), StreamTesting.line(1));
    }

    @Test
    void aLingeringStreamKeepsHeartbeating() throws Exception {
        StreamSettings settings = fast(server.uri()).linger(Duration.ofSeconds(5))
                .heartbeatInterval(Duration.ofMillis(40)).build();
        StreamLease lease = registry.lease(settings, TOKEN);
        deliver(lease.stream(), 0);
        lease.close();

        RecordingStreamServer.Connection c = server.connections(TOKEN).get(0);
        long before = c.heartbeats();
        await().atMost(Duration.ofSeconds(5)).until(() -> c.heartbeats() >= before + 3);
        assertThat(c.open).isTrue();
        assertThat(registry.openStreams()).isEqualTo(1);
    }

    @Test
    void twoLeasesOfOneTokenShareOneStream() throws Exception {
        StreamSettings settings = fast(server.uri()).build();
        StreamLease a = registry.lease(settings, TOKEN);
        try (StreamLease b = registry.lease(settings, TOKEN)) {
            assertThat(a.stream()).isSameAs(b.stream());
            deliver(a.stream(), 0);
            deliver(b.stream(), 1);
            a.close();
            deliver(b.stream(), 2); // still open while b holds it (linger is zero here)
            assertThat(registry.openStreams()).isEqualTo(1);
        }
        assertThat(server.connectionCount(TOKEN)).isEqualTo(1);
    }

    @Test
    void afterTheLingerTheStreamClosesCleanlyAndItsThreadsEnd() throws Exception {
        StreamSettings settings = fast(server.uri()).linger(Duration.ofMillis(150)).build();
        StreamLease lease = registry.lease(settings, TOKEN);
        deliver(lease.stream(), 0);
        lease.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> registry.openStreams() == 0);
        RecordingStreamServer.Connection c = server.connections(TOKEN).get(0);
        await().until(() -> !c.open);
        assertThat(c.lastChunkSeen).as("closed with the final chunk, not dropped").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> StreamTesting.streamThreads().isEmpty());
    }

    @Test
    void closeAllLeavesNoStreamThreadsAndNoSockets() throws Exception {
        StreamSettings settings = fast(server.uri()).linger(Duration.ofSeconds(30)).build();
        List<String> tokens = List.of("token-aaaa-1", "token-bbbb-2", "token-cccc-3");
        for (String token : tokens) {
            StreamLease lease = registry.lease(settings, token);
            deliver(lease.stream(), 0);
            if (!token.endsWith("3")) {
                lease.close(); // two lingering, one still leased
            }
        }
        assertThat(StreamTesting.streamThreads()).isNotEmpty();
        assertThat(server.openConnections()).isEqualTo(3);

        assertThat(registry.closeAll(Duration.ofSeconds(5))).isTrue();

        assertThat(registry.openStreams()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> StreamTesting.streamThreads().isEmpty());
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
        assertThat(server.connections()).allMatch(c -> c.lastChunkSeen);
    }

    @Test
    void otherSettingsForALingeringStreamCloseItBeforeOpeningTheNewOne() throws Exception {
        StreamSettings first = fast(server.uri()).linger(Duration.ofSeconds(30)).build();
        StreamSettings second = fast(server.uri()).linger(Duration.ofSeconds(30)).bufferBytes(50_000).build();
        StreamLease lease = registry.lease(first, TOKEN);
        TokenStream old = lease.stream();
        deliver(old, 0);
        lease.close();

        try (StreamLease replaced = registry.lease(second, TOKEN)) {
            assertThat(replaced.stream()).isNotSameAs(old);
            assertThat(old.terminated()).as("the old stream is fully closed first").isDone();
            assertThat(replaced.stream().settings()).isEqualTo(second);
            deliver(replaced.stream(), 1);
        }
        assertThat(server.connectionCount(TOKEN)).isEqualTo(2);
        assertThat(server.maxOpenAtOnce()).as("never two connections for one token at once").isEqualTo(1);
    }

    @Test
    void otherSettingsForALeasedStreamShareItAndTheFirstSettingsWin() {
        StreamSettings first = fast(server.uri()).build();
        StreamSettings second = fast(server.uri()).bufferBytes(50_000).build();
        try (StreamLease a = registry.lease(first, TOKEN); StreamLease b = registry.lease(second, TOKEN)) {
            assertThat(b.stream()).isSameAs(a.stream());
            assertThat(b.stream().settings()).isEqualTo(first);
        }
    }

    @Test
    void aLingeringStreamThatFailedForGoodIsReplacedOnTheNextLease() throws Exception {
        server.then(respondAfter(1, 404, "stream token not registered or not valid"));
        StreamSettings settings = fast(server.uri()).linger(Duration.ofSeconds(30)).build();
        StreamLease lease = registry.lease(settings, TOKEN);
        TokenStream failed = lease.stream();
        failed.offer(Point.of(1, 1), new RecordingDelivery(), 1, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> failed.failure().isPresent());
        lease.close();

        try (StreamLease again = registry.lease(settings, TOKEN)) {
            assertThat(again.stream()).isNotSameAs(failed);
            assertThat(again.stream().failure()).isEmpty();
            deliver(again.stream(), 0); // the plot was created meanwhile: the server now accepts it
        }
    }

    @Test
    void aClosedLeaseGivesNoStreamAndClosingTwiceReleasesOnce() throws Exception {
        StreamSettings settings = fast(server.uri()).linger(Duration.ofSeconds(30)).build();
        StreamLease a = registry.lease(settings, TOKEN);
        StreamLease b = registry.lease(settings, TOKEN);
        a.close();
        a.close();
        assertThatThrownBy(a::stream).isInstanceOf(IllegalStateException.class).hasMessageContaining(MASKED);
        deliver(b.stream(), 0); // b's claim survived a's double close
        b.close();
    }

    @Test
    void threadNamesCarryOnlyTheMaskedToken() throws Exception {
        try (StreamLease lease = registry.lease(fast(server.uri()).build(), TOKEN)) {
            deliver(lease.stream(), 0);
            assertThat(StreamTesting.streamThreads()).extracting(Thread::getName)
                    .contains("plotly-stream-" + MASKED, "plotly-stream-" + MASKED + "-reader")
                    .noneMatch(name -> name.contains(TOKEN));
        }
    }

    @Test
    void refusesATokenThatCannotTravelInAHeader() {
        StreamSettings settings = fast(server.uri()).build();
        assertThatThrownBy(() -> registry.lease(settings, "abc\r\nX-Evil: 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not allowed at position 3")
                .hasMessageNotContaining("Evil");
        assertThatThrownBy(() -> registry.lease(settings, "")).isInstanceOf(IllegalArgumentException.class);
    }

    private void deliver(TokenStream stream, int i) throws InterruptedException {
        RecordingDelivery d = new RecordingDelivery();
        assertThat(stream.offer(Point.of(i, i * 10), d, 1, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> d.delivered.get() == 1);
    }
}
