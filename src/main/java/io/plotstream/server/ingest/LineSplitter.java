package io.plotstream.server.ingest;

import io.plotstream.protocol.StreamStatus;

import java.nio.ByteBuffer;

/**
 * Splits a de-chunked body into lines on {@code '\n'}, whatever the chunk boundaries. It works on
 * bytes: {@code 0x0A} never occurs inside a multi-byte UTF-8 sequence, so a character split across
 * chunks is simply joined in the line buffer and decoded whole by the JSON parser.
 *
 * <p>A line that lies within one buffer is handed over in place (no copy); only a line spanning
 * buffers is gathered in the bounded line buffer. Not thread-safe: one per stream.
 */
public final class LineSplitter {

    /** Receives each line without its {@code '\n'}. */
    @FunctionalInterface
    public interface LineHandler {
        void line(byte[] bytes, int offset, int length);
    }

    private final int maxLineBytes;
    private byte[] pending = new byte[256];
    private int pendingLength;
    private byte[] scratch = new byte[0];

    public LineSplitter(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    public void feed(ByteBuffer buffer, LineHandler handler) {
        int length = buffer.remaining();
        if (buffer.hasArray()) {
            feed(buffer.array(), buffer.arrayOffset() + buffer.position(), length, handler);
        } else {
            if (scratch.length < length) {
                scratch = new byte[length]; // bounded by the connector's buffer size
            }
            buffer.duplicate().get(scratch, 0, length);
            feed(scratch, 0, length, handler);
        }
        buffer.position(buffer.limit());
    }

    /** @throws StreamEndException 413 when a line grows beyond the limit */
    public void feed(byte[] bytes, int offset, int length, LineHandler handler) {
        int end = offset + length;
        int lineStart = offset;
        for (int i = offset; i < end; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            int segment = i - lineStart;
            if (pendingLength == 0) {
                checkLength(segment);
                handler.line(bytes, lineStart, segment);
            } else {
                append(bytes, lineStart, segment);
                int lineLength = pendingLength;
                pendingLength = 0;
                handler.line(pending, 0, lineLength);
            }
            lineStart = i + 1;
        }
        if (lineStart < end) {
            append(bytes, lineStart, end - lineStart);
        }
    }

    /** At the end of the body: a last line without {@code '\n'} still counts. */
    public void finish(LineHandler handler) {
        if (pendingLength > 0) {
            int lineLength = pendingLength;
            pendingLength = 0;
            handler.line(pending, 0, lineLength);
        }
    }

    private void append(byte[] bytes, int offset, int length) {
        int needed = pendingLength + length;
        checkLength(needed);
        if (needed > pending.length) {
            byte[] grown = new byte[Math.min(maxLineBytes, Math.max(needed, pending.length * 2))];
            System.arraycopy(pending, 0, grown, 0, pendingLength);
            pending = grown;
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength = needed;
    }

    private void checkLength(int length) {
        if (length > maxLineBytes) {
            throw new StreamEndException(StreamStatus.LINE_TOO_LONG, lineTooLongText(maxLineBytes));
        }
    }

    /** This server's 413 text: names its limit, which the protocol's generic text cannot. */
    private static String lineTooLongText(int maxLineBytes) {
        return "line exceeds " + maxLineBytes + " bytes";
    }
}
