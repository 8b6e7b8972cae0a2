package io.plotstream.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * One REST request and its response, with what every API resource does the same way: JSON and
 * text answers ({@code no-store}, nothing written for HEAD), {@code {"error": ...}} bodies, the
 * key checks with their 401 (and {@code WWW-Authenticate: Bearer}), and the bounded body read (413).
 * The plot and the dashboard API share it so they answer alike.
 */
final class ApiExchange {

    final Request request;
    final Response response;
    final Callback callback;
    private final ObjectMapper mapper;
    private final AccessKeys keys;

    ApiExchange(Request request, Response response, Callback callback, ObjectMapper mapper, AccessKeys keys) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.mapper = mapper;
        this.keys = keys;
    }

    void json(int status, JsonNode body) {
        try {
            send(status, "application/json", mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            callback.failed(e);
        }
    }

    void error(int status, String message) {
        json(status, mapper.createObjectNode().put("error", message));
    }

    void text(int status, String contentType, String body) {
        send(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs the action if the request carries the view key (or no view key is set), else answers 401. */
    void viewing(Runnable action) {
        if (keys.mayView(request)) {
            action.run();
        } else {
            unauthorized("a view key is required (Authorization: Bearer, X-View-Key or ?key=)");
        }
    }

    /** Runs the action if the request carries the admin key (or no admin key is set), else answers 401. */
    void administering(Runnable action) {
        if (keys.mayAdminister(request)) {
            action.run();
        } else {
            unauthorized("the admin key is required (Authorization: Bearer or X-Admin-Key)");
        }
    }

    /**
     * Reads the body asynchronously, at most {@code maxBytes} (413 beyond), and hands it to the
     * action on the thread that completed the read; a failed read fails the callback.
     */
    void withBody(int maxBytes, Consumer<byte[]> action) {
        BoundedBody.read(request, maxBytes).whenComplete((bytes, failure) -> {
            if (failure == null) {
                action.accept(bytes);
                return;
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            if (cause instanceof BoundedBody.TooLargeException) {
                error(413, cause.getMessage());
            } else {
                callback.failed(cause);
            }
        });
    }

    private void unauthorized(String message) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        error(401, message);
    }

    private void send(int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? BufferUtil.EMPTY_BUFFER : ByteBuffer.wrap(body),
                callback);
    }
}
