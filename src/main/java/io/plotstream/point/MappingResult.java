package io.plotstream.point;

import java.util.List;
import java.util.Objects;

/**
 * The points one record produced, one per series that was not skipped, plus a human-readable
 * reason for each series skipped by a {@link MissingValuePolicy#SKIP} policy (counted by the task).
 * What {@link PointMapper#map} returns is reused by its next call: read it before mapping the next record.
 */
public final class MappingResult {
    private final List<SeriesPoint> points;
    private final List<String> skipReasons;

    public MappingResult(List<SeriesPoint> points, List<String> skipReasons) {
        this.points = points;
        this.skipReasons = skipReasons;
    }

    public List<SeriesPoint> points() {
        return points;
    }

    public List<String> skipReasons() {
        return skipReasons;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MappingResult)) {
            return false;
        }
        MappingResult other = (MappingResult) o;
        return Objects.equals(points, other.points) && Objects.equals(skipReasons, other.skipReasons);
    }

    @Override
    public int hashCode() {
        return Objects.hash(points, skipReasons);
    }

    @Override
    public String toString() {
        return "MappingResult[points=" + points + ", skipReasons=" + skipReasons + "]";
    }
}
