package io.plotstream.server.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The subscription's hand-over between socket threads (width, snapshot flag) and the tick thread (cursor). */
class SubscriptionTest {

    private final Subscription subscription = new Subscription("p", new Viewer(new RecordingSink(), 8, true), 400);

    @Test
    void aSnapshotSentAtTheToldWidthClearsTheRequest() {
        int used = subscription.width();

        subscription.sent(1, new long[] {5}, true, used);

        assertThat(subscription.snapshotWanted()).isFalse();
    }

    @Test
    void aWidthToldWhileTheTickCutTheSnapshotStillGetsItsOwnSnapshot() {
        int used = subscription.width(); // the tick reads 400 ...
        subscription.viewWidth(1000);     // ... the socket thread publishes 1000 meanwhile ...

        subscription.sent(1, new long[] {5}, true, used); // ... and the tick queues the 400 px snapshot

        assertThat(subscription.snapshotWanted()).isTrue();
        assertThat(subscription.width()).isEqualTo(1000);
    }

    @Test
    void anExtendLeavesARequestedSnapshotPending() {
        subscription.sent(1, new long[] {5}, true, 400);
        subscription.viewWidth(800);

        subscription.sent(1, new long[] {6}, false);

        assertThat(subscription.snapshotWanted()).isTrue();
    }

    @Test
    void aWidthInTheBucketAlreadyUsedAsksForNoSnapshot() {
        subscription.sent(1, new long[] {5}, true, 400); // 400 px is cut at 416

        subscription.viewWidth(410);

        assertThat(subscription.snapshotWanted()).isFalse();
        assertThat(subscription.width()).isEqualTo(410);
        subscription.viewWidth(417);
        assertThat(subscription.snapshotWanted()).isTrue();
    }
}
