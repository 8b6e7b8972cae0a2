package io.plotstream.server.api;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;

/** Reads a request body asynchronously, refusing it once it exceeds a limit (no thread waits on a slow client). */
final class BoundedBody {

    /** Thrown (through the future) when the body is over the limit. */
    static final class TooLargeException extends RuntimeException {
        TooLargeException(int limit) {
            super("request body exceeds " + limit + " bytes");
        }
    }

    private final Request request;
    private final int limit;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();

    private BoundedBody(Request request, int limit) {
        this.request = request;
        this.limit = limit;
    }

    static CompletableFuture<byte[]> read(Request request, int limit) {
        long declared = request.getLength();
        if (declared > limit) {
            return CompletableFuture.failedFuture(new TooLargeException(limit));
        }
        BoundedBody reader = new BoundedBody(request, limit);
        reader.readAvailable();
        return reader.result;
    }

    private void readAvailable() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this::readAvailable);
                return;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    result.completeExceptionally(chunk.getFailure());
                    return;
                }
                int n = chunk.remaining();
                if (body.size() + n > limit) {
                    result.completeExceptionally(new TooLargeException(limit));
                    return;
                }
                byte[] bytes = new byte[n];
                chunk.getByteBuffer().get(bytes);
                body.writeBytes(bytes);
                if (chunk.isLast()) {
                    result.complete(body.toByteArray());
                    return;
                }
            } finally {
                chunk.release();
            }
        }
    }
}
