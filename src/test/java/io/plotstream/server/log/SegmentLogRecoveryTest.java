package io.plotstream.server.log;

import static io.plotstream.server.log.Recorded.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery keeps the intact prefix of a damaged log, cuts the rest, says where, and the log goes on. */
class SegmentLogRecoveryTest {
    private static final int RECORD = 18 + 2 + 8; // header, "p1", "record-N"

    @TempDir
    Path dataDir;

    private final List<SegmentLog> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(SegmentLog::close);
    }

    private SegmentLog openLog(SegmentLogOptions options) throws Exception {
        SegmentLog log = SegmentLog.open(dataDir, options);
        opened.add(log);
        return log;
    }

    /** Appends record-0..record-{n-1} of p1 and closes; returns the single segment. */
    private Path writeRecords(int n) throws Exception {
        SegmentLog log = openLog(SegmentLogOptions.defaults());
        log.recover(plot -> OperationLog.NONE, new Recorded());
        for (int i = 0; i < n; i++) {
            log.append("p1", bytes("record-" + i)).get();
        }
        log.close();
        List<Path> segments = log.segments();
        assertThat(segments).hasSize(1);
        return segments.get(0);
    }

    private RecoveryReport recover(Recorded into) throws Exception {
        SegmentLog log = openLog(SegmentLogOptions.defaults());
        return log.recover(plot -> OperationLog.NONE, into);
    }

    private static List<String> records(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("record-" + i);
        }
        return out;
    }

    @Test
    void aTornTailIsCutAndTheIntactPrefixReplayed() throws Exception {
        Path segment = writeRecords(10);
        long cutAt = 9L * RECORD + 23; // in the payload of the tenth record
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(cutAt);
        }
        Recorded replayed = new Recorded();
        RecoveryReport report = recover(replayed);
        assertThat(replayed.of("p1")).containsExactlyElementsOf(records(0, 9));
        assertThat(report.records()).isEqualTo(9);
        assertThat(report.droppedBytes()).isEqualTo(23);
        assertThat(report.problem()).contains(segment.getFileName().toString())
                .contains("offset " + 9 * RECORD).contains("short record");
        assertThat(Files.size(segment)).isEqualTo(9L * RECORD);
    }

    @Test
    void appendsAfterRecoveringATornTailAreReadByTheNextRecovery() throws Exception {
        Path segment = writeRecords(5);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(4L * RECORD + 5); // a short header
        }
        SegmentLog log = openLog(SegmentLogOptions.defaults());
        RecoveryReport report = log.recover(plot -> OperationLog.NONE, new Recorded());
        assertThat(report.problem()).contains("short header");
        for (int i = 5; i < 8; i++) {
            log.append("p1", bytes("record-" + i)).get();
        }
        log.close();
        Recorded replayed = new Recorded();
        assertThat(recover(replayed)).isEqualTo(new RecoveryReport(7, 1, 0, ""));
        List<String> expected = records(0, 4);
        expected.addAll(records(5, 8));
        assertThat(replayed.of("p1")).containsExactlyElementsOf(expected);
    }

    @Test
    void aFlippedByteFailsTheChecksumAndEverythingFromThatRecordOnIsDropped() throws Exception {
        Path segment = writeRecords(6);
        long flipAt = 3L * RECORD + 18 + 2 + 4; // inside the payload of the fourth record
        flip(segment, flipAt);
        Recorded replayed = new Recorded();
        RecoveryReport report = recover(replayed);
        assertThat(replayed.of("p1")).containsExactlyElementsOf(records(0, 3));
        assertThat(report.droppedBytes()).isEqualTo(3L * RECORD);
        assertThat(report.problem()).contains("bad checksum").contains("offset " + 3 * RECORD);
    }

    @Test
    void anImpossibleLengthIsCorruptionNotAnAllocation() throws Exception {
        Path segment = writeRecords(3);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            // payload length of the second record becomes 2 GiB - 1
            channel.write(ByteBuffer.allocate(4).putInt(0, Integer.MAX_VALUE), RECORD + 14);
        }
        Recorded replayed = new Recorded();
        RecoveryReport report = recover(replayed);
        assertThat(replayed.of("p1")).containsExactly("record-0");
        assertThat(report.problem()).contains("impossible length").contains("offset " + RECORD);
        assertThat(report.droppedBytes()).isEqualTo(2L * RECORD);
    }

    @Test
    void corruptionInAnEarlierSegmentDropsEveryLaterSegment() throws Exception {
        SegmentLog log = openLog(SegmentLogOptions.defaults().withSegmentBytes(1024).withLimitBytes(1 << 20));
        log.recover(plot -> OperationLog.NONE, new Recorded());
        for (int i = 0; i < 200; i++) {
            log.append("p1", bytes(String.format("record-%03d", i))).get();
        }
        log.close();
        List<Path> segments = log.segments();
        assertThat(segments).hasSizeGreaterThan(3);
        flip(segments.get(1), 40);
        long laterBytes = 0;
        for (Path later : segments.subList(2, segments.size())) {
            laterBytes += Files.size(later);
        }
        long cutBytes = Files.size(segments.get(1)) - 30; // the segment's second record (30 bytes each) is hit
        Recorded replayed = new Recorded();
        RecoveryReport report = recover(replayed);
        assertThat(report.problem()).contains(segments.get(1).getFileName().toString()).contains("offset 30")
                .contains("deleted later segment " + segments.get(2).getFileName());
        assertThat(report.droppedBytes()).isEqualTo(cutBytes + laterBytes);
        assertThat(opened.get(1).segments()).containsExactly(segments.get(0), segments.get(1));
        int kept = replayed.of("p1").size();
        assertThat(replayed.of("p1")).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, kept).mapToObj(i -> String.format("record-%03d", i)).toList());
    }

    @Test
    void anEmptyOrAbsentLogRecoversCleanly() throws Exception {
        assertThat(recover(new Recorded())).isEqualTo(new RecoveryReport(0, 0, 0, ""));
    }

    private static void flip(Path file, long offset) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            channel.write(one, offset);
        }
    }
}
