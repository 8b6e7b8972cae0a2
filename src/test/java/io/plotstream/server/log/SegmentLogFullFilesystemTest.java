package io.plotstream.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log on a real, small filesystem (a 1 MiB tmpfs) that runs out of space: the kernel's ENOSPC,
 * not an injected one. Needs permission to mount (root in a container that allows it); skipped with
 * the reason otherwise.
 */
class SegmentLogFullFilesystemTest {

    @TempDir
    Path temp;

    private Path mount;
    private boolean mounted;
    private SegmentLog log;

    @BeforeEach
    void mountSmallFilesystem() throws Exception {
        mount = temp.resolve("small");
        Files.createDirectories(mount);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString());
        assumeTrue(failure == null, () -> "skipped: cannot mount a small tmpfs here (" + failure + ")");
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (log != null) {
            log.close();
        }
        if (mounted) {
            String failure = run("umount", mount.toString());
            assertThat(failure).as("umount " + mount).isNull();
        }
    }

    @Test
    void aFullFilesystemStopsAcknowledgementsAndTheLogHealsOnceThereIsRoom() throws Exception {
        log = SegmentLog.open(mount, SegmentLogOptions.defaults().withSegmentBytes(64 * 1024)
                .withRetryInterval(Duration.ofMillis(20)));
        log.recover(plot -> OperationLog.NONE, new Recorded());
        Path filler = mount.resolve("filler");
        Files.write(filler, new byte[1024 * 1024 - 200 * 1024]); // leaves less than 200 KiB
        List<Long> acknowledged = new ArrayList<>();
        Throwable failure = null;
        for (int i = 0; i < 10_000 && failure == null; i++) {
            try {
                acknowledged.add(log.append("p1", new byte[200]).get(10, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
        }
        assertThat(failure).isInstanceOf(LogUnavailableException.class)
                .hasMessageContaining("No space left on device");
        assertThat(acknowledged).hasSizeGreaterThan(100);
        assertThat(log.health().writable()).isFalse();
        assertThat(log.health().problem()).contains("No space left on device");

        Files.delete(filler);
        Waiting.until("the log writable once the filler is gone", () -> log.health().writable());
        for (int i = 0; i < 100; i++) {
            acknowledged.add(log.append("p1", new byte[200]).get(10, TimeUnit.SECONDS));
        }
        log.close();

        SegmentLog again = SegmentLog.open(mount, SegmentLogOptions.defaults());
        log = again;
        Recorded replayed = new Recorded();
        RecoveryReport report = again.recover(plot -> OperationLog.NONE, replayed);
        assertThat(report.problem()).isEmpty();
        assertThat(replayed.positionsOf("p1")).containsExactlyElementsOf(acknowledged);
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes()).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "timed out";
        }
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
    }
}
