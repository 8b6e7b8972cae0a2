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

    /** Ends the connection, telling the browser why. */
    void close(String reason);
}
