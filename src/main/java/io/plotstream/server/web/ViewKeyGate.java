package io.plotstream.server.web;

import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The optional view key. A browser brings it once as {@code ?key=...}; it is then kept in an
 * HttpOnly cookie so links and the WebSocket work without it in every URL. The embed view keeps
 * {@code ?key=} in its own URL and passes it on to its WebSocket, because a third-party iframe may
 * not be allowed cookies.
 */
public final class ViewKeyGate {

    public static final String COOKIE = "plotstream_view";
    public static final String QUERY_PARAMETER = "key";

    private final byte[] keyDigest;

    public ViewKeyGate(String viewKey) {
        this.keyDigest = viewKey == null || viewKey.isBlank() ? null : digest(viewKey);
    }

    public boolean required() {
        return keyDigest != null;
    }

    /**
     * True when the request may see plot data. A correct {@code ?key=} also sets the cookie on the
     * response, so call this before the response is committed.
     */
    public boolean admit(Request request, Response response) {
        if (keyDigest == null) {
            return true;
        }
        String fromQuery = Request.extractQueryParameters(request).getValue(QUERY_PARAMETER);
        if (fromQuery != null) {
            if (!matches(fromQuery)) {
                return false;
            }
            Response.addCookie(response, HttpCookie.build(COOKIE, fromQuery)
                    .path("/")
                    .httpOnly(true)
                    .secure(request.isSecure())
                    .sameSite(HttpCookie.SameSite.LAX)
                    .build());
            return true;
        }
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (COOKIE.equals(cookie.getName()) && matches(cookie.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** Compares digests in constant time, so neither the key's content nor its length leaks through timing. */
    boolean matches(String candidate) {
        return keyDigest == null || (candidate != null && MessageDigest.isEqual(keyDigest, digest(candidate)));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
