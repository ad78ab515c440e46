package dev.baton.agent.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The first choice's message of a chat completion and the call's token usage ({@code usage.prompt_tokens},
 * {@code completion_tokens}, {@code total_tokens}; 0 when the answer has none).
 */
public record ModelReply(JsonNode message, long totalTokens, long promptTokens, long completionTokens) {

    static ModelReply of(JsonNode message, JsonNode usage) {
        long prompt = usage.path("prompt_tokens").asLong(0);
        long completion = usage.path("completion_tokens").asLong(0);
        return new ModelReply(message, usage.path("total_tokens").asLong(prompt + completion), prompt, completion);
    }
}
