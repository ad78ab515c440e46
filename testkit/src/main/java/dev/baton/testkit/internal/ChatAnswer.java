package dev.baton.testkit.internal;

import dev.baton.testkit.ScriptedReply;
import dev.baton.testkit.ToolCallSpec;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * One scripted reply made concrete for one request: ids, timestamp and token counts fixed, so the
 * plain and the streamed renderings agree. Not API.
 */
public record ChatAnswer(String id, long created, String model, String content,
    List<ToolCallSpec> toolCalls, int promptTokens, int completionTokens) {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Tokens are estimated as characters / 4, at least 1, as the testkit contract says. */
  public static ChatAnswer of(ScriptedReply reply, String model, int requestChars) {
    List<ToolCallSpec> calls = reply.toolCalls().stream()
        .map(call -> new ToolCallSpec(call.id() == null ? "call_" + randomId(24) : call.id(),
            call.name(), call.argumentsJson()))
        .toList();
    int replyChars = reply.content() != null ? reply.content().length()
        : calls.stream().mapToInt(c -> c.name().length() + c.argumentsJson().length()).sum();
    return new ChatAnswer("chatcmpl-" + randomId(29), Instant.now().getEpochSecond(), model,
        reply.content(), calls, tokens(requestChars), tokens(replyChars));
  }

  public boolean hasToolCalls() {
    return !toolCalls.isEmpty();
  }

  public String finishReason() {
    return hasToolCalls() ? "tool_calls" : "stop";
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }

  private static int tokens(int chars) {
    return Math.max(1, chars / 4);
  }

  private static String randomId(int length) {
    StringBuilder id = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }
}
