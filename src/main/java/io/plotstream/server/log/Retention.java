package io.plotstream.server.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which segments may be deleted. For each segment it knows, per plot, the last position of
 * that plot's records in it; for each plot, the position its newest durable checkpoint covers. A
 * sealed segment goes once every plot in it is covered there; the active segment never goes (the
 * committer writes to it). Pure bookkeeping under one lock; the caller deletes the files it is given.
 *
 * <p>A plot's checkpoint entry is kept while a segment holds the plot (or while records issued before
 * the checkpoint may still be on their way to the file); a deleted plot is "covered up to every
 * position issued so far", so a plot recreated under the same id starts uncovered again.
 */
final class Retention {

    /** A segment that no longer receives records. */
    static final class Sealed {
        final Path path;
        final long bytes;
        final Map<String, Long> lastPositions;

        Sealed(Path path, long bytes, Map<String, Long> lastPositions) {
            this.path = path;
            this.bytes = bytes;
            this.lastPositions = lastPositions;
        }
    }

    private final Map<String, Long> covered = new HashMap<>();
    private final List<Sealed> sealed = new ArrayList<>();
    private Map<String, Long> active = new HashMap<>();
    private long writtenHigh = OperationLog.NONE;

    /** Records of these plots (plot → its last position) are now in the active segment. */
    synchronized void written(Map<String, Long> lastPositions, long highest) {
        lastPositions.forEach((plot, position) -> active.merge(plot, position, Math::max));
        writtenHigh = Math.max(writtenHigh, highest);
    }

    /** The active segment became {@code path} of {@code bytes}; a new, empty one is active. */
    synchronized List<Sealed> seal(Path path, long bytes) {
        Map<String, Long> plots = active;
        active = new HashMap<>();
        plots.entrySet().removeIf(e -> isCovered(e.getKey(), e.getValue()));
        sealed.add(new Sealed(path, bytes, plots));
        List<Sealed> deletable = takeDeletable();
        pruneCheckpoints();
        return deletable;
    }

    /**
     * Drops the checkpoints of plots no segment holds whose records have all been written (a deleted
     * plot's last entry, say): once per segment, so the map stays bounded by the plots in the log.
     */
    private void pruneCheckpoints() {
        Set<String> held = new HashSet<>(active.keySet());
        sealed.forEach(s -> held.addAll(s.lastPositions.keySet()));
        covered.entrySet().removeIf(e -> e.getValue() <= writtenHigh && !held.contains(e.getKey()));
    }

    /** Seeds the checkpoint of a plot found by recovery. */
    synchronized void coveredAtStart(String plotId, long position) {
        if (position != OperationLog.NONE) {
            covered.merge(plotId, position, Math::max);
        }
    }

    /** {@code plotId} is covered up to and including {@code position}; returns segments now deletable. */
    synchronized List<Sealed> checkpointed(String plotId, long position) {
        long now = covered.merge(plotId, position, Math::max);
        List<Sealed> deletable = new ArrayList<>();
        for (Iterator<Sealed> it = sealed.iterator(); it.hasNext(); ) {
            Sealed segment = it.next();
            Long last = segment.lastPositions.get(plotId);
            if (last != null && last <= now) {
                segment.lastPositions.remove(plotId);
                if (segment.lastPositions.isEmpty()) {
                    it.remove();
                    deletable.add(segment);
                }
            }
        }
        if (now <= writtenHigh && !active.containsKey(plotId) && sealed.stream()
                .noneMatch(s -> s.lastPositions.containsKey(plotId))) {
            covered.remove(plotId); // every later record of this plot has a higher position anyway
        }
        return deletable;
    }

    /** Sealed segments whose plots are all covered (after recovery seeded them). */
    synchronized List<Sealed> takeDeletable() {
        List<Sealed> deletable = new ArrayList<>();
        for (Iterator<Sealed> it = sealed.iterator(); it.hasNext(); ) {
            Sealed segment = it.next();
            segment.lastPositions.entrySet().removeIf(e -> isCovered(e.getKey(), e.getValue()));
            if (segment.lastPositions.isEmpty()) {
                it.remove();
                deletable.add(segment);
            }
        }
        return deletable;
    }

    synchronized int sealedSegments() {
        return sealed.size();
    }

    synchronized int trackedPlots() {
        return covered.size();
    }

    private boolean isCovered(String plotId, long lastPosition) {
        Long position = covered.get(plotId);
        return position != null && lastPosition <= position;
    }
}
