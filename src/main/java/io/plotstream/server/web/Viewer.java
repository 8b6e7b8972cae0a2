package io.plotstream.server.web;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One browser watching one plot. Its cursor (what it has been sent) is read and written only on the
 * fan-out tick thread; the flags are set from socket threads.
 */
final class Viewer {

    private final String plotId;
    private final FrameSink sink;
    private final int queueFrames;
    private final AtomicInteger framesInFlight = new AtomicInteger();
    private volatile boolean snapshotWanted = true;
    private volatile boolean closed;

    // Tick thread only.
    private long structureVersion;
    private long[] traceCounts;

    Viewer(String plotId, FrameSink sink, int queueFrames) {
        this.plotId = plotId;
        this.sink = sink;
        this.queueFrames = queueFrames;
    }

    String plotId() {
        return plotId;
    }

    /** True while its send queue holds {@code viewerQueueFrames} frames not yet written. */
    boolean queueFull() {
        return framesInFlight.get() >= queueFrames;
    }

    int framesInFlight() {
        return framesInFlight.get();
    }

    /** The browser asked for (or the fan-out decided on) a whole figure at the next push. */
    void wantSnapshot() {
        snapshotWanted = true;
    }

    boolean snapshotWanted() {
        return snapshotWanted || traceCounts == null;
    }

    long structureVersion() {
        return structureVersion;
    }

    long[] traceCounts() {
        return traceCounts;
    }

    /** Moves the cursor when a frame is queued: frames on one socket arrive in order. */
    void sent(long newStructureVersion, long[] newTraceCounts, boolean wasSnapshot) {
        structureVersion = newStructureVersion;
        traceCounts = newTraceCounts;
        if (wasSnapshot) {
            snapshotWanted = false;
        }
    }

    void send(String frame, Runnable onFailure) {
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

    boolean closed() {
        return closed;
    }
}
