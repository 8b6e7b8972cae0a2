package io.plotstream.server.log;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up scan: reads every segment in order, checks each record (lengths within bounds, CRC32C,
 * positions strictly increasing), hands the records after each plot's checkpoint to the consumer, and
 * at the first record that is not intact cuts the log there: that segment is truncated at the
 * record's start and every later segment deleted, because nothing after a hole can be trusted to be
 * in order. What it cut is returned and logged (WARN: after a crash a torn tail is expected).
 */
final class LogRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(LogRecovery.class);

    /** What the engine needs to continue the log. */
    static final class Result {
        RecoveryReport report;
        /** Segments left, in order, each with its bytes and its plots' last positions. */
        final List<Path> segments = new ArrayList<>();
        final List<Long> sizes = new ArrayList<>();
        final List<Map<String, Long>> plots = new ArrayList<>();
        long lastPosition = OperationLog.NONE;
        long highestBase = OperationLog.NONE;
        /** The checkpoint of every plot seen, as the caller gave it. */
        Map<String, Long> checkpoints = Map.of();
    }

    private final RecordFormat format = new RecordFormat();
    private final byte[] header = new byte[RecordFormat.HEADER_BYTES];

    Result run(Path dir, ToLongFunction<String> checkpointOf, OperationLog.RecordConsumer consumer)
            throws IOException {
        Result result = new Result();
        Map<String, Long> checkpoints = new HashMap<>();
        Map<String, Boolean> replayedPlots = new LinkedHashMap<>();
        long records = 0;
        List<Path> segments = SegmentFiles.list(dir);
        for (int i = 0; i < segments.size(); i++) {
            Path segment = segments.get(i);
            result.highestBase = Math.max(result.highestBase, SegmentFiles.base(segment));
            Map<String, Long> plots = new HashMap<>();
            long size = Files.size(segment);
            long offset = 0;
            String problem = null;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(segment), 1 << 16)) {
                while (true) {
                    int got = in.readNBytes(header, 0, header.length);
                    if (got == 0) {
                        break;
                    }
                    if (got < header.length) {
                        problem = "short header (" + got + " of " + header.length + " bytes)";
                        break;
                    }
                    ByteBuffer h = ByteBuffer.wrap(header);
                    int crc = h.getInt();
                    long position = h.getLong();
                    int idLength = Short.toUnsignedInt(h.getShort());
                    int payloadLength = h.getInt();
                    if (idLength < 1 || idLength > RecordFormat.MAX_ID_BYTES
                            || payloadLength < 0 || payloadLength > RecordFormat.MAX_PAYLOAD_BYTES) {
                        problem = "impossible length (plot id " + idLength + " bytes, payload " + payloadLength
                                + " bytes; at most " + RecordFormat.MAX_ID_BYTES + " and "
                                + RecordFormat.MAX_PAYLOAD_BYTES + ")";
                        break;
                    }
                    byte[] id = in.readNBytes(idLength);
                    byte[] payload = id.length < idLength ? new byte[0] : in.readNBytes(payloadLength);
                    if (id.length < idLength || payload.length < payloadLength) {
                        problem = "short record (" + (id.length + payload.length) + " of "
                                + (idLength + payloadLength) + " bytes after the header)";
                        break;
                    }
                    if (format.checksum(position, id, payload) != crc) {
                        problem = "bad checksum";
                        break;
                    }
                    if (position <= result.lastPosition) {
                        problem = "position " + position + " not after " + result.lastPosition;
                        break;
                    }
                    result.lastPosition = position;
                    String plotId = new String(id, StandardCharsets.UTF_8);
                    plots.put(plotId, position);
                    long checkpoint = checkpoints.computeIfAbsent(plotId, checkpointOf::applyAsLong);
                    if (position > checkpoint) {
                        consumer.accept(plotId, position, payload);
                        records++;
                        replayedPlots.put(plotId, Boolean.TRUE);
                    }
                    offset += RecordFormat.size(idLength, payloadLength);
                }
            }
            if (problem == null) {
                result.segments.add(segment);
                result.sizes.add(size);
                result.plots.add(plots);
                continue;
            }
            long dropped = cut(segment, offset, size);
            StringBuilder text = new StringBuilder("torn or corrupt record in ").append(segment)
                    .append(" at offset ").append(offset).append(": ").append(problem)
                    .append("; cut ").append(size - offset).append(" bytes there");
            for (Path later : segments.subList(i + 1, segments.size())) {
                long laterSize = Files.size(later);
                Files.delete(later);
                dropped += laterSize;
                text.append("; deleted later segment ").append(later.getFileName())
                        .append(" (").append(laterSize).append(" bytes)");
            }
            SegmentFiles.forceDirectory(dir);
            result.segments.add(segment);
            result.sizes.add(offset);
            result.plots.add(plots);
            LOG.warn("Operation log recovery: {}; kept the {} records before it", text, records);
            result.report = new RecoveryReport(records, replayedPlots.size(), dropped, text.toString());
            result.checkpoints = checkpoints;
            return result;
        }
        result.report = new RecoveryReport(records, replayedPlots.size(), 0, "");
        result.checkpoints = checkpoints;
        return result;
    }

    private static long cut(Path segment, long offset, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(offset);
            channel.force(true);
        }
        return size - offset;
    }
}
