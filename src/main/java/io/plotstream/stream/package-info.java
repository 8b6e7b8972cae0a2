/**
 * The Plotly streaming protocol client (see PROTOCOL.md): one persistent chunked HTTP/1.1 upload per
 * stream token, knowing nothing of Kafka.
 *
 * <ul>
 *   <li>{@link io.plotstream.stream.StreamRegistry} — one per JVM; leases {@link io.plotstream.stream.TokenStream}s
 *       by (server, token), reference-counted, lingering after the last lease so a task restart or rebalance
 *       reuses the live connection.</li>
 *   <li>{@link io.plotstream.stream.TokenStream} — a bounded queue and one writer thread: rate shaping,
 *       heartbeats, the ack-delay delivery rule, reconnects per {@code StatusPolicy}.</li>
 *   <li>{@code StreamConnection} — the socket. Not OkHttp: over HTTP/1.1 OkHttp only surfaces a server's
 *       mid-upload response after later writes fail, and this protocol's server ends streams exactly that
 *       way; so a reader thread per connection takes any byte from the server as the stream's end.</li>
 *   <li>{@link io.plotstream.stream.WriteEncoder} — points to newline-delimited JSON (Jackson streaming).</li>
 * </ul>
 */
package io.plotstream.stream;
