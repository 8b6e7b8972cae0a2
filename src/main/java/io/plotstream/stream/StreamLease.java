package io.plotstream.stream;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A holder's claim on a {@link TokenStream}; closing it releases the claim (idempotent). The stream
 * stays open while any lease is held and lingers after the last one is released.
 */
public final class StreamLease implements AutoCloseable {
    private final StreamRegistry registry;
    private final StreamRegistry.Entry entry;
    private final AtomicBoolean closed = new AtomicBoolean();

    StreamLease(StreamRegistry registry, StreamRegistry.Entry entry) {
        this.registry = registry;
        this.entry = entry;
    }

    /**
     * The leased stream.
     *
     * @throws IllegalStateException once this lease is closed
     */
    public TokenStream stream() {
        if (closed.get()) {
            throw new IllegalStateException("lease on the stream for token " + entry.stream.maskedToken()
                    + " was already closed");
        }
        return entry.stream;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            registry.release(entry);
        }
    }
}
