package dev.baton.proxy.internal;

import dev.baton.proxy.ProxyException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** Reads a request body up to a size limit, or discards it, without blocking. */
public final class Bodies {
    private Bodies() {}

    /** The whole body, or a failed future with a 413 {@link ProxyException} once it exceeds {@code max}. */
    public static Future<Buffer> read(HttpServerRequest request, int max) {
        String length = request.getHeader("Content-Length");
        if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 12
                && Long.parseLong(length) > max) {
            return Future.failedFuture(tooLarge(max));
        }
        Promise<Buffer> body = Promise.promise();
        Buffer collected = Buffer.buffer();
        request.handler(chunk -> {
            if (collected.length() + chunk.length() > max) {
                body.tryFail(tooLarge(max));
            } else if (!body.future().isComplete()) {
                collected.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(body::tryFail);
        request.endHandler(v -> body.tryComplete(collected));
        return body.future();
    }

    /**
     * Ends a refused exchange cleanly: what is left of the body, which nobody will read, is dropped, so the
     * connection can serve its next request (or close, if the client asked); once more than {@code max} bytes of it
     * arrive the connection is closed instead.
     */
    public static void discard(HttpServerRequest request, int max) {
        if (request.isEnded()) {
            return;
        }
        long[] discarded = {0};
        request.handler(chunk -> {
            discarded[0] += chunk.length();
            if (discarded[0] > max) {
                request.connection().close();
            }
        });
        request.resume();
    }

    private static ProxyException tooLarge(int max) {
        return new ProxyException(413, "request_too_large", "the request body exceeds " + max + " bytes");
    }
}
