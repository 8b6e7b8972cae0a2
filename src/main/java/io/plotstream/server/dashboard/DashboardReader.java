package io.plotstream.server.dashboard;

import java.util.List;
import java.util.Optional;

/**
 * What the viewer pages read of the stored dashboards. CONTRACT between the dashboard store
 * (implements it) and {@code web/} (dashboard pages, the index); safe to call from any thread.
 */
public interface DashboardReader {

    Optional<Dashboard> find(String id);

    /** Every dashboard, sorted by id. */
    List<Dashboard> all();
}
