package io.plotstream.server.log;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the embedded engine.
 *
 * @param segmentBytes    a segment is rolled before a record would take it past this (a record larger
 *                        than a segment gets one of its own); only whole sealed segments are ever deleted
 * @param limitBytes      the most the log directory may hold (sealed segments, the active one and the
 *                        records waiting to be written); an append beyond it fails with "log full"
 * @param maxPendingBytes records accepted but not yet durable, in bytes: an append waits up to
 *                        {@code appendTimeout} for room, then fails (backpressure on ingest threads)
 * @param appendTimeout   how long an append may wait for room among the pending records
 * @param retryInterval   after a failed write or force, how often the committer tries to heal the tail
 * @param channels        opens segment files (tests inject failing channels)
 */
public record SegmentLogOptions(long segmentBytes, long limitBytes, long maxPendingBytes, Duration appendTimeout,
                                Duration retryInterval, ChannelFactory channels) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final long DEFAULT_LIMIT_BYTES = 1L << 30;
    public static final long DEFAULT_MAX_PENDING_BYTES = 32L << 20;

    public SegmentLogOptions {
        Objects.requireNonNull(appendTimeout, "appendTimeout");
        Objects.requireNonNull(retryInterval, "retryInterval");
        Objects.requireNonNull(channels, "channels");
        if (segmentBytes < 1024) {
            throw new IllegalArgumentException("segmentBytes must be at least 1024, was " + segmentBytes);
        }
        if (limitBytes < 2 * segmentBytes) {
            // the active segment is never deleted: below two segments checkpoints could never free room
            throw new IllegalArgumentException("limitBytes (" + limitBytes + ") must be at least twice segmentBytes ("
                    + segmentBytes + ")");
        }
        if (maxPendingBytes < 1024) {
            throw new IllegalArgumentException("maxPendingBytes must be at least 1024, was " + maxPendingBytes);
        }
        if (appendTimeout.isNegative() || retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("appendTimeout must be >= 0 and retryInterval > 0");
        }
    }

    /** 64 MiB segments, 1 GiB limit, 32 MiB pending, 5 s append timeout, retry every second, real files. */
    public static SegmentLogOptions defaults() {
        return new SegmentLogOptions(DEFAULT_SEGMENT_BYTES, DEFAULT_LIMIT_BYTES, DEFAULT_MAX_PENDING_BYTES,
                Duration.ofSeconds(5), Duration.ofSeconds(1), ChannelFactory.FILES);
    }

    public SegmentLogOptions withSegmentBytes(long value) {
        return new SegmentLogOptions(value, limitBytes, maxPendingBytes, appendTimeout, retryInterval, channels);
    }

    public SegmentLogOptions withLimitBytes(long value) {
        return new SegmentLogOptions(segmentBytes, value, maxPendingBytes, appendTimeout, retryInterval, channels);
    }

    public SegmentLogOptions withMaxPendingBytes(long value) {
        return new SegmentLogOptions(segmentBytes, limitBytes, value, appendTimeout, retryInterval, channels);
    }

    public SegmentLogOptions withAppendTimeout(Duration value) {
        return new SegmentLogOptions(segmentBytes, limitBytes, maxPendingBytes, value, retryInterval, channels);
    }

    public SegmentLogOptions withRetryInterval(Duration value) {
        return new SegmentLogOptions(segmentBytes, limitBytes, maxPendingBytes, appendTimeout, value, channels);
    }

    public SegmentLogOptions withChannels(ChannelFactory value) {
        return new SegmentLogOptions(segmentBytes, limitBytes, maxPendingBytes, appendTimeout, retryInterval, value);
    }
}
