package io.plotstream.stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Tests of one {@link TokenStream} against a fresh {@link RecordingStreamServer}: the server
 * starts before each test, and the stream (if the test started one) and the server are closed
 * after it.
 */
abstract class StreamServerTest {
    protected RecordingStreamServer server;
    protected TokenStream stream;

    @BeforeEach
    void startServer() throws Exception {
        server = RecordingStreamServer.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (stream != null) {
            StreamTesting.closeAndWait(stream);
        }
        server.close();
    }
}
