package io.plotstream.point;

import java.time.ZoneId;
import java.util.Objects;

/**
 * Record-independent settings of the mapping.
 */
public final class MappingOptions {
    /** Time zone in which timestamps are written as Plotly date strings. */
    private final ZoneId zone;
    /** Whether strings such as {@code "12.5"} become numbers for y and marker.size. */
    private final boolean numericStrings;
    /** A record whose value is null. */
    private final MissingValuePolicy onTombstone;
    /** A referenced field that does not exist in the record. */
    private final MissingValuePolicy onMissing;
    /** A referenced field that exists but is null. */
    private final MissingValuePolicy onNull;
    /** Longest string value written to a stream; longer is a bad record. */
    private final int maxValueChars;

    /**
     * @param zone           time zone in which timestamps are written as Plotly date strings
     * @param numericStrings whether strings such as {@code "12.5"} become numbers for y and marker.size
     * @param onTombstone    a record whose value is null
     * @param onMissing      a referenced field that does not exist in the record
     * @param onNull         a referenced field that exists but is null
     * @param maxValueChars  longest string value written to a stream; longer is a bad record
     */
    public MappingOptions(ZoneId zone, boolean numericStrings, MissingValuePolicy onTombstone,
                          MissingValuePolicy onMissing, MissingValuePolicy onNull, int maxValueChars) {
        this.zone = zone;
        this.numericStrings = numericStrings;
        this.onTombstone = onTombstone;
        this.onMissing = onMissing;
        this.onNull = onNull;
        this.maxValueChars = maxValueChars;
    }

    /** Time zone in which timestamps are written as Plotly date strings. */
    public ZoneId zone() {
        return zone;
    }

    /** Whether strings such as {@code "12.5"} become numbers for y and marker.size. */
    public boolean numericStrings() {
        return numericStrings;
    }

    /** What happens to a record whose value is null. */
    public MissingValuePolicy onTombstone() {
        return onTombstone;
    }

    /** What happens when a referenced field does not exist in the record. */
    public MissingValuePolicy onMissing() {
        return onMissing;
    }

    /** What happens when a referenced field exists but is null. */
    public MissingValuePolicy onNull() {
        return onNull;
    }

    /** Longest string value written to a stream; longer is a bad record. */
    public int maxValueChars() {
        return maxValueChars;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MappingOptions)) {
            return false;
        }
        MappingOptions other = (MappingOptions) o;
        return Objects.equals(zone, other.zone) && numericStrings == other.numericStrings
                && Objects.equals(onTombstone, other.onTombstone) && Objects.equals(onMissing, other.onMissing)
                && Objects.equals(onNull, other.onNull)
                && maxValueChars == other.maxValueChars;
    }

    @Override
    public int hashCode() {
        return Objects.hash(zone, numericStrings, onTombstone, onMissing, onNull, maxValueChars);
    }

    @Override
    public String toString() {
        return "MappingOptions[zone=" + zone + ", numericStrings=" + numericStrings + ", onTombstone=" + onTombstone
                + ", onMissing=" + onMissing + ", onNull=" + onNull + ", maxValueChars=" + maxValueChars + "]";
    }
}
