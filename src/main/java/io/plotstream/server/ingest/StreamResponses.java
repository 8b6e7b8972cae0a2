package io.plotstream.server.ingest;

import io.plotstream.protocol.AckChannel;
import io.plotstream.protocol.StreamStatus;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes the ingest path's answers that are not a stream: the response that ends a stream (status, a one-line text body, {@code Connection: close}) and the answer to {@code OPTIONS}. */
final class StreamResponses {
    private StreamResponses() {
    }

    static void send(Response response, StreamStatus status, String text, Callback callback) {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status.code());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * The answer to {@code OPTIONS /}: {@code 204}, the one method the path takes, and, when the
     * client asked with the acknowledgement extension's header, that this server acknowledges (so a
     * client can tell this server from a plain one without waiting out its handshake window).
     */
    static void options(Response response, boolean askedForAcks, Callback callback) {
        response.setStatus(204);
        response.getHeaders().put(HttpHeader.ALLOW, "POST, OPTIONS");
        if (askedForAcks) {
            response.getHeaders().put(AckChannel.RESPONSE_HEADER, AckChannel.VERSION);
        }
        response.write(true, null, callback);
    }
}
