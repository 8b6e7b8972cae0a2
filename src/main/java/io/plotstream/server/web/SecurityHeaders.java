package io.plotstream.server.web;

import org.eclipse.jetty.http.HttpFields;

/**
 * Response headers that keep stream text from ever running as code: no inline script, no eval,
 * no MIME sniffing. Only the embed view may be framed, and by anyone (that is its purpose).
 */
final class SecurityHeaders {

    // Styles may be inline: plotly.js sets style attributes and inserts its own style rules.
    // No 'unsafe-inline' or 'unsafe-eval' for scripts: page configuration travels in data- attributes.
    private static final String BASE_POLICY = "default-src 'none'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'";

    static final String PAGE_POLICY = BASE_POLICY + "; frame-ancestors 'none'";
    static final String EMBED_POLICY = BASE_POLICY + "; frame-ancestors *";

    private SecurityHeaders() {
    }

    static void page(HttpFields.Mutable headers) {
        common(headers);
        headers.put("Content-Security-Policy", PAGE_POLICY);
        headers.put("X-Frame-Options", "DENY");
    }

    static void embed(HttpFields.Mutable headers) {
        common(headers);
        headers.put("Content-Security-Policy", EMBED_POLICY);
    }

    static void data(HttpFields.Mutable headers) {
        common(headers);
        headers.put("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        headers.put("Cache-Control", "no-store");
    }

    static void common(HttpFields.Mutable headers) {
        headers.put("X-Content-Type-Options", "nosniff");
        // Keeps ?key=... out of Referer headers sent to other sites.
        headers.put("Referrer-Policy", "no-referrer");
    }
}
