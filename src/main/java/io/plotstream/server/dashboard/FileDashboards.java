package io.plotstream.server.dashboard;

import io.plotstream.server.files.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dashboards as files {@code <data-dir>/dashboards/<id>.json} (the embedded engine): each write is an
 * fsync'd atomic replace, so a crash leaves the old or the new definition, never a torn one.
 */
public final class FileDashboards implements DashboardRepository {
    private static final Logger LOG = LoggerFactory.getLogger(FileDashboards.class);

    private final Path directory;

    /** Uses (and creates) {@code dataDir/dashboards}. */
    public FileDashboards(Path dataDir) {
        this.directory = dataDir.resolve("dashboards");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the dashboard directory " + directory.toAbsolutePath(), e);
        }
    }

    @Override
    public List<Stored> loadAll() throws IOException {
        List<Stored> stored = new ArrayList<>();
        for (Path file : jsonFiles(directory)) {
            try {
                stored.add(new Stored(idOf(file), Files.readAllBytes(file), file.toString()));
            } catch (IOException e) {
                LOG.error("Skipping saved dashboard {}: {}", file, e.getMessage());
            }
        }
        return stored;
    }

    @Override
    public Optional<byte[]> load(String id) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file(id)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void save(String id, byte[] json) throws IOException {
        try {
            AtomicFiles.replace(file(id), json);
        } catch (IOException e) {
            throw new IOException("cannot write " + file(id) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String id) throws IOException {
        try {
            AtomicFiles.delete(file(id));
        } catch (IOException e) {
            throw new IOException("cannot delete " + file(id) + ": " + e.getMessage(), e);
        }
    }

    private Path file(String id) {
        return directory.resolve(id + ".json");
    }

    /** The {@code *.json} files of a directory, sorted (also for {@code --dashboards-dir}). */
    static List<Path> jsonFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            List<Path> list = new ArrayList<>();
            files.forEach(list::add);
            list.sort(null);
            return list;
        }
    }

    /** A file's dashboard id: its name without {@code .json}. */
    static String idOf(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }

    @Override
    public String toString() {
        return "files in " + directory;
    }
}
