package io.plotstream.stream;

/**
 * The states of a stream's writer ({@link StreamWriter}) and its connection.
 *
 * <pre>
 *            something to send                 server ends it: RECONNECT / BACK_OFF
 * CONNECTING ------------------> STREAMING ----------------------------------------> BACKING_OFF
 *   ^   |  connect failed                |  \  close requested and nothing left        |
 *   |   +----------------------------> BACKING_OFF   \  to write, or close deadline     |
 *   +------------------------------------------------------------------------------------+
 *                               backoff over           v
 *                                                   CLOSING --(2xx, or no answer in time)--> CLOSED
 *  any state --(server ends it: STOP, or the writer breaks)--> FAILED
 *  CONNECTING / BACKING_OFF --(close requested and nothing outstanding, or close deadline)--> CLOSED
 * </pre>
 *
 * CLOSED and FAILED are final: the writer thread has ended, and every point not delivered was
 * failed (with the permanent failure in FAILED).
 */
public enum WriterState {
    /** No connection; opens one as soon as something is outstanding. */
    CONNECTING,
    /** A connection is open: writes, heartbeats, confirmations. */
    STREAMING,
    /** No connection; waits out the reconnect delay. */
    BACKING_OFF,
    /** The body was ended cleanly; waiting for the server's response. */
    CLOSING,
    /** Closed on request. */
    CLOSED,
    /** Ended for good by the server's answer (or an unexpected error). */
    FAILED;

    boolean isFinal() {
        return this == CLOSED || this == FAILED;
    }
}
