package io.plotstream.server.plot;

/**
 * Memory caps of the downsampled history ({@link TraceHistory}).
 *
 * @param bytesPerTrace most bytes one streamed trace's history may hold (0 turns history off)
 * @param bytesTotal    most bytes all histories together may hold (0 turns history off)
 */
public record HistoryLimits(long bytesPerTrace, long bytesTotal) {

    /** 1 MiB per trace (about 2,180 buckets per level, six levels), 256 MiB in total: ServerConfig's defaults. */
    public static final HistoryLimits DEFAULT = new HistoryLimits(1024L * 1024, 256L * 1024 * 1024);
    public static final HistoryLimits OFF = new HistoryLimits(0, 0);

    public HistoryLimits {
        if (bytesPerTrace < 0 || bytesTotal < 0) {
            throw new IllegalArgumentException("history byte limits must be >= 0, were " + bytesPerTrace + " and " + bytesTotal);
        }
    }

    public boolean enabled() {
        return bytesPerTrace > 0 && bytesTotal > 0;
    }
}
