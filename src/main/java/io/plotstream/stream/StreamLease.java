package io.plotstream.stream;

/** A holder's claim on a {@link TokenStream}; closing it releases the claim (idempotent). CONTRACT. */
public final class StreamLease implements AutoCloseable {

    private StreamLease() {
    }

    public TokenStream stream() {
        throw new UnsupportedOperationException("contract");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("contract");
    }
}
