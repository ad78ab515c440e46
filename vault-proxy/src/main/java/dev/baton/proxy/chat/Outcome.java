package dev.baton.proxy.chat;

import io.vertx.core.buffer.Buffer;

/**
 * How one proxied call ended, for budgets, metrics and audit.
 *
 * @param model    the model the call was sent to ({@code null} if no upstream answered)
 * @param upstream the upstream that answered ({@code null} if none did)
 * @param status   the HTTP status the agent got
 * @param usage    the tokens the upstream reported
 * @param body     the response as the agent got it (the event stream when streamed), at most a few MiB
 * @param error    the error code the agent got, or {@code null}
 */
public record Outcome(String model, String upstream, int status, Usage usage, Buffer body, String error) {

    static Outcome failed(int status, String code, String message) {
        return new Outcome(null, null, status, Usage.NONE,
                Buffer.buffer(OpenAiError.body(status, code, message, e -> {}).toString()), code);
    }
}
