package io.plotstream.point;

/**
 * One point of a trace, already converted to values plotly.js accepts: {@link Number} (finite),
 * {@link String} (dates as {@code "YYYY-MM-DD HH:MM:SS.ffffff"}) or {@link Boolean}.
 * {@code text}, {@code markerColor} and {@code markerSize} are optional (null = not sent).
 *
 * <p>Deliberately free of Kafka types: the stream client serialises points without knowing where
 * they came from.
 */
public record Point(Object x, Object y, Object text, Object markerColor, Object markerSize) {

    public static Point of(Object x, Object y) {
        return new Point(x, y, null, null, null);
    }
}
