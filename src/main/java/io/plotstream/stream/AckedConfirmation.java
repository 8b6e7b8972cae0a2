package io.plotstream.stream;

import java.util.function.LongSupplier;

/**
 * The server acknowledges: a write is confirmed exactly when the server's cumulative count of
 * durable lines covers its last line. Time confirms nothing.
 */
final class AckedConfirmation implements Confirmation {
    private final LongSupplier acknowledgedLines;

    /** @param acknowledgedLines the connection's latest cumulative acknowledgement */
    AckedConfirmation(LongSupplier acknowledgedLines) {
        this.acknowledgedLines = acknowledgedLines;
    }

    @Override
    public boolean confirms(Sent write, long nowNanos) {
        return write.lastLine <= acknowledgedLines.getAsLong();
    }

    @Override
    public long dueNanos(Sent write) {
        return Long.MAX_VALUE; // the reader wakes the writer when an acknowledgement arrives
    }

    @Override
    public boolean byTime() {
        return false;
    }

    @Override
    public String toString() {
        return "acknowledged";
    }
}
