package dev.baton.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides how {@link ScriptedModelServer} answers one chat completion request for a model.
 *
 * <p>Thread-safety: the server calls a script from many threads at once (one virtual thread per
 * request); implementations must be thread-safe. Failure modes: a script that throws makes the
 * server answer HTTP 500 with an OpenAI-shaped {@code server_error} naming the exception.
 */
@FunctionalInterface
public interface ModelScript {

  /** The reply to {@code request}, the parsed JSON body of the chat completion request. */
  ScriptedReply reply(JsonNode request);

  /** Always the same reply. */
  static ModelScript always(ScriptedReply reply) {
    Objects.requireNonNull(reply, "reply");
    return request -> reply;
  }

  /**
   * Answers the replies in order, then repeats the last one forever. Thread-safe: concurrent
   * requests each get a distinct position in the sequence.
   *
   * @throws IllegalArgumentException if no reply is given
   */
  static ModelScript sequence(ScriptedReply... replies) {
    List<ScriptedReply> list = List.of(replies);
    if (list.isEmpty()) {
      throw new IllegalArgumentException("a sequence needs at least one reply");
    }
    AtomicInteger next = new AtomicInteger();
    return request -> list.get(next.getAndUpdate(i -> i < list.size() - 1 ? i + 1 : i));
  }
}
