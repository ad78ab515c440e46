package dev.baton.proxy.token;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;

/**
 * Establishes the {@link Caller} of a request from its headers. Implementations must not block (they run
 * on the event loop) and must be thread-safe. A refusal is a failed future holding an {@link AuthException}.
 */
public interface Authenticator {
    Future<Caller> authenticate(MultiMap headers);
}
