package io.plotstream.point;

import java.time.ZoneId;

/**
 * Record-independent settings of the mapping.
 *
 * @param zone           time zone in which timestamps are written as Plotly date strings
 * @param numericStrings whether strings such as {@code "12.5"} become numbers for y and marker.size
 * @param onTombstone    a record whose value is null
 * @param onMissing      a referenced field that does not exist in the record
 * @param onNull         a referenced field that exists but is null
 * @param maxValueChars  longest string value written to a stream; longer is a bad record
 */
public record MappingOptions(ZoneId zone, boolean numericStrings, MissingValuePolicy onTombstone,
                             MissingValuePolicy onMissing, MissingValuePolicy onNull, int maxValueChars) {
}
