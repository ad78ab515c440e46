package dev.baton.proxy.chat;

import com.fasterxml.jackson.databind.JsonNode;

/** Tokens a call consumed, as the upstream reported them in {@code usage}. Immutable. */
public record Usage(long promptTokens, long completionTokens) {
    public static final Usage NONE = new Usage(0, 0);

    /** The usage in a completion or a stream chunk, or {@link #NONE} if it has none. */
    public static Usage of(JsonNode answer) {
        JsonNode usage = answer == null ? null : answer.get("usage");
        if (usage == null || !usage.isObject()) {
            return NONE;
        }
        return new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
    }

    public boolean isKnown() {
        return promptTokens > 0 || completionTokens > 0;
    }
}
