package io.plotstream.point;

/**
 * How one series pulls its point out of a record. {@code x} null means "the record timestamp";
 * {@code y} is required, and must be of {@code yType}; the others are optional (null = not extracted).
 */
public record SeriesSpec(String name, FieldRef x, FieldRef y, FieldRef text, FieldRef markerColor, FieldRef markerSize,
                         YType yType) {

    /** A series whose y must be a number (the connector's default). */
    public SeriesSpec(String name, FieldRef x, FieldRef y, FieldRef text, FieldRef markerColor, FieldRef markerSize) {
        this(name, x, y, text, markerColor, markerSize, YType.NUMBER);
    }
}
