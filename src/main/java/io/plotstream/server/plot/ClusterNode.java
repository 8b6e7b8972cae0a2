package io.plotstream.server.plot;

import java.time.Duration;
import java.util.Objects;

/**
 * How this server takes part in a cluster over a shared log.
 *
 * @param nodeId        this node's name in leases and logs (unique per running node)
 * @param stewardLease  how long one node alone trims and checkpoints a plot before any node may again
 * @param applyWait     how long an API change waits for this node's replica to apply it (read-your-writes)
 */
public record ClusterNode(String nodeId, Duration stewardLease, Duration applyWait) {

    public ClusterNode {
        Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
        if (stewardLease.isNegative() || stewardLease.isZero() || applyWait.isNegative() || applyWait.isZero()) {
            throw new IllegalArgumentException("lease and wait must be positive");
        }
    }
}
