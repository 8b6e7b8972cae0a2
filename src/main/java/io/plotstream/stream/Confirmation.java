package io.plotstream.stream;

/**
 * When a write on one connection counts as delivered: one strategy per mode, chosen per connection
 * by {@link AckNegotiation} ({@link AckedConfirmation} where the server acknowledges,
 * {@link DelayConfirmation} where it does not), and {@link #UNDECIDED} until that is known.
 * Writer-thread only.
 */
interface Confirmation {

    /** Before the mode is known nothing is confirmed, whatever the time. */
    Confirmation UNDECIDED = new Confirmation() {
        @Override
        public boolean confirms(Sent write, long nowNanos) {
            return false;
        }

        @Override
        public long dueNanos(Sent write) {
            return Long.MAX_VALUE;
        }

        @Override
        public boolean byTime() {
            return false;
        }

        @Override
        public String toString() {
            return "undecided";
        }
    };

    /** Whether {@code write} is confirmed at {@code nowNanos}. */
    boolean confirms(Sent write, long nowNanos);

    /** When time alone would confirm {@code write}, or {@link Long#MAX_VALUE} when only the server can. */
    long dueNanos(Sent write);

    /**
     * True when time confirms: then the server's first byte must hold confirmations back until the
     * reader has read it (in the plain protocol any byte is the start of the stream's end).
     */
    boolean byTime();
}
