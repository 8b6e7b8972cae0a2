package io.plotstream.server.log;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * An operation log that several server nodes share (the Redis engine): every node reads every plot's
 * records back in the same order, so a node applies a record only when its {@link LogTail} hands it
 * over, never straight after its own append. Positions of a plot mean the same on every node.
 *
 * <p>Beyond {@link OperationLog}: definitions and deletions are appended by scripts that also keep
 * the plot's "live" mark and announce the change to every node; checkpoints are stored in the shared
 * store (so a node that starts, or fell behind a trim, loads them), written by whichever node holds
 * the plot's short checkpoint lease.
 */
public interface SharedLog extends OperationLog {

    /** Every plot that has a log, sorted (found by SCAN: no key spans plots). */
    Set<String> plotIds() throws IOException;

    /**
     * Appends a DEFINE record and marks the plot live, atomically. With {@code onlyIfAbsent} (a POST
     * create, open mode's first stream of a token) the future fails with
     * {@link PlotExistsInLogException} when the plot is live already and nothing is appended. A plot
     * that was not live before is announced to every node.
     */
    CompletableFuture<Long> appendDefinition(String plotId, byte[] record, boolean onlyIfAbsent);

    /** Appends a DELETE record and clears the plot's live mark, atomically, and announces it. */
    CompletableFuture<Long> appendDeletion(String plotId, byte[] record);

    /** The stored checkpoint of a plot, or empty. Blocking: for start and for a replica's reload. */
    Optional<StoredCheckpoint> loadCheckpoint(String plotId) throws IOException;

    /**
     * Stores a checkpoint only if it covers more than the stored one, then drops the records it
     * covers; completes with whether it was stored. The write-ahead rule of {@link #checkpointed} holds.
     */
    CompletableFuture<Boolean> storeCheckpoint(String plotId, long position, byte[] state);

    /** Whether this node may write the plot's checkpoint now: a lease of {@code lease} that one node holds. */
    boolean claimCheckpoint(String plotId, String nodeId, Duration lease);

    /**
     * Starts the one thread that follows every plot's log (those in {@code startAfter} from the given
     * positions, every plot announced later from its start) and the announcements.
     */
    LogTail tail(Map<String, Long> startAfter, TailListener listener);
}
