package io.plotstream.server.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * One file served from the classpath, held in memory with its gzip form computed once, so every
 * request costs a buffer write and no compression. Reveals no plot data, so no view key is needed.
 */
final class StaticAsset {

    private final String contentType;
    private final String cacheControl;
    private final byte[] raw;
    private final byte[] gzipped;
    private final String etag;

    private StaticAsset(String contentType, String cacheControl, byte[] raw) {
        this.contentType = contentType;
        this.cacheControl = cacheControl;
        this.raw = raw;
        this.gzipped = gzip(raw);
        this.etag = "\"" + HexFormat.of().formatHex(sha256(raw), 0, 12) + "\"";
    }

    /** Loads a classpath resource; fails with its name when it is missing (a packaging mistake). */
    static StaticAsset load(ClassLoader loader, String resource, String contentType, String cacheControl) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("web asset missing from the classpath: " + resource);
            }
            return new StaticAsset(contentType, cacheControl, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web asset " + resource, e);
        }
    }

    int size() {
        return raw.length;
    }

    int gzippedSize() {
        return gzipped.length;
    }

    void serve(Request request, Response response, Callback callback) {
        var headers = response.getHeaders();
        SecurityHeaders.common(headers);
        headers.put(HttpHeader.CACHE_CONTROL, cacheControl);
        headers.put(HttpHeader.ETAG, etag);
        headers.put(HttpHeader.VARY, "Accept-Encoding");
        if (etag.equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            response.write(true, null, callback);
            return;
        }
        headers.put(HttpHeader.CONTENT_TYPE, contentType);
        boolean gzip = acceptsGzip(request);
        byte[] body = gzip ? gzipped : raw;
        if (gzip) {
            headers.put(HttpHeader.CONTENT_ENCODING, "gzip");
        }
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.setStatus(200);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }

    private static boolean acceptsGzip(Request request) {
        for (String value : request.getHeaders().getCSV(HttpHeader.ACCEPT_ENCODING, false)) {
            String coding = value.trim();
            if (coding.equals("gzip") || (coding.startsWith("gzip;") && !coding.replace(" ", "").endsWith("q=0"))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, raw.length / 4));
        try (GZIPOutputStream zip = new GZIPOutputStream(out, 64 * 1024)) {
            zip.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static byte[] sha256(byte[] raw) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(raw);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
