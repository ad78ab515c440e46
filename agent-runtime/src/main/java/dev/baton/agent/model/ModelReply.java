package dev.baton.agent.model;

import com.fasterxml.jackson.databind.JsonNode;

/** The first choice's message of a chat completion, and the tokens the call used (from {@code usage}). */
public record ModelReply(JsonNode message, long totalTokens) {}
