package dev.baton.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.testkit.ToolCallSpec;
import java.time.Instant;
import java.util.Collection;

/** Renders OpenAI chat completion, model list and error bodies. Not API. */
public final class OpenAiJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  static final String FINGERPRINT = "fp_baton_testkit";

  private OpenAiJson() {}

  /** A {@code chat.completion} object. */
  public static ObjectNode completion(ChatAnswer answer) {
    ObjectNode message = MAPPER.createObjectNode().put("role", "assistant");
    message.put("content", answer.content());
    if (answer.hasToolCalls()) {
      ArrayNode calls = message.putArray("tool_calls");
      answer.toolCalls().forEach(call -> calls.add(toolCall(call)));
    }
    message.putNull("refusal");
    ObjectNode choice = MAPPER.createObjectNode().put("index", 0);
    choice.set("message", message);
    choice.putNull("logprobs");
    choice.put("finish_reason", answer.finishReason());
    ObjectNode body = header(answer, "chat.completion");
    body.putArray("choices").add(choice);
    body.set("usage", usage(answer));
    return body;
  }

  /** The fields every completion and chunk starts with. */
  static ObjectNode header(ChatAnswer answer, String object) {
    return MAPPER.createObjectNode().put("id", answer.id()).put("object", object)
        .put("created", answer.created()).put("model", answer.model())
        .put("system_fingerprint", FINGERPRINT);
  }

  static ObjectNode toolCall(ToolCallSpec call) {
    ObjectNode node = MAPPER.createObjectNode().put("id", call.id()).put("type", "function");
    node.putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
    return node;
  }

  static ObjectNode usage(ChatAnswer answer) {
    return MAPPER.createObjectNode().put("prompt_tokens", answer.promptTokens())
        .put("completion_tokens", answer.completionTokens())
        .put("total_tokens", answer.totalTokens());
  }

  /** {@code {"error":{"message","type","code","param":null}}}, type derived from the status. */
  public static ObjectNode error(int status, String code, String message) {
    String type = status == 429 ? "rate_limit_error"
        : status >= 500 ? "server_error" : "invalid_request_error";
    ObjectNode body = MAPPER.createObjectNode();
    body.putObject("error").put("message", message).put("type", type).putNull("param")
        .put("code", code);
    return body;
  }

  /** A {@code GET /v1/models} list. */
  public static ObjectNode models(Collection<String> names) {
    ObjectNode body = MAPPER.createObjectNode().put("object", "list");
    ArrayNode data = body.putArray("data");
    long created = Instant.now().getEpochSecond();
    names.stream().sorted().forEach(name -> data.addObject().put("id", name)
        .put("object", "model").put("created", created).put("owned_by", "baton-testkit"));
    return body;
  }
}
