package io.plotstream.point;

import java.util.Objects;

/**
 * A point together with the name of the series (configured extraction) that produced it. The ones
 * {@link PointMapper#map} returns are reused by its next call (see there).
 */
public final class SeriesPoint {
    private final String series;
    private Point point; // changed only by the PointMapper that owns this instance (reuse)

    public SeriesPoint(String series, Point point) {
        this.series = series;
        this.point = point;
    }

    /** The owning mapper's next point for this series: saves a SeriesPoint per point. */
    SeriesPoint reuse(Point next) {
        this.point = next;
        return this;
    }

    public String series() {
        return series;
    }

    public Point point() {
        return point;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SeriesPoint)) {
            return false;
        }
        SeriesPoint other = (SeriesPoint) o;
        return Objects.equals(series, other.series) && Objects.equals(point, other.point);
    }

    @Override
    public int hashCode() {
        return Objects.hash(series, point);
    }

    @Override
    public String toString() {
        return "SeriesPoint[series=" + series + ", point=" + point + "]";
    }
}
