package io.plotstream.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@link StreamStatus} as the README's Markdown table: one row per status the bundled
 * server sends, then a line naming the others the client also handles. A test keeps the README
 * equal to this rendering.
 */
public final class StatusTable {
    private StatusTable() {
    }

    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| status | when the plot server sends it | the connector |\n");
        out.append("|---|---|---|\n");
        List<String> others = new ArrayList<>();
        for (StreamStatus s : StreamStatus.values()) {
            if (s.whenServerSends().isPresent()) {
                out.append("| ").append(s.code()).append(" | ").append(s.whenServerSends().get()).append(" | ")
                        .append(s.reaction().description()).append(" |\n");
            } else {
                others.add(s.code() + " (" + s.reaction().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")");
            }
        }
        out.append("\nThe connector also handles statuses that only other servers or proxies send: ")
                .append(String.join(", ", others))
                .append(". Any other 1xx/2xx/5xx, or a connection that ends without a response, reconnects; any other "
                        + "3xx or 4xx stops.\n");
        return out.toString();
    }
}
