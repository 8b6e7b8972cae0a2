package io.plotstream.stream;

import static io.plotstream.stream.StreamTesting.TOKEN;
import static io.plotstream.stream.StreamTesting.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The writer holds time-based confirmations while the server's verdict is on its way: the
 * connection must report a verdict from the first byte the server sends, not only once parsed.
 */
class StreamConnectionVerdictTest {

    @Test
    void aSilentServerHasNotSpokenAndAnyByteFromItMeansItHas() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            URI uri = URI.create("http://127.0.0.1:" + listener.getLocalPort());
            StreamConnection connection = StreamConnection.open(fast(uri).build(), null, TOKEN, "verdict-test", () -> { });
            try (Socket accepted = listener.accept()) {
                assertThat(connection.serverHasSpoken()).as("nothing sent yet").isFalse();

                OutputStream out = accepted.getOutputStream();
                out.write("HTTP/1.1 404 Not Found\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                await().atMost(Duration.ofSeconds(5)).until(connection::serverHasSpoken);
                assertThat(connection.ended()).as("the verdict is still incomplete").isFalse();
            } finally {
                connection.abort("test over");
            }
        }
    }
}
