package io.plotstream.server.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code plots} parameter of {@code /ws/live?plots=a,b,c}: comma-separated plot ids (the
 * parameter may also repeat), each a valid id, duplicates dropped, at least one, at most
 * {@link #MAX_PLOTS}. Unknown (but valid) ids are allowed: the socket answers {@code missing} for them.
 */
final class LivePlots {

    /** Plots one socket may watch: a dashboard has at most 24 panels by default; 64 leaves room. */
    static final int MAX_PLOTS = 64;

    /** Either the ids or why they were refused (a message without the request's text in it). */
    record Parsed(List<String> ids, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private LivePlots() {
    }

    static Parsed parse(List<String> values) {
        Set<String> ids = new LinkedHashSet<>();
        if (values != null) {
            for (String value : values) {
                for (String part : value.split(",", -1)) {
                    String id = part.strip();
                    if (id.isEmpty()) {
                        continue;
                    }
                    if (PlotIds.after("", id).isEmpty()) {
                        return new Parsed(null, "plots: not a valid plot id (letters, digits, . _ ~ -, at most 128)");
                    }
                    ids.add(id);
                    if (ids.size() > MAX_PLOTS) {
                        return new Parsed(null, "plots: at most " + MAX_PLOTS + " plots per socket");
                    }
                }
            }
        }
        if (ids.isEmpty()) {
            return new Parsed(null, "plots: name at least one plot, e.g. /ws/live?plots=a,b");
        }
        return new Parsed(new ArrayList<>(ids), null);
    }
}
