package io.plotstream.server.log;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One record on disk: an 18-byte header, the plot id (UTF-8) and the payload.
 *
 * <pre>
 *   int   crc         CRC32C of everything after it: the rest of the header, the id and the payload
 *   long  position    the log's global sequence number, strictly increasing through the files
 *   short idLength    1..{@value #MAX_ID_BYTES}
 *   int   payloadLength  0..{@value #MAX_PAYLOAD_BYTES}
 *   byte[idLength]       plot id
 *   byte[payloadLength]  payload
 * </pre>
 *
 * Big-endian. The lengths are bounded so that a corrupt header can never make recovery allocate more
 * than one legal record (16 MiB); a length outside the bounds is itself a sign of corruption. The
 * bounds are constants, not settings, so a log written by one configuration is always readable by
 * another. Instances hold a scratch buffer: one per thread (the committer, the recovery scan).
 */
final class RecordFormat {
    static final int HEADER_BYTES = 18;
    /** Plot ids are at most 64 ASCII characters ({@code PlotIds.FORMAT}); this leaves room. */
    static final int MAX_ID_BYTES = 1024;
    /** The largest payload a record may carry: 16 MiB. */
    static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    private final ByteBuffer scratch = ByteBuffer.allocate(HEADER_BYTES - 4);
    private final CRC32C crc = new CRC32C();

    static int size(int idLength, int payloadLength) {
        return HEADER_BYTES + idLength + payloadLength;
    }

    int checksum(long position, byte[] id, byte[] payload) {
        scratch.clear();
        scratch.putLong(position).putShort((short) id.length).putInt(payload.length).flip();
        crc.reset();
        crc.update(scratch);
        crc.update(id, 0, id.length);
        crc.update(payload, 0, payload.length);
        return (int) crc.getValue();
    }

    /** Writes the header and id into {@code into}, which must have room for them. */
    void putHeaderAndId(ByteBuffer into, long position, byte[] id, byte[] payload) {
        into.putInt(checksum(position, id, payload)).putLong(position).putShort((short) id.length)
                .putInt(payload.length).put(id);
    }
}
