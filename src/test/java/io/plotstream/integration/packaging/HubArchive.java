package io.plotstream.integration.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The Confluent Hub archive built by {@code mvn package}, as failsafe names it ({@code hub.archive}). */
public final class HubArchive {
    private HubArchive() {
    }

    public static Path path() {
        String property = System.getProperty("hub.archive");
        if (property == null) {
            throw new IllegalStateException("system property hub.archive is not set: run through "
                    + "`mvn verify` (failsafe passes it), after the package phase built the archive");
        }
        Path archive = Path.of(property);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("no Confluent Hub archive at " + archive + ": `mvn package` builds it");
        }
        return archive;
    }

    /** Unzips into {@code target}, refusing entries that would land outside it (zip slip). */
    public static void unzip(Path archive, Path target) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Path root = target.toAbsolutePath().normalize();
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new IllegalStateException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unzip " + archive, e);
        }
    }
}
