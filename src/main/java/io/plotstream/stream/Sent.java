package io.plotstream.stream;

import java.io.IOException;

/**
 * One write that went (or is about to go) out on a connection: its bytes, and which batches' points
 * it carries. Confirmed by the connection's {@link Confirmation} (the server's acknowledgement of
 * its last line, or the ack delay after its flush); re-queued by its shaping strategy if the
 * connection ends first. Writer-thread only.
 */
abstract class Sent {
    /** When its bytes were flushed, by the stream's clock. */
    long flushedNanos;
    /**
     * The number of its last line on the connection it was flushed on (1-based, counting every
     * {@code \n} written there, heartbeats included): an acknowledgement of at least this many lines
     * confirms it.
     */
    long lastLine;

    /** How many lines ({@code \n}s) its chunks carry. */
    abstract int lines();

    /** Enqueue time of the oldest point this write carries, for the age of what is undelivered. */
    abstract long oldestEnqueuedNanos();

    /** Writes this write's chunk(s), unflushed. */
    abstract void writeTo(ChunkOut out) throws IOException;

    /** The connection stayed healthy past the ack delay (or closed with a 2xx): its points are delivered. */
    abstract void confirm(BatchOutcomes outcomes);

    /** The stream failed for good: every batch this write carries fails. */
    abstract void fail(BatchOutcomes outcomes, StreamException cause);

    /** Where a write puts its chunks. */
    interface ChunkOut {
        void chunk(byte[] data, int off, int len) throws IOException;
    }
}
