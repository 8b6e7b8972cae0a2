package io.plotstream.server.log;

/** The running follower of a {@link SharedLog}; see {@link SharedLog#tail}. */
public interface LogTail extends AutoCloseable {

    /** Follows a plot again from after {@code after} (after a reload from its checkpoint). */
    void restart(String plotId, long after);

    /** The position of the last record of a plot handed on ({@link OperationLog#NONE} before any). */
    long position(String plotId);

    /** Stops the thread and releases its connection. Idempotent. */
    @Override
    void close();
}
