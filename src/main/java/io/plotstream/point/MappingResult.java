package io.plotstream.point;

import java.util.List;

/**
 * The points one record produced, one per series that was not skipped, plus a human-readable
 * reason for each series skipped by a {@link MissingValuePolicy#SKIP} policy (counted by the task).
 */
public record MappingResult(List<SeriesPoint> points, List<String> skipReasons) {
}
