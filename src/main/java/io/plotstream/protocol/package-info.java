/**
 * The Plotly streaming protocol as both ends of this project speak it (PROTOCOL.md): the token
 * syntax, the header that carries it, the statuses that end a stream with their meaning and the
 * client's reaction, and how a token is masked for logs. The stream client ({@code stream}) and the
 * plot server ({@code server}) both read these definitions, so the connector never accepts a token
 * its own server would refuse, and the README's status table cannot drift from the code. Knows
 * nothing of Kafka, sockets or Jetty.
 */
package io.plotstream.protocol;
