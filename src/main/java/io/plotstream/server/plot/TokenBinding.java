package io.plotstream.server.plot;

/** The traces of one plot a token feeds. */
public record TokenBinding(Plot plot, int[] traceIndices) {
}
