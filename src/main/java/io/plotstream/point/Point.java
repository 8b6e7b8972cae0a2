package io.plotstream.point;

import java.util.Objects;

/**
 * One point of a trace, already converted to values plotly.js accepts: {@link Number} (finite),
 * {@link String} (dates as {@code "YYYY-MM-DD HH:MM:SS.ffffff"}) or {@link Boolean}.
 * {@code text}, {@code markerColor} and {@code markerSize} are optional (null = not sent).
 *
 * <p>Deliberately free of Kafka types: the stream client serialises points without knowing where
 * they came from.
 *
 * <p>Immutable value class (a record in spirit, a class so that it compiles for Java 11): equality,
 * hash code and text form are over all five attributes.
 */
public final class Point {
    private final Object x;
    private final Object y;
    /** The optional attributes, or null when there are none: most points are only x and y (24 bytes, not 32). */
    private final Styled styled;

    public Point(Object x, Object y, Object text, Object markerColor, Object markerSize) {
        this.x = x;
        this.y = y;
        this.styled = text == null && markerColor == null && markerSize == null
                ? null : new Styled(text, markerColor, markerSize);
    }

    public static Point of(Object x, Object y) {
        return new Point(x, y, null, null, null);
    }

    public Object x() {
        return x;
    }

    public Object y() {
        return y;
    }

    public Object text() {
        return styled == null ? null : styled.text;
    }

    public Object markerColor() {
        return styled == null ? null : styled.markerColor;
    }

    public Object markerSize() {
        return styled == null ? null : styled.markerSize;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Point)) {
            return false;
        }
        Point other = (Point) o;
        return Objects.equals(x, other.x) && Objects.equals(y, other.y) && Objects.equals(text(), other.text())
                && Objects.equals(markerColor(), other.markerColor()) && Objects.equals(markerSize(), other.markerSize());
    }

    @Override
    public int hashCode() {
        return Objects.hash(x, y, text(), markerColor(), markerSize());
    }

    @Override
    public String toString() {
        return "Point[x=" + x + ", y=" + y + ", text=" + text() + ", markerColor=" + markerColor()
                + ", markerSize=" + markerSize() + "]";
    }

    private static final class Styled {
        final Object text;
        final Object markerColor;
        final Object markerSize;

        Styled(Object text, Object markerColor, Object markerSize) {
            this.text = text;
            this.markerColor = markerColor;
            this.markerSize = markerSize;
        }
    }
}
