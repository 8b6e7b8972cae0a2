package io.plotstream.stream;

/**
 * The outcome of one enqueued point, told exactly once. Called on a stream thread: must be quick,
 * thread-safe and must not call back into the stream. It is never called while the stream holds its
 * own lock, but it runs on the stream's single writer thread: a caller must not stay blocked in
 * {@code offer()} while holding a lock this callback needs, or the writer stalls behind it (offer
 * first, then record under the lock, or record and release the lock before offering).
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
