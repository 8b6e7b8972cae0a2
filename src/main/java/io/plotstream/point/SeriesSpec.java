package io.plotstream.point;

/**
 * How one series pulls its point out of a record. {@code x} null means "the record timestamp";
 * {@code y} is required; the others are optional (null = not extracted).
 */
public record SeriesSpec(String name, FieldRef x, FieldRef y, FieldRef text, FieldRef markerColor, FieldRef markerSize) {
}
