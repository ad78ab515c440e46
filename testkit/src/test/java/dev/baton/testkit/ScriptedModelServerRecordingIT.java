package dev.baton.testkit;

import static dev.baton.testkit.ChatRequests.JSON;
import static dev.baton.testkit.ChatRequests.chatRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScriptedModelServerRecordingIT {
  static final ScriptedModelServer SERVER = ScriptedModelServer.start();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeEach
  void reset() {
    SERVER.reset();
  }

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  @Test
  void shouldRecordMethodPathHeadersAndBody() throws Exception {
    send("POST", "/chat/completions", chatRequest("rec", false, false));

    RecordedRequest request = SERVER.requests().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.header("authorization")).hasValue("Bearer task-token");
    assertThat(request.header("AUTHORIZATION")).hasValue("Bearer task-token");
    assertThat(request.header("x-missing")).isEmpty();
    assertThat(request.model()).hasValue("rec");
    assertThat(request.body().at("/messages/0/content").asText()).isEqualTo("Plan ticket T-1");
    assertThat(SERVER.requests("rec")).containsExactly(request);
  }

  @Test
  void shouldForgetRequestsOnReset() throws Exception {
    send("POST", "/chat/completions", chatRequest("rec", false, false));

    SERVER.reset();

    assertThat(SERVER.requests()).isEmpty();
  }

  @Test
  void shouldListScriptedModels() throws Exception {
    SERVER.script("gpt-test-pm", ScriptedReply.text("plan"));

    HttpResponse<String> response = send("GET", "/models", null);

    assertThat(response.statusCode()).isEqualTo(200);
    var body = JSON.readTree(response.body());
    assertThat(body.get("object").asText()).isEqualTo("list");
    assertThat(body.at("/data/0/id").asText()).isEqualTo("gpt-test-pm");
    assertThat(body.at("/data/0/object").asText()).isEqualTo("model");
  }

  @Test
  void shouldAnswerScriptedErrorsInOpenAiShape() throws Exception {
    SERVER.script("limited", ScriptedReply.error(429, "rate_limit_exceeded", "slow down"));

    HttpResponse<String> response = send("POST", "/chat/completions",
        chatRequest("limited", false, false));

    assertThat(response.statusCode()).isEqualTo(429);
    var error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("message").asText()).isEqualTo("slow down");
    assertThat(error.get("type").asText()).isEqualTo("rate_limit_error");
    assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
  }

  @Test
  void shouldAnswer500WhenTheScriptThrows() throws Exception {
    SERVER.script("broken", request -> {
      throw new IllegalStateException("script bug");
    });

    HttpResponse<String> response = send("POST", "/chat/completions",
        chatRequest("broken", false, false));

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(response.body()).at("/error/message").asText())
        .contains("script bug");
  }

  @Test
  void shouldAnswer400ForABodyThatIsNotJson() throws Exception {
    HttpResponse<String> response = send("POST", "/chat/completions", "{not json");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).at("/error/type").asText())
        .isEqualTo("invalid_request_error");
    assertThat(SERVER.requests().getFirst().body().asText()).isEqualTo("{not json");
  }

  @Test
  void shouldAnswer404ForUnknownPaths() throws Exception {
    assertThat(send("GET", "/embeddings", null).statusCode()).isEqualTo(404);
  }

  static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + path))
        .header("Authorization", "Bearer task-token");
    builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }
}
