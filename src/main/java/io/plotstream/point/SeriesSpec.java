package io.plotstream.point;

import java.util.Objects;

/**
 * How one series pulls its point out of a record. {@code x} null means "the record timestamp";
 * {@code y} is required, and must be of {@code yType}; the others are optional (null = not extracted).
 * {@code xUnit}, when set, says a numeric x counts time since the epoch in that unit (null: a number
 * stays a number).
 */
public final class SeriesSpec {
    private final String name;
    private final FieldRef x;
    private final FieldRef y;
    private final FieldRef text;
    private final FieldRef markerColor;
    private final FieldRef markerSize;
    private final YType yType;
    private final EpochUnit xUnit;

    public SeriesSpec(String name, FieldRef x, FieldRef y, FieldRef text, FieldRef markerColor, FieldRef markerSize,
                      YType yType, EpochUnit xUnit) {
        this.name = name;
        this.x = x;
        this.y = y;
        this.text = text;
        this.markerColor = markerColor;
        this.markerSize = markerSize;
        this.yType = yType;
        this.xUnit = xUnit;
    }

    /** A series whose numeric x, if any, stays a number. */
    public SeriesSpec(String name, FieldRef x, FieldRef y, FieldRef text, FieldRef markerColor, FieldRef markerSize,
                      YType yType) {
        this(name, x, y, text, markerColor, markerSize, yType, null);
    }

    /** A series whose y must be a number (the connector's default). */
    public SeriesSpec(String name, FieldRef x, FieldRef y, FieldRef text, FieldRef markerColor, FieldRef markerSize) {
        this(name, x, y, text, markerColor, markerSize, YType.NUMBER);
    }

    public String name() {
        return name;
    }

    public FieldRef x() {
        return x;
    }

    public FieldRef y() {
        return y;
    }

    public FieldRef text() {
        return text;
    }

    public FieldRef markerColor() {
        return markerColor;
    }

    public FieldRef markerSize() {
        return markerSize;
    }

    public YType yType() {
        return yType;
    }

    /** The unit of a numeric epoch x, or null when a numeric x is plotted as the number it is. */
    public EpochUnit xUnit() {
        return xUnit;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SeriesSpec)) {
            return false;
        }
        SeriesSpec other = (SeriesSpec) o;
        return Objects.equals(name, other.name) && Objects.equals(x, other.x) && Objects.equals(y, other.y)
                && Objects.equals(text, other.text) && Objects.equals(markerColor, other.markerColor)
                && Objects.equals(markerSize, other.markerSize) && Objects.equals(yType, other.yType)
                && Objects.equals(xUnit, other.xUnit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, x, y, text, markerColor, markerSize, yType, xUnit);
    }

    @Override
    public String toString() {
        return "SeriesSpec[name=" + name + ", x=" + x + ", y=" + y + ", text=" + text + ", markerColor=" + markerColor
                + ", markerSize=" + markerSize + ", yType=" + yType + ", xUnit=" + xUnit + "]";
    }
}
