package io.plotstream.stream;

/**
 * The outcome of one offered batch, told exactly once. Called on the stream's writer thread: must
 * be quick, thread-safe and must not call back into the stream. It is never called while the stream
 * holds a lock, but a caller must not stay blocked in {@code offer()} while holding a lock this
 * callback needs, or the writer stalls behind it.
 */
public interface Delivery {

    /**
     * Every point of the batch was flushed on a stream that stayed healthy for the ack delay after
     * it (or was deliberately folded away by decimation / superseded in window mode, which is the
     * configured outcome for it).
     */
    void delivered();

    /**
     * The batch will never be delivered: the stream refused the token for good (400/403/404/405/406/
     * 413/422/431), or it was closed before the batch was confirmed.
     */
    void failed(StreamException cause);
}
