package io.plotstream.server.api;

import io.plotstream.server.KeyCheck;
import io.plotstream.server.web.ViewKeyGate;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * The optional admin and view keys. Admin: {@code Authorization: Bearer <key>} or
 * {@code X-Admin-Key}. View: the view key (or the admin key) as {@code Authorization: Bearer},
 * {@code X-View-Key} or {@code ?key=}. Keys are compared with {@link KeyCheck}, the same
 * constant-time digest comparison the pages use (neither content nor length leaks through timing).
 */
public final class AccessKeys {

    public static final String ADMIN_HEADER = "X-Admin-Key";
    public static final String VIEW_HEADER = "X-View-Key";

    private final KeyCheck adminKey;
    private final KeyCheck viewKey;

    public AccessKeys(String adminKey, String viewKey) {
        this.adminKey = KeyCheck.of(adminKey);
        this.viewKey = KeyCheck.of(viewKey);
    }

    public boolean mayAdminister(Request request) {
        if (!adminKey.required()) {
            return true;
        }
        return matches(adminKey, bearer(request)) || matches(adminKey, request.getHeaders().get(ADMIN_HEADER));
    }

    public boolean mayView(Request request) {
        if (!viewKey.required()) {
            return true;
        }
        if (adminKey.required() && mayAdminister(request)) {
            return true;
        }
        if (matches(viewKey, bearer(request)) || matches(viewKey, request.getHeaders().get(VIEW_HEADER))) {
            return true;
        }
        Fields query = Request.extractQueryParameters(request);
        if (matches(viewKey, query.getValue(ViewKeyGate.QUERY_PARAMETER))) {
            return true;
        }
        // A browser that opened a page with ?key= holds it in the viewer's cookie: the page's CSV
        // link and its other API reads must work with that alone.
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (ViewKeyGate.COOKIE.equals(cookie.getName()) && matches(viewKey, cookie.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static String bearer(Request request) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return null;
    }

    private static boolean matches(KeyCheck expected, String given) {
        return expected.matchesRequired(given);
    }
}
