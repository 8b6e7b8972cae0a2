package io.plotstream.point;

import java.util.Objects;

/** A point together with the name of the series (configured extraction) that produced it. */
public final class SeriesPoint {
    private final String series;
    private final Point point;

    public SeriesPoint(String series, Point point) {
        this.series = series;
        this.point = point;
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
