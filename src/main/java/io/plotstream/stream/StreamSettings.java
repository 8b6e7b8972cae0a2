package io.plotstream.stream;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a {@link TokenStream} needs to know about its server and its behaviour. A value with
 * record semantics (equal when every field is), so two leases of one token with equal settings share
 * one connection. A final class rather than a {@code record} so it compiles for Java 11 workers.
 */
public final class StreamSettings {

    public enum WriteMode { APPEND, WINDOW }

    public enum OverflowPolicy { BACKPRESSURE, DECIMATE }

    /**
     * Whether a stream asks the server for acknowledgements ({@link io.plotstream.protocol.AckChannel}):
     * {@code AUTO} asks on every connection and falls back to the ack delay where the server does not
     * agree; {@code OFF} never asks (the request is then byte for byte what Plotly's clients send).
     */
    public enum AckMode { AUTO, OFF }

    /** How long a connection waits for the server to agree to acknowledge before it falls back. */
    public static final Duration DEFAULT_ACK_HANDSHAKE = Duration.ofSeconds(2);

    /** Plotly's own maxpoints limit: a window larger than this could never be shown whole. */
    public static final int MAX_WINDOW_POINTS = 10_000;
    /** The smallest buffer the connector's configuration allows (a stream itself takes any positive size). */
    public static final long MIN_BUFFER_BYTES = 1024;
    /**
     * Default budget of a caller (a sink task): at the 200 ms ack delay a plain server confirms writes
     * with, 32 MiB carries ~1.4 million points of ~60 bytes per second, more than one task thread
     * maps (~0.9 million here, BENCHMARKS 13d); 16 MiB capped a task below that.
     */
    public static final long DEFAULT_BUFFER_BYTES = 32L * 1024 * 1024;

    private final URI serverUri;
    private final TlsSettings tls;
    private final Duration connectTimeout;
    private final Duration writeTimeout;
    private final Duration closeTimeout;
    private final Duration heartbeatInterval;
    private final Duration backoffInitial;
    private final Duration backoffMax;
    private final double backoffJitter;
    private final long bufferBytes;
    private final double maxWritesPerSecond;
    private final WriteMode mode;
    private final OverflowPolicy overflow;
    private final int windowPoints;
    private final Duration windowRefresh;
    private final Duration linger;
    private final Duration ackDelay;
    private final AckMode ackMode;
    private final Duration ackHandshake;

    /**
     * As the full constructor, asking for acknowledgements ({@link AckMode#AUTO}) with the default
     * handshake window.
     */
    public StreamSettings(URI serverUri, TlsSettings tls, Duration connectTimeout, Duration writeTimeout,
                          Duration closeTimeout, Duration heartbeatInterval, Duration backoffInitial,
                          Duration backoffMax, double backoffJitter, long bufferBytes, double maxWritesPerSecond,
                          WriteMode mode, OverflowPolicy overflow, int windowPoints, Duration windowRefresh,
                          Duration linger, Duration ackDelay) {
        this(serverUri, tls, connectTimeout, writeTimeout, closeTimeout, heartbeatInterval, backoffInitial, backoffMax,
                backoffJitter, bufferBytes, maxWritesPerSecond, mode, overflow, windowPoints, windowRefresh, linger,
                ackDelay, AckMode.AUTO, DEFAULT_ACK_HANDSHAKE);
    }

    /**
     * Validates every field, so a bad value fails where it is configured, not on a stream thread.
     *
     * @param serverUri          {@code http://host:port} or {@code https://...}; POSTs go to {@code /}
     * @param tls                trust/key material for https, or null for the JVM defaults
     * @param connectTimeout     TCP (and TLS handshake) connect timeout
     * @param writeTimeout       a write blocked longer than this counts as a dead connection
     * @param closeTimeout       how long a clean close waits for queued points to drain, and then again for
     *                           the server's final response
     * @param heartbeatInterval  a bare "\n" is written when nothing else was for this long
     * @param backoffInitial     first reconnect delay; doubles up to {@code backoffMax}
     * @param backoffMax         largest reconnect delay (also the delay after a 423 "connection limit")
     * @param backoffJitter      0..1, the random fraction added to or taken from each delay
     * @param bufferBytes        the stream's own {@link ByteBudget}, charged by callers that bring none: most
     *                           bytes they hold in it for points not yet confirmed (queued or written: encoded
     *                           bytes plus bookkeeping)
     * @param maxWritesPerSecond per-token write cap, 0 = none
     * @param mode               append one write per point, or rewrite a window as lists
     * @param overflow           in append mode with a cap: slow down, or decimate
     * @param windowPoints       in window mode: how many newest points are rewritten
     * @param windowRefresh      in window mode: how often the window is rewritten
     * @param linger             how long an unleased stream stays open (heartbeating) before it closes
     * @param ackDelay           against a server that does not acknowledge: a flushed write counts as delivered
     *                           once the stream stayed healthy this long after it
     * @param ackMode            whether to ask the server for acknowledgements
     * @param ackHandshake       how long a connection waits for the server to agree to acknowledge; until then
     *                           nothing is confirmed, after it the ack delay rule applies to that connection
     */
    public StreamSettings(URI serverUri, TlsSettings tls, Duration connectTimeout, Duration writeTimeout,
                          Duration closeTimeout, Duration heartbeatInterval, Duration backoffInitial,
                          Duration backoffMax, double backoffJitter, long bufferBytes, double maxWritesPerSecond,
                          WriteMode mode, OverflowPolicy overflow, int windowPoints, Duration windowRefresh,
                          Duration linger, Duration ackDelay, AckMode ackMode, Duration ackHandshake) {
        Objects.requireNonNull(serverUri, "serverUri");
        String scheme = serverUri.getScheme() == null ? "" : serverUri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("stream server URI must be http:// or https://, got: " + serverUri);
        }
        if (serverUri.getHost() == null || serverUri.getHost().isEmpty()) {
            throw new IllegalArgumentException("stream server URI has no host: " + serverUri);
        }
        positive("connectTimeout", connectTimeout);
        positive("writeTimeout", writeTimeout);
        positive("closeTimeout", closeTimeout);
        positive("heartbeatInterval", heartbeatInterval);
        positive("backoffInitial", backoffInitial);
        positive("backoffMax", backoffMax);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoffMax (" + backoffMax + ") must not be below backoffInitial ("
                    + backoffInitial + ")");
        }
        if (!(backoffJitter >= 0 && backoffJitter <= 1)) {
            throw new IllegalArgumentException("backoffJitter must be between 0 and 1, got " + backoffJitter);
        }
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("bufferBytes must be at least 1, got " + bufferBytes);
        }
        if (!(maxWritesPerSecond >= 0) || Double.isInfinite(maxWritesPerSecond)) {
            throw new IllegalArgumentException("maxWritesPerSecond must be 0 (no cap) or a positive number, got "
                    + maxWritesPerSecond);
        }
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(overflow, "overflow");
        if (windowPoints < 1 || windowPoints > MAX_WINDOW_POINTS) {
            throw new IllegalArgumentException("windowPoints must be between 1 and " + MAX_WINDOW_POINTS + ", got "
                    + windowPoints);
        }
        positive("windowRefresh", windowRefresh);
        notNegative("linger", linger);
        notNegative("ackDelay", ackDelay);
        Objects.requireNonNull(ackMode, "ackMode");
        positive("ackHandshake", ackHandshake);
        this.serverUri = serverUri;
        this.tls = tls;
        this.connectTimeout = connectTimeout;
        this.writeTimeout = writeTimeout;
        this.closeTimeout = closeTimeout;
        this.heartbeatInterval = heartbeatInterval;
        this.backoffInitial = backoffInitial;
        this.backoffMax = backoffMax;
        this.backoffJitter = backoffJitter;
        this.bufferBytes = bufferBytes;
        this.maxWritesPerSecond = maxWritesPerSecond;
        this.mode = mode;
        this.overflow = overflow;
        this.windowPoints = windowPoints;
        this.windowRefresh = windowRefresh;
        this.linger = linger;
        this.ackDelay = ackDelay;
        this.ackMode = ackMode;
        this.ackHandshake = ackHandshake;
    }

    /** Settings with this project's defaults for {@code serverUri}; adjust with {@link Builder}. */
    public static Builder builder(URI serverUri) {
        return new Builder(serverUri);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(serverUri);
        b.tls = tls;
        b.connectTimeout = connectTimeout;
        b.writeTimeout = writeTimeout;
        b.closeTimeout = closeTimeout;
        b.heartbeatInterval = heartbeatInterval;
        b.backoffInitial = backoffInitial;
        b.backoffMax = backoffMax;
        b.backoffJitter = backoffJitter;
        b.bufferBytes = bufferBytes;
        b.maxWritesPerSecond = maxWritesPerSecond;
        b.mode = mode;
        b.overflow = overflow;
        b.windowPoints = windowPoints;
        b.windowRefresh = windowRefresh;
        b.linger = linger;
        b.ackDelay = ackDelay;
        b.ackMode = ackMode;
        b.ackHandshake = ackHandshake;
        return b;
    }

    public URI serverUri() {
        return serverUri;
    }

    public TlsSettings tls() {
        return tls;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration writeTimeout() {
        return writeTimeout;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration backoffInitial() {
        return backoffInitial;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    public double backoffJitter() {
        return backoffJitter;
    }

    public long bufferBytes() {
        return bufferBytes;
    }

    public double maxWritesPerSecond() {
        return maxWritesPerSecond;
    }

    public WriteMode mode() {
        return mode;
    }

    public OverflowPolicy overflow() {
        return overflow;
    }

    public int windowPoints() {
        return windowPoints;
    }

    public Duration windowRefresh() {
        return windowRefresh;
    }

    public Duration linger() {
        return linger;
    }

    public Duration ackDelay() {
        return ackDelay;
    }

    public AckMode ackMode() {
        return ackMode;
    }

    public Duration ackHandshake() {
        return ackHandshake;
    }

    /** Equal when every field is: two leases of one token with equal settings share one connection. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof StreamSettings)) {
            return false;
        }
        StreamSettings other = (StreamSettings) o;
        return Objects.equals(serverUri, other.serverUri)
                && Objects.equals(tls, other.tls)
                && Objects.equals(connectTimeout, other.connectTimeout)
                && Objects.equals(writeTimeout, other.writeTimeout)
                && Objects.equals(closeTimeout, other.closeTimeout)
                && Objects.equals(heartbeatInterval, other.heartbeatInterval)
                && Objects.equals(backoffInitial, other.backoffInitial)
                && Objects.equals(backoffMax, other.backoffMax)
                && Double.compare(backoffJitter, other.backoffJitter) == 0
                && bufferBytes == other.bufferBytes
                && Double.compare(maxWritesPerSecond, other.maxWritesPerSecond) == 0
                && mode == other.mode
                && overflow == other.overflow
                && windowPoints == other.windowPoints
                && Objects.equals(windowRefresh, other.windowRefresh)
                && Objects.equals(linger, other.linger)
                && Objects.equals(ackDelay, other.ackDelay)
                && ackMode == other.ackMode
                && Objects.equals(ackHandshake, other.ackHandshake);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(serverUri);
        h = h * 31 + Objects.hashCode(tls);
        h = h * 31 + Objects.hashCode(connectTimeout);
        h = h * 31 + Objects.hashCode(writeTimeout);
        h = h * 31 + Objects.hashCode(closeTimeout);
        h = h * 31 + Objects.hashCode(heartbeatInterval);
        h = h * 31 + Objects.hashCode(backoffInitial);
        h = h * 31 + Objects.hashCode(backoffMax);
        h = h * 31 + Double.hashCode(backoffJitter);
        h = h * 31 + Long.hashCode(bufferBytes);
        h = h * 31 + Double.hashCode(maxWritesPerSecond);
        h = h * 31 + Objects.hashCode(mode);
        h = h * 31 + Objects.hashCode(overflow);
        h = h * 31 + Integer.hashCode(windowPoints);
        h = h * 31 + Objects.hashCode(windowRefresh);
        h = h * 31 + Objects.hashCode(linger);
        h = h * 31 + Objects.hashCode(ackDelay);
        h = h * 31 + Objects.hashCode(ackMode);
        h = h * 31 + Objects.hashCode(ackHandshake);
        return h;
    }

    @Override
    public String toString() {
        return "StreamSettings[serverUri=" + serverUri + ", tls=" + tls + ", connectTimeout=" + connectTimeout
                + ", writeTimeout=" + writeTimeout + ", closeTimeout=" + closeTimeout
                + ", heartbeatInterval=" + heartbeatInterval + ", backoffInitial=" + backoffInitial
                + ", backoffMax=" + backoffMax + ", backoffJitter=" + backoffJitter + ", bufferBytes=" + bufferBytes
                + ", maxWritesPerSecond=" + maxWritesPerSecond + ", mode=" + mode + ", overflow=" + overflow
                + ", windowPoints=" + windowPoints + ", windowRefresh=" + windowRefresh + ", linger=" + linger
                + ", ackDelay=" + ackDelay + ", ackMode=" + ackMode + ", ackHandshake=" + ackHandshake + "]";
    }

    boolean isHttps() {
        return "https".equalsIgnoreCase(serverUri.getScheme());
    }

    int port() {
        if (serverUri.getPort() > 0) {
            return serverUri.getPort();
        }
        return isHttps() ? 443 : 80;
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    private static void notNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + d);
        }
    }

    /** Mutable builder; defaults keep well inside the hosted Plotly limits (60 s idle cut-off). */
    public static final class Builder {
        private final URI serverUri;
        private TlsSettings tls;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration writeTimeout = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private Duration heartbeatInterval = Duration.ofSeconds(20);
        private Duration backoffInitial = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(30);
        private double backoffJitter = 0.2;
        private long bufferBytes = DEFAULT_BUFFER_BYTES;
        private double maxWritesPerSecond = 0;
        private WriteMode mode = WriteMode.APPEND;
        private OverflowPolicy overflow = OverflowPolicy.BACKPRESSURE;
        private int windowPoints = 500;
        private Duration windowRefresh = Duration.ofSeconds(1);
        private Duration linger = Duration.ofSeconds(30);
        private Duration ackDelay = Duration.ofSeconds(1);
        private AckMode ackMode = AckMode.AUTO;
        private Duration ackHandshake = DEFAULT_ACK_HANDSHAKE;

        private Builder(URI serverUri) {
            this.serverUri = serverUri;
        }

        public Builder tls(TlsSettings v) { tls = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder writeTimeout(Duration v) { writeTimeout = v; return this; }
        public Builder closeTimeout(Duration v) { closeTimeout = v; return this; }
        public Builder heartbeatInterval(Duration v) { heartbeatInterval = v; return this; }
        public Builder backoffInitial(Duration v) { backoffInitial = v; return this; }
        public Builder backoffMax(Duration v) { backoffMax = v; return this; }
        public Builder backoffJitter(double v) { backoffJitter = v; return this; }
        public Builder bufferBytes(long v) { bufferBytes = v; return this; }
        public Builder maxWritesPerSecond(double v) { maxWritesPerSecond = v; return this; }
        public Builder mode(WriteMode v) { mode = v; return this; }
        public Builder overflow(OverflowPolicy v) { overflow = v; return this; }
        public Builder windowPoints(int v) { windowPoints = v; return this; }
        public Builder windowRefresh(Duration v) { windowRefresh = v; return this; }
        public Builder linger(Duration v) { linger = v; return this; }
        public Builder ackDelay(Duration v) { ackDelay = v; return this; }
        public Builder ackMode(AckMode v) { ackMode = v; return this; }
        public Builder ackHandshake(Duration v) { ackHandshake = v; return this; }

        public StreamSettings build() {
            return new StreamSettings(serverUri, tls, connectTimeout, writeTimeout, closeTimeout, heartbeatInterval,
                    backoffInitial, backoffMax, backoffJitter, bufferBytes, maxWritesPerSecond, mode, overflow,
                    windowPoints, windowRefresh, linger, ackDelay, ackMode, ackHandshake);
        }
    }
}
