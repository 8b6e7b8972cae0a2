package io.plotstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What the numbers were measured on: cores, CPU model and the load around the run (the machine is shared). */
final class MachineInfo {

    private MachineInfo() {
    }

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel().orElse("unknown CPU")
                + ", Java " + System.getProperty("java.version") + ", load average " + loadAverage();
    }

    static String loadAverage() {
        return read("/proc/loadavg").map(s -> String.join(" ", java.util.Arrays.copyOf(s.trim().split("\\s+"), 3)))
                .orElse("n/a");
    }

    private static Optional<String> cpuModel() {
        return read("/proc/cpuinfo").flatMap(text -> text.lines().filter(l -> l.startsWith("model name")).findFirst())
                .map(line -> line.substring(line.indexOf(':') + 1).trim());
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
