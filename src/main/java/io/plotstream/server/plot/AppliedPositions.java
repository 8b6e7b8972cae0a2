package io.plotstream.server.plot;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Lets a thread that changed a plot through the shared log wait until this node's replica applied
 * the change (the API answers only then, so a client reads its own write from the node it asked).
 * The tail thread publishes each plot's applied position; waiters block on this object's monitor.
 */
final class AppliedPositions {

    private final Map<String, Long> applied = new HashMap<>();

    /** The tail applied {@code plotId}'s record at {@code position} (or skipped it as already applied). */
    synchronized void applied(String plotId, long position) {
        applied.merge(plotId, position, Math::max);
        notifyAll();
    }

    /** Whether the replica applied {@code plotId} up to {@code position}. */
    synchronized boolean appliedAtLeast(String plotId, long position) {
        return applied.getOrDefault(plotId, Long.MIN_VALUE) >= position;
    }

    /** Waits until {@code condition} holds, re-checked after every applied record; false on timeout. */
    synchronized boolean await(BooleanSupplier condition, long waitMs) throws InterruptedException {
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000L));
        }
        return true;
    }
}
