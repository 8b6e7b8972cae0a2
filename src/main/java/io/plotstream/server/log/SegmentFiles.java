package io.plotstream.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Names, lists and syncs the segment files of one log directory. */
final class SegmentFiles {
    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.seg");

    private SegmentFiles() {
    }

    /** {@code 00000000000000000042.seg}: the position of the first record the segment was opened for. */
    static String name(long basePosition) {
        return String.format("%020d.seg", basePosition);
    }

    static long base(Path segment) {
        Matcher m = NAME.matcher(segment.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a segment file: " + segment);
        }
        return Long.parseLong(m.group(1));
    }

    /** The directory's segment files in log order; other files are left alone. */
    static List<Path> list(Path dir) throws IOException {
        List<Path> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(segments::add);
        }
        segments.sort(Comparator.comparingLong(SegmentFiles::base));
        return segments;
    }

    /**
     * Forces the directory's entries, so a segment just created survives a machine crash (Linux lets
     * a directory be opened and fsynced; where a platform refuses, the file is as durable as it gets).
     */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException | java.nio.file.AccessDeniedException e) {
            // not a platform that syncs directories
        }
    }
}
