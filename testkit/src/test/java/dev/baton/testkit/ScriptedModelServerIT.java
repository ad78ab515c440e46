package dev.baton.testkit;

import static dev.baton.testkit.ChatRequests.JSON;
import static dev.baton.testkit.ChatRequests.chatRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScriptedModelServerIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ScriptedModelServer SERVER = ScriptedModelServer.start();

  @BeforeEach
  void reset() {
    SERVER.reset();
    SERVER.clearScripts();
  }

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  @Nested
  @DisplayName("plain answers")
  class Plain {

    @Test
    void shouldAnswerOkWithAFaithfulCompletionWhenTheModelHasNoScript() throws Exception {
      String request = chatRequest("unknown-model", false, false);

      HttpResponse<String> response = post(request);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("id").asText()).startsWith("chatcmpl-");
      assertThat(body.get("object").asText()).isEqualTo("chat.completion");
      assertThat(body.get("created").asLong()).isPositive();
      assertThat(body.get("model").asText()).isEqualTo("unknown-model");
      JsonNode choice = body.get("choices").get(0);
      assertThat(choice.get("index").asInt()).isZero();
      assertThat(choice.at("/message/role").asText()).isEqualTo("assistant");
      assertThat(choice.at("/message/content").asText()).isEqualTo("ok");
      assertThat(choice.get("message").has("tool_calls")).isFalse();
      assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
      assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(request.length() / 4);
      assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(1);
      assertThat(body.at("/usage/total_tokens").asInt()).isEqualTo(request.length() / 4 + 1);
    }

    @Test
    void shouldAnswerAToolCall() throws Exception {
      SERVER.script("pm", ScriptedReply.toolCall("read_file", "{\"path\":\"README.md\"}"));

      JsonNode body = JSON.readTree(post(chatRequest("pm", false, false)).body());

      JsonNode message = body.at("/choices/0/message");
      assertThat(message.get("content").isNull()).isTrue();
      JsonNode call = message.get("tool_calls").get(0);
      assertThat(call.get("id").asText()).startsWith("call_");
      assertThat(call.get("type").asText()).isEqualTo("function");
      assertThat(call.at("/function/name").asText()).isEqualTo("read_file");
      assertThat(call.at("/function/arguments").asText()).isEqualTo("{\"path\":\"README.md\"}");
      assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
      assertThat(body.at("/usage/completion_tokens").asInt())
          .isEqualTo(("read_file" + "{\"path\":\"README.md\"}").length() / 4);
    }

    @Test
    void shouldAnswerSeveralToolCallsInOneMessage() throws Exception {
      SERVER.script("eng", ScriptedReply.toolCalls(List.of(
          new ToolCallSpec("call_fixed", "run", "{\"cmd\":\"ls\"}"),
          new ToolCallSpec("write_file", "{\"path\":\"a\"}"))));

      JsonNode calls = JSON.readTree(post(chatRequest("eng", false, false)).body())
          .at("/choices/0/message/tool_calls");

      assertThat(calls).hasSize(2);
      assertThat(calls.get(0).get("id").asText()).isEqualTo("call_fixed");
      assertThat(calls.get(1).at("/function/name").asText()).isEqualTo("write_file");
    }

    @Test
    void shouldAnswerASequenceInOrderThenRepeatTheLast() throws Exception {
      SERVER.script("seq", ScriptedModelServer.sequence(
          ScriptedReply.text("one"), ScriptedReply.text("two")));

      List<String> contents = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        contents.add(content(post(chatRequest("seq", false, false))));
      }

      assertThat(contents).containsExactly("one", "two", "two");
    }

    @Test
    void shouldGiveEachConcurrentRequestItsOwnSequencePosition() throws Exception {
      ScriptedReply[] replies = IntStream.range(0, 20)
          .mapToObj(i -> ScriptedReply.text("r" + i)).toArray(ScriptedReply[]::new);
      SERVER.script("par", ModelScript.sequence(replies));
      Set<String> seen = ConcurrentHashMap.newKeySet();

      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 20; i++) {
          pool.submit(() -> seen.add(content(post(chatRequest("par", false, false)))));
        }
      }

      assertThat(seen).hasSize(20);
    }

    @Test
    void shouldAnswerAfterTheScriptedDelay() throws Exception {
      SERVER.script("slow", ScriptedReply.text("late").withDelay(Duration.ofMillis(400)));

      long start = System.nanoTime();
      String content = content(post(chatRequest("slow", false, false)));

      assertThat(content).isEqualTo("late");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
          Duration.ofMillis(400));
    }
  }

  static HttpResponse<String> post(String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + "/chat/completions"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer task-token")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String content(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body()).at("/choices/0/message/content").asText();
  }
}
