package io.plotstream.server.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void replaceLeavesOnlyTheNewContentAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("plot.json");
        Files.writeString(target, "old");
        AtomicFiles.replace(target, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(target)).isEqualTo("new");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void replaceOverwritesATemporaryFileLeftByACrash() throws Exception {
        Path target = dir.resolve("plot.json");
        Files.writeString(dir.resolve("plot.json.tmp"), "torn half of an earlier write, longer than the new one");
        AtomicFiles.replace(target, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(target)).isEqualTo("{}");
        assertThat(dir.resolve("plot.json.tmp")).doesNotExist();
    }

    @Test
    void deleteOfAnAbsentFileIsFine() throws Exception {
        AtomicFiles.delete(dir.resolve("never-written.json"));
        Path target = dir.resolve("plot.json");
        Files.writeString(target, "x");
        AtomicFiles.delete(target);
        assertThat(target).doesNotExist();
    }
}
