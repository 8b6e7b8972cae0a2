package io.plotstream.server.web;

import java.util.Optional;
import java.util.regex.Pattern;

/** Plot ids as they may appear in our URLs: URL-safe, bounded, so they are safe in HTML attributes too. */
final class PlotIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    private PlotIds() {
    }

    /** The id after {@code prefix} in {@code path}, when it is one segment of valid characters. */
    static Optional<String> after(String prefix, String path) {
        if (path == null || !path.startsWith(prefix)) {
            return Optional.empty();
        }
        String id = path.substring(prefix.length());
        return VALID.matcher(id).matches() && !id.equals(".") && !id.equals("..") ? Optional.of(id) : Optional.empty();
    }
}
