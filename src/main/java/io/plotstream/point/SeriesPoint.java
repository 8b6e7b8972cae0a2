package io.plotstream.point;

/** A point together with the name of the series (configured extraction) that produced it. */
public record SeriesPoint(String series, Point point) {
}
