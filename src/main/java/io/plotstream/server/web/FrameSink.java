package io.plotstream.server.web;

import java.util.function.Consumer;

/** One viewer's connection as the fan-out sees it: somewhere to put text frames, without waiting. */
interface FrameSink {

    /**
     * Queues a frame and returns at once (the fan-out tick thread must never wait on a socket).
     * The frame is shared with other viewers: send {@link EncodedFrame#payload()}, a view of its own.
     *
     * @param whenDone called once the frame is written (with {@code null}) or failed (with the cause)
     */
    void send(EncodedFrame frame, Consumer<Throwable> whenDone);

    /**
     * As {@link #send}, but the frame may wait in the connection's batch buffer until {@link #flush}:
     * several frames for one socket in one tick then go out in one write. The fan-out always flushes
     * every socket it batched for before its tick ends.
     */
    default void sendBatched(EncodedFrame frame, Consumer<Throwable> whenDone) {
        send(frame, whenDone);
    }

    /** Writes what {@link #sendBatched} left waiting. */
    default void flush() {
    }

    /** Ends the connection, telling the browser why. */
    void close(String reason);
}
