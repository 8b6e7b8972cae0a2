package io.plotstream.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {

    private static StreamEnd read(String response) {
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        InputStream in = new ByteArrayInputStream(bytes, 1, bytes.length - 1);
        return new ResponseReader(in, 1_000_000_000L).read(bytes[0] & 0xff);
    }

    @Test
    void readsStatusAndContentLengthBody() {
        assertThat(read("HTTP/1.1 408 Request Timeout\r\nContent-Length: 22\r\n\r\ntimeout on active data"))
                .isEqualTo(new StreamEnd(408, "timeout on active data"));
    }

    @Test
    void readsAChunkedBody() {
        assertThat(read("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nstream\r\n5\r\n gone\r\n0\r\n\r\n"))
                .isEqualTo(new StreamEnd(404, "stream gone"));
    }

    @Test
    void readsABodyUntilEofAndFallsBackToTheReasonPhrase() {
        assertThat(read("HTTP/1.0 200 OK\r\n\r\nbye\n")).isEqualTo(new StreamEnd(200, "bye"));
        assertThat(read("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")).isEqualTo(new StreamEnd(502, "Bad Gateway"));
    }

    @Test
    void namesTheLocationOfARedirect() {
        assertThat(read("HTTP/1.1 301 Moved\r\nLocation: https://elsewhere:443/\r\nContent-Length: 0\r\n\r\n").message())
                .isEqualTo("Moved (Location: https://elsewhere:443/)");
    }

    @Test
    void boundsTheBody() {
        String body = "x".repeat(100_000);
        StreamEnd end = read("HTTP/1.1 500 Oops\r\n\r\n" + body);
        assertThat(end.status()).isEqualTo(500);
        assertThat(end.message().length()).isLessThanOrEqualTo(301);
    }

    @Test
    void takesBytesThatAreNotHttpAsAnEndWithoutStatus() {
        StreamEnd end = read("garbage\r\n");
        assertThat(end.status()).isEqualTo(StreamEnd.NO_RESPONSE);
        assertThat(end.message()).contains("not an HTTP response").contains("garbage");
    }

    @Test
    void keepsControlCharactersOfTheServersTextOutOfLogs() {
        assertThat(read("HTTP/1.1 400 Bad\r\nContent-Length: 9\r\n\r\nbad\u001b[31m!").message()).isEqualTo("bad [31m!");
    }
}
