package io.plotstream.server.dashboard;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where the dashboards' definitions are kept: files in the data directory ({@link FileDashboards}, one
 * server) or a hash in Redis that every node of a cluster shares ({@link RedisDashboards}). The
 * {@link DashboardStore} validates, serialises changes and publishes; a repository only stores bytes.
 * Writes are durable when they return (an fsync'd file, an answered Redis command).
 */
public interface DashboardRepository {

    /** One stored definition, with where it was found (a file, a hash field) for messages. */
    record Stored(String id, byte[] json, String source) {
    }

    /** Every stored definition, sorted by id. One that cannot be read is logged and left out. */
    List<Stored> loadAll() throws IOException;

    /** The stored definition of {@code id}, or empty when there is none (deleted). */
    Optional<byte[]> load(String id) throws IOException;

    /** Stores (creates or replaces) a definition. */
    void save(String id, byte[] json) throws IOException;

    /** Deletes a definition; nothing happens when there is none. */
    void delete(String id) throws IOException;
}
