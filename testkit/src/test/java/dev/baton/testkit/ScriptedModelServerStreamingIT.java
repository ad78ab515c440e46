package dev.baton.testkit;

import static dev.baton.testkit.ChatRequests.JSON;
import static dev.baton.testkit.ChatRequests.chatRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ScriptedModelServerStreamingIT {
  static final ScriptedModelServer SERVER = ScriptedModelServer.start();

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  @Test
  void shouldStreamTextInSeveralDeltasThenFinishAndDone() throws Exception {
    SERVER.script("s-text", ScriptedReply.text("The plan has three tasks."));

    Streamed response = stream(chatRequest("s-text", true, false));

    assertThat(response.contentType()).startsWith("text/event-stream");
    List<String> data = response.body();
    assertThat(data.getLast()).isEqualTo("[DONE]");
    List<JsonNode> chunks = chunks(data);
    assertThat(chunks).allSatisfy(chunk -> {
      assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(chunk.get("id").asText()).isEqualTo(chunks.getFirst().get("id").asText());
      assertThat(chunk.has("usage")).isFalse();
    });
    assertThat(chunks.getFirst().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    List<String> pieces = chunks.stream().map(c -> c.at("/choices/0/delta/content"))
        .filter(JsonNode::isTextual).map(JsonNode::asText).filter(s -> !s.isEmpty()).toList();
    assertThat(pieces).hasSizeGreaterThan(2);
    assertThat(String.join("", pieces)).isEqualTo("The plan has three tasks.");
    assertThat(chunks.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
  }

  @Test
  void shouldEndWithAUsageChunkWhenAsked() throws Exception {
    String request = chatRequest("s-usage", true, true);

    List<JsonNode> chunks = chunks(stream(request).body());

    JsonNode usage = chunks.getLast();
    assertThat(usage.get("choices")).isEmpty();
    assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(request.length() / 4);
    assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(request.length() / 4 + 1);
    assertThat(chunks.get(chunks.size() - 2).at("/choices/0/finish_reason").asText())
        .isEqualTo("stop");
    assertThat(chunks.subList(0, chunks.size() - 1))
        .allSatisfy(chunk -> assertThat(chunk.get("usage").isNull()).isTrue());
  }

  @Test
  void shouldStreamToolCallsAsIndexedDeltas() throws Exception {
    SERVER.script("s-tools", ScriptedReply.toolCalls(List.of(
        new ToolCallSpec("run", "{\"cmd\":\"mvn -q verify\"}"),
        new ToolCallSpec("read_file", "{\"path\":\"pom.xml\"}"))));

    List<JsonNode> chunks = chunks(stream(chatRequest("s-tools", true, false)).body());

    StringBuilder[] arguments = {new StringBuilder(), new StringBuilder()};
    String[] names = new String[2];
    for (JsonNode chunk : chunks) {
      for (JsonNode call : chunk.at("/choices/0/delta/tool_calls")) {
        int index = call.get("index").asInt();
        if (call.has("id")) {
          assertThat(call.get("id").asText()).startsWith("call_");
          names[index] = call.at("/function/name").asText();
        }
        arguments[index].append(call.at("/function/arguments").asText());
      }
    }
    assertThat(names).containsExactly("run", "read_file");
    assertThat(arguments[0]).hasToString("{\"cmd\":\"mvn -q verify\"}");
    assertThat(arguments[1]).hasToString("{\"path\":\"pom.xml\"}");
    assertThat(chunks.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
  }

  @Test
  void shouldAnswerAnErrorAsJsonEvenWhenStreamingWasAsked() throws Exception {
    SERVER.script("s-err", ScriptedReply.error(429, "BUDGET_EXCEEDED", "over budget"));

    HttpResponse<String> response = HttpClient.newHttpClient().send(
        request(chatRequest("s-err", true, false)), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(response.body()).at("/error/code").asText())
        .isEqualTo("BUDGET_EXCEEDED");
  }

  /** The content type and the {@code data:} payloads of a streamed answer. */
  record Streamed(String contentType, List<String> body) {}

  static Streamed stream(String body) throws Exception {
    HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
        .send(request(body), HttpResponse.BodyHandlers.ofLines());
    List<String> data = response.body().filter(line -> line.startsWith("data: "))
        .map(line -> line.substring("data: ".length())).toList();
    return new Streamed(response.headers().firstValue("content-type").orElse(""), data);
  }

  static List<JsonNode> chunks(List<String> data) throws Exception {
    List<JsonNode> chunks = new ArrayList<>();
    for (String event : data) {
      if (!event.equals("[DONE]")) {
        chunks.add(JSON.readTree(event));
      }
    }
    return chunks;
  }

  static HttpRequest request(String body) {
    return HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + "/chat/completions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }
}
