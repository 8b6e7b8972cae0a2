package io.plotstream.stream;

/**
 * The outcome of one enqueued point, told exactly once. Called on a stream thread: must be quick,
 * thread-safe and must not call back into the stream.
 */
public interface Delivery {

    /**
     * The point's bytes were flushed on a stream that stayed healthy for the ack delay after them (or
     * it was deliberately folded away by decimation / superseded in window mode, which is the
     * configured outcome for it).
     */
    void delivered();

    /** The stream refused the token for good (400/403/404/405/406/422): this point will never be delivered. */
    void failed(StreamException cause);
}
