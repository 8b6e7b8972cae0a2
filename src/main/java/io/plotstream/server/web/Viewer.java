package io.plotstream.server.web;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One browser socket: {@code /ws/plots/{id}} watches one plot, {@code /ws/live?plots=a,b} several
 * (one {@link Subscription} per plot, each with its own cursor). The send queue bound is per socket:
 * while {@code viewerQueueFrames} frames are unwritten, every plot of the socket is skipped and
 * catches up later from its unchanged cursor. {@code maxViewers} counts these sockets.
 */
final class Viewer {

    private final FrameSink sink;
    private final int queueFrames;
    private final boolean multiplexed;
    private final AtomicInteger framesInFlight = new AtomicInteger();
    private final AtomicBoolean forgotten = new AtomicBoolean();
    private volatile boolean closed;
    private volatile List<Subscription> subscriptions = List.of();

    Viewer(FrameSink sink, int queueFrames, boolean multiplexed) {
        this.sink = sink;
        this.queueFrames = queueFrames;
        this.multiplexed = multiplexed;
    }

    /** Set once by the fan-out while opening, before any tick can see the viewer. */
    void subscribe(List<Subscription> plots) {
        subscriptions = List.copyOf(plots);
    }

    List<Subscription> subscriptions() {
        return subscriptions;
    }

    /** This socket's subscription to {@code plotId}, if it has one. */
    Subscription subscription(String plotId) {
        for (Subscription subscription : subscriptions) {
            if (subscription.plotId().equals(plotId)) {
                return subscription;
            }
        }
        return null;
    }

    /** A multiplexed socket stays open when one of its plots is deleted; a single-plot socket closes. */
    boolean multiplexed() {
        return multiplexed;
    }

    /** True while its send queue holds {@code viewerQueueFrames} frames not yet written. */
    boolean queueFull() {
        return framesInFlight.get() >= queueFrames;
    }

    int framesInFlight() {
        return framesInFlight.get();
    }

    void send(EncodedFrame frame, Runnable onFailure) {
        framesInFlight.incrementAndGet();
        sink.send(frame, failure -> {
            framesInFlight.decrementAndGet();
            if (failure != null) {
                onFailure.run();
            }
        });
    }

    void close(String reason) {
        closed = true;
        sink.close(reason);
    }

    void markClosed() {
        closed = true;
    }

    /** True for the first caller only: the fan-out frees this socket's slot exactly once. */
    boolean forget() {
        return forgotten.compareAndSet(false, true);
    }

    boolean closed() {
        return closed;
    }
}
