package io.plotstream.server.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One text frame, UTF-8 encoded once and shared by every viewer it goes to.
 *
 * <p>Invariant: the bytes are never written after construction. Each send gets its own read-only
 * {@link ByteBuffer} view ({@link #payload()}), because Jetty's flusher moves a buffer's position
 * while writing it and may hold it until the write completes; views of one immutable array may be
 * in flight on many sockets at once.
 */
final class EncodedFrame {

    private final byte[] utf8;

    EncodedFrame(byte[] utf8) {
        this.utf8 = utf8;
    }

    static EncodedFrame of(String text) {
        return new EncodedFrame(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh read-only view for one send: its position is that send's own. */
    ByteBuffer payload() {
        return ByteBuffer.wrap(utf8).asReadOnlyBuffer();
    }

    int length() {
        return utf8.length;
    }

    /** The frame as text (tests, logs); decodes again, so not for the send path. */
    String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }
}
