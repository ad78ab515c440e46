package dev.baton.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the {@link ScriptedModelServer} answers: assistant text, tool calls, or an OpenAI-shaped
 * HTTP error, optionally after a delay. Immutable and thread-safe; build with the static
 * factories, which reject null arguments with {@link NullPointerException}.
 */
public final class ScriptedReply {

  /** The shape of the answer. */
  public enum Kind { TEXT, TOOL_CALLS, ERROR }

  private final Kind kind;
  private final String content;
  private final List<ToolCallSpec> toolCalls;
  private final int status;
  private final String errorCode;
  private final Duration delay;

  private ScriptedReply(Kind kind, String content, List<ToolCallSpec> toolCalls, int status,
      String errorCode, Duration delay) {
    this.kind = kind;
    this.content = content;
    this.toolCalls = toolCalls;
    this.status = status;
    this.errorCode = errorCode;
    this.delay = delay;
  }

  /** An assistant message with {@code content}, finish_reason {@code stop}. */
  public static ScriptedReply text(String content) {
    return new ScriptedReply(Kind.TEXT, Objects.requireNonNull(content, "content"), List.of(), 200,
        null, Duration.ZERO);
  }

  /** One tool call, finish_reason {@code tool_calls}. */
  public static ScriptedReply toolCall(String name, String argumentsJson) {
    return toolCalls(List.of(new ToolCallSpec(name, argumentsJson)));
  }

  /** Several tool calls in one assistant message, finish_reason {@code tool_calls}. */
  public static ScriptedReply toolCalls(List<ToolCallSpec> calls) {
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("toolCalls needs at least one call");
    }
    return new ScriptedReply(Kind.TOOL_CALLS, null, List.copyOf(calls), 200, null, Duration.ZERO);
  }

  /**
   * An HTTP error with body {@code {"error":{"message","type","code","param":null}}}. The type
   * follows the status: 429 {@code rate_limit_error}, 5xx {@code server_error}, any other 4xx
   * {@code invalid_request_error}. Clients should branch on {@code code}, as with OpenAI.
   *
   * @throws IllegalArgumentException if {@code status} is not 4xx or 5xx
   */
  public static ScriptedReply error(int status, String code, String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("error status must be 4xx or 5xx, was " + status);
    }
    return new ScriptedReply(Kind.ERROR, Objects.requireNonNull(message, "message"), List.of(),
        status, Objects.requireNonNull(code, "code"), Duration.ZERO);
  }

  /** The same reply, sent after {@code delay} (before the first byte, also when streaming). */
  public ScriptedReply withDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    return new ScriptedReply(kind, content, toolCalls, status, errorCode, delay);
  }

  public Kind kind() {
    return kind;
  }

  /** The text for {@link Kind#TEXT}, the error message for {@link Kind#ERROR}, else null. */
  public String content() {
    return content;
  }

  public List<ToolCallSpec> toolCalls() {
    return toolCalls;
  }

  /** The HTTP status: 200 unless {@link Kind#ERROR}. */
  public int status() {
    return status;
  }

  /** The error code for {@link Kind#ERROR}, else null. */
  public String errorCode() {
    return errorCode;
  }

  public Duration delay() {
    return delay;
  }

  @Override
  public String toString() {
    return "ScriptedReply[" + kind + ", status=" + status + ", content=" + content
        + ", toolCalls=" + toolCalls + ", errorCode=" + errorCode + ", delay=" + delay + "]";
  }
}
