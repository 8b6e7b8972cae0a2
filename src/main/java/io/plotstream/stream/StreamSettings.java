package io.plotstream.stream;

import java.net.URI;
import java.time.Duration;

/**
 * Everything a {@link TokenStream} needs to know about its server and its behaviour. A record, so
 * two leases of one token with equal settings share one connection.
 *
 * @param serverUri          {@code http://host:port} or {@code https://...}; POSTs go to {@code /}
 * @param tls                trust/key material for https, or null for the JVM defaults
 * @param connectTimeout     TCP (and TLS handshake) connect timeout
 * @param writeTimeout       a write blocked longer than this counts as a dead connection
 * @param closeTimeout       how long a clean close waits for the server's final response
 * @param heartbeatInterval  a bare "\n" is written when nothing else was for this long
 * @param backoffInitial     first reconnect delay; doubles up to {@code backoffMax}
 * @param backoffMax         largest reconnect delay
 * @param backoffJitter      0..1, the random fraction added to or taken from each delay
 * @param queueCapacity      most points queued (not yet confirmed) per token; the bound on memory
 * @param maxWritesPerSecond per-token write cap, 0 = none
 * @param mode               append one write per point, or rewrite a window as lists
 * @param overflow           in append mode with a cap: slow down, or decimate
 * @param windowPoints       in window mode: how many newest points are rewritten
 * @param windowRefresh      in window mode: how often the window is rewritten
 * @param linger             how long an unleased stream stays open (heartbeating) before it closes
 * @param ackDelay           a flushed write counts as delivered once the stream stayed healthy this long after it
 */
public record StreamSettings(URI serverUri, TlsSettings tls, Duration connectTimeout, Duration writeTimeout,
                             Duration closeTimeout, Duration heartbeatInterval, Duration backoffInitial,
                             Duration backoffMax, double backoffJitter, int queueCapacity, double maxWritesPerSecond,
                             WriteMode mode, OverflowPolicy overflow, int windowPoints, Duration windowRefresh,
                             Duration linger, Duration ackDelay) {

    public enum WriteMode { APPEND, WINDOW }

    public enum OverflowPolicy { BACKPRESSURE, DECIMATE }
}
