package dev.baton.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.testkit.ToolCallSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code chat.completion.chunk} objects of a streamed answer, in OpenAI's order: a role
 * delta, content or tool call deltas, a finish chunk, and a usage chunk when asked. Not API.
 */
public final class ChatStream {
  private static final int PIECES = 4;
  private static final int MAX_PIECE = 16;

  private ChatStream() {}

  public static List<ObjectNode> chunks(ChatAnswer answer, boolean includeUsage) {
    List<ObjectNode> chunks = new ArrayList<>();
    ObjectNode first = delta(answer, includeUsage, chunks).put("role", "assistant");
    if (answer.hasToolCalls()) {
      first.putNull("content");
      for (int i = 0; i < answer.toolCalls().size(); i++) {
        addToolCall(answer, includeUsage, chunks, i, answer.toolCalls().get(i));
      }
    } else {
      first.put("content", "");
      for (String piece : split(answer.content())) {
        delta(answer, includeUsage, chunks).put("content", piece);
      }
    }
    ObjectNode last = chunk(answer, includeUsage);
    last.putArray("choices").addObject().put("index", 0).<ObjectNode>set("delta",
        OpenAiJson.MAPPER.createObjectNode()).putNull("logprobs")
        .put("finish_reason", answer.finishReason());
    chunks.add(last);
    if (includeUsage) {
      ObjectNode usage = OpenAiJson.header(answer, "chat.completion.chunk");
      usage.putArray("choices");
      usage.set("usage", OpenAiJson.usage(answer));
      chunks.add(usage);
    }
    return chunks;
  }

  private static void addToolCall(ChatAnswer answer, boolean includeUsage,
      List<ObjectNode> chunks, int index, ToolCallSpec call) {
    ObjectNode opening = delta(answer, includeUsage, chunks).putArray("tool_calls").addObject()
        .put("index", index).put("id", call.id()).put("type", "function");
    opening.putObject("function").put("name", call.name()).put("arguments", "");
    for (String piece : split(call.argumentsJson())) {
      delta(answer, includeUsage, chunks).putArray("tool_calls").addObject().put("index", index)
          .putObject("function").put("arguments", piece);
    }
  }

  /** Appends a chunk with one choice and returns its (empty) delta to fill. */
  private static ObjectNode delta(ChatAnswer answer, boolean includeUsage,
      List<ObjectNode> chunks) {
    ObjectNode chunk = chunk(answer, includeUsage);
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    ObjectNode delta = choice.putObject("delta");
    choice.putNull("logprobs");
    choice.putNull("finish_reason");
    chunks.add(chunk);
    return delta;
  }

  private static ObjectNode chunk(ChatAnswer answer, boolean includeUsage) {
    ObjectNode chunk = OpenAiJson.header(answer, "chat.completion.chunk");
    if (includeUsage) {
      chunk.putNull("usage");
    }
    return chunk;
  }

  /** Splits text into about four pieces of at most 16 chars, never inside a surrogate pair. */
  static List<String> split(String text) {
    List<String> pieces = new ArrayList<>();
    int codePoints = text.codePointCount(0, text.length());
    int size = Math.clamp((codePoints + PIECES - 1) / PIECES, 1, MAX_PIECE);
    int start = 0;
    while (start < text.length()) {
      int end = text.offsetByCodePoints(start, Math.min(size, text.codePointCount(start,
          text.length())));
      pieces.add(text.substring(start, end));
      start = end;
    }
    return pieces;
  }
}
