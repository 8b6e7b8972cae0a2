package io.plotstream.server.web;

import io.plotstream.server.KeyCheck;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The optional view key. A browser brings it once as {@code ?key=...}; it is then kept in an
 * HttpOnly cookie so links and the WebSocket work without it in every URL. The embed view keeps
 * {@code ?key=} in its own URL and passes it on to its WebSocket, because a third-party iframe may
 * not be allowed cookies. The comparison is the server's one constant-time {@link KeyCheck}, the
 * same the REST API uses.
 */
public final class ViewKeyGate {

    public static final String COOKIE = "plotstream_view";
    public static final String QUERY_PARAMETER = "key";

    /** What a request brought, for a message that says what to do. */
    enum Admission {
        /** No key needed, or the right one came. */
        ADMITTED,
        /** A key is needed and none came. */
        NO_KEY,
        /** A {@code ?key=} came and is not the key. */
        WRONG_KEY,
        /** Only a cookie came, and its key is not (or no longer) the key. */
        WRONG_COOKIE
    }

    private final KeyCheck key;

    public ViewKeyGate(String viewKey) {
        this.key = KeyCheck.of(viewKey);
    }

    public boolean required() {
        return key.required();
    }

    /**
     * True when the request may see plot data. A correct {@code ?key=} also sets the cookie on the
     * response, so call this before the response is committed.
     */
    public boolean admit(Request request, Response response) {
        return check(request, response) == Admission.ADMITTED;
    }

    /** As {@link #admit}, saying why a request was refused. */
    Admission check(Request request, Response response) {
        if (!key.required()) {
            return Admission.ADMITTED;
        }
        String fromQuery = Request.extractQueryParameters(request).getValue(QUERY_PARAMETER);
        if (fromQuery != null) {
            if (!matches(fromQuery)) {
                return Admission.WRONG_KEY;
            }
            Response.addCookie(response, HttpCookie.build(COOKIE, fromQuery)
                    .path("/")
                    .httpOnly(true)
                    .secure(request.isSecure())
                    .sameSite(HttpCookie.SameSite.LAX)
                    .build());
            return Admission.ADMITTED;
        }
        boolean sawCookie = false;
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (COOKIE.equals(cookie.getName())) {
                if (matches(cookie.getValue())) {
                    return Admission.ADMITTED;
                }
                sawCookie = true;
            }
        }
        return sawCookie ? Admission.WRONG_COOKIE : Admission.NO_KEY;
    }

    /** See {@link KeyCheck#matches}: constant time, so neither the key's content nor its length leaks. */
    boolean matches(String candidate) {
        return key.matches(candidate);
    }
}
