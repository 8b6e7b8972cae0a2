package io.plotstream.server.web;

import java.util.List;

/**
 * A panel's drawing width in CSS pixels, as a browser tells it (docs/VIEWER-WIDTH.md: the {@code width}
 * parameter of the socket URL, or the message {@code {"view":"<id>","width":N}}), and the width a
 * snapshot is actually reduced to.
 *
 * <p>A width is an integer 1..{@link #MAX}; anything else (malformed, fractional, out of range) is
 * ignored, as the contract says, and {@link #NONE} means "no width: whole snapshots".
 *
 * <p>Widths are bucketed ({@link #bucket}): rounded UP to a multiple of {@link #BUCKET_PX}, so
 * panels of nearly the same width share one reduced snapshot and one encoding per tick. Rounding
 * up only ever gives more pixel columns than the panel has, never fewer, so nothing the panel
 * could show is dropped; it costs at most {@code BUCKET_PX - 1} columns (8 % more points at
 * 400 px, less on wider panels).
 */
final class PanelWidth {

    /** No width told: snapshots are sent whole, exactly as before widths existed. */
    static final int NONE = 0;
    static final int MAX = 8192;
    static final int BUCKET_PX = 32;

    private PanelWidth() {
    }

    /** The {@code width} parameter of a socket URL (its first value), or {@link #NONE} when absent or invalid. */
    static int fromQuery(List<String> values) {
        if (values == null || values.isEmpty()) {
            return NONE;
        }
        return parse(values.get(0));
    }

    /** A decimal integer 1..{@link #MAX} (at most 4 digits, so no overflow), or {@link #NONE}. */
    static int parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 4) {
            return NONE;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return NONE;
            }
            value = value * 10 + (c - '0');
        }
        return valid(value) ? value : NONE;
    }

    static boolean valid(long width) {
        return width >= 1 && width <= MAX;
    }

    /** The width a snapshot is reduced to: {@code width} rounded up to a multiple of {@link #BUCKET_PX}; NONE stays NONE. */
    static int bucket(int width) {
        if (width <= NONE) {
            return NONE;
        }
        return (width + BUCKET_PX - 1) / BUCKET_PX * BUCKET_PX;
    }
}
