/**
 * The Plotly streaming protocol client (see PROTOCOL.md): one persistent chunked HTTP/1.1 upload per
 * stream token, knowing nothing of Kafka. The protocol's definitions (token rule, header, statuses)
 * come from {@code io.plotstream.protocol}.
 *
 * <ul>
 *   <li>{@link io.plotstream.stream.StreamRegistry} — one per JVM; leases {@link io.plotstream.stream.TokenStream}s
 *       by (server, token), reference-counted, lingering after the last lease so a task restart or rebalance
 *       reuses the live connection.</li>
 *   <li>{@link io.plotstream.stream.TokenStream} — the facade: callers offer a batch with one
 *       {@link io.plotstream.stream.Delivery}; {@code HandOff} admits it against the token's byte budget.</li>
 *   <li>{@code Shaping} — one strategy per mode ({@code AppendShaping}, {@code DecimateShaping},
 *       {@code WindowShaping}), chosen once: batches to writes.</li>
 *   <li>{@code StreamWriter} — the writer thread and the connection's state machine
 *       ({@link io.plotstream.stream.WriterState}); {@code UnconfirmedWrites} holds the ack rule,
 *       {@code ReconnectPolicy} the backoff and the reaction to each status.</li>
 *   <li>{@code StreamConnection} — the socket. Not OkHttp: over HTTP/1.1 OkHttp only surfaces a server's
 *       mid-upload response after later writes fail, and this protocol's server ends streams exactly that
 *       way; so a reader thread per connection takes any byte from the server as the stream's end.</li>
 *   <li>{@link io.plotstream.stream.WriteEncoder} — points to newline-delimited JSON (Jackson streaming).</li>
 *   <li>{@link io.plotstream.stream.StreamClock} — the time every rule is decided on, injectable for tests.</li>
 * </ul>
 */
package io.plotstream.stream;
