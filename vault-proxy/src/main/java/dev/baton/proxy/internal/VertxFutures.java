package dev.baton.proxy.internal;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionStage;

/** Brings Lettuce's and other clients' completions back onto the calling Vert.x context. */
public final class VertxFutures {
    private VertxFutures() {}

    public static <T> Future<T> of(CompletionStage<T> stage) {
        Context context = Vertx.currentContext();
        return context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
    }
}
