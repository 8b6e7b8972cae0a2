package io.plotstream.point;

/**
 * What happens when a record has no value where a point needs one (tombstone, missing field, null field).
 * FAIL makes the record a bad record (reported to the DLQ under errors.tolerance=all, else the task
 * fails); SKIP drops that series' point for the record and counts it.
 */
public enum MissingValuePolicy {
    FAIL, SKIP
}
