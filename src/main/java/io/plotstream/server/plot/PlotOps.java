package io.plotstream.server.plot;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The operation records of a plot, as appended to the {@link io.plotstream.server.log.OperationLog}
 * (which stores them as opaque bytes). A small binary form, big-endian:
 * <pre>
 *   byte    version ({@link #VERSION})
 *   byte    type: 1 WRITES, 2 DEFINE, 3 DELETE, 4 TRIM
 *   int64   nowMs: the wall-clock time decided once when the operation was made (arrival times for
 *           maxage, lastUpdateMs, trim cutoffs): replay reads it from here, never from a clock
 *   WRITES: int32 n, then n times: u16 k, k times u16 trace index, int32 length, length bytes of
 *           the stream line as received (UTF-8 JSON; re-parsed on replay)
 *   DEFINE: int32 length, the figure as UTF-8 JSON (created when the plot is absent, replaced when present)
 *   DELETE, TRIM: nothing more
 * </pre>
 * Writes carry the raw line rather than a re-encoding: the hot path copies bytes it already has.
 * The trace indices are recorded because the token binding was looked up before the plot's lock.
 */
public final class PlotOps {

    public static final byte VERSION = 1;
    public static final byte WRITES = 1;
    public static final byte DEFINE = 2;
    public static final byte DELETE = 3;
    public static final byte TRIM = 4;
    static final int HEADER = 2 + 8;

    private PlotOps() {
    }

    static byte[] define(long nowMs, byte[] figureJson) {
        return ByteBuffer.allocate(HEADER + 4 + figureJson.length).put(VERSION).put(DEFINE).putLong(nowMs)
                .putInt(figureJson.length).put(figureJson).array();
    }

    static byte[] delete(long nowMs) {
        return ByteBuffer.allocate(HEADER).put(VERSION).put(DELETE).putLong(nowMs).array();
    }

    static byte[] trim(long nowMs) {
        return ByteBuffer.allocate(HEADER).put(VERSION).put(TRIM).putLong(nowMs).array();
    }

    /** Builds one WRITES record from the lines of one read chunk; {@link #finish} stamps the time. */
    static final class WritesBuilder {
        private byte[] bytes = new byte[256];
        private int length = HEADER + 4;
        private int count;

        void add(int[] traceIndices, byte[] line, int offset, int lineLength) {
            ensure(2 + 2 * traceIndices.length + 4 + lineLength);
            putShort(traceIndices.length);
            for (int index : traceIndices) {
                putShort(index);
            }
            putInt(length, lineLength);
            length += 4;
            System.arraycopy(line, offset, bytes, length, lineLength);
            length += lineLength;
            count++;
        }

        int count() {
            return count;
        }

        byte[] finish(long nowMs) {
            ByteBuffer.wrap(bytes, 0, HEADER + 4).put(VERSION).put(WRITES).putLong(nowMs).putInt(count);
            return Arrays.copyOf(bytes, length);
        }

        private void putShort(int value) {
            if (value < 0 || value > 0xffff) {
                throw new IllegalArgumentException("trace index or count out of the record's range: " + value);
            }
            bytes[length++] = (byte) (value >>> 8);
            bytes[length++] = (byte) value;
        }

        private void putInt(int at, int value) {
            bytes[at] = (byte) (value >>> 24);
            bytes[at + 1] = (byte) (value >>> 16);
            bytes[at + 2] = (byte) (value >>> 8);
            bytes[at + 3] = (byte) value;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    /** One decoded record. */
    record Op(byte type, long nowMs, List<Line> lines, byte[] figure) {
    }

    /** One line of a WRITES record: the traces it was applied to and its bytes. */
    record Line(int[] traceIndices, byte[] bytes) {
    }

    /** @throws IllegalArgumentException naming what is wrong with the record */
    static Op decode(byte[] record) {
        try {
            ByteBuffer in = ByteBuffer.wrap(record);
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown record version " + version + " (this server writes " + VERSION + ")");
            }
            byte type = in.get();
            long nowMs = in.getLong();
            switch (type) {
                case WRITES -> {
                    int n = in.getInt();
                    if (n < 0 || n > in.remaining()) {
                        throw new IllegalArgumentException("line count " + n + " exceeds the record");
                    }
                    List<Line> lines = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        int k = Short.toUnsignedInt(in.getShort());
                        int[] indices = new int[k];
                        for (int j = 0; j < k; j++) {
                            indices[j] = Short.toUnsignedInt(in.getShort());
                        }
                        lines.add(new Line(indices, bytes(in)));
                    }
                    return end(in, new Op(type, nowMs, lines, null));
                }
                case DEFINE -> {
                    return end(in, new Op(type, nowMs, List.of(), bytes(in)));
                }
                case DELETE, TRIM -> {
                    return end(in, new Op(type, nowMs, List.of(), null));
                }
                default -> throw new IllegalArgumentException("unknown record type " + type);
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("record cut short (" + record.length + " bytes)");
        }
    }

    private static byte[] bytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("length " + length + " exceeds the record");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    private static Op end(ByteBuffer in, Op op) {
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " unexpected bytes after the record");
        }
        return op;
    }

    /** For logs: the record's type as a word. */
    static String typeName(byte type) {
        return switch (type) {
            case WRITES -> "writes";
            case DEFINE -> "define";
            case DELETE -> "delete";
            case TRIM -> "trim";
            default -> "type " + type;
        };
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
