package dev.baton.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.baton.testkit.ModelScript;
import dev.baton.testkit.RecordedRequest;
import dev.baton.testkit.ScriptedReply;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** Routes and answers the requests of the scripted model server. Not API. */
public final class ModelHttpHandler implements HttpHandler {
  private final Function<String, ModelScript> scripts;
  private final Supplier<Collection<String>> models;
  private final Consumer<RecordedRequest> recorder;

  public ModelHttpHandler(Function<String, ModelScript> scripts,
      Supplier<Collection<String>> models, Consumer<RecordedRequest> recorder) {
    this.scripts = scripts;
    this.models = models;
    this.recorder = recorder;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        route(exchange);
      } catch (RuntimeException e) {
        failed(exchange, e);
      }
    }
  }

  private static void failed(HttpExchange exchange, RuntimeException e) {
    try {
      sendJson(exchange, 500, OpenAiJson.error(500, "server_error",
          "scripted model server failed: " + e));
    } catch (IOException | RuntimeException ignored) {
      // Headers were already sent (streaming): the client sees a truncated answer.
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    JsonNode body = parse(raw);
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    recorder.accept(new RecordedRequest(method, path, exchange.getRequestHeaders(), body));
    if (path.equals("/v1/chat/completions") && method.equals("POST")) {
      chat(exchange, raw, body);
    } else if (path.equals("/v1/models") && method.equals("GET")) {
      sendJson(exchange, 200, OpenAiJson.models(models.get()));
    } else {
      sendJson(exchange, 404, OpenAiJson.error(404, "unknown_url",
          "Unknown request URL: " + method + " " + path));
    }
  }

  private void chat(HttpExchange exchange, String raw, JsonNode body) throws IOException {
    if (!body.isObject()) {
      sendJson(exchange, 400, OpenAiJson.error(400, "invalid_json",
          "We could not parse the JSON body of your request."));
      return;
    }
    if (!body.path("model").isTextual()) {
      sendJson(exchange, 400, OpenAiJson.error(400, "invalid_request_error",
          "you must provide a model parameter"));
      return;
    }
    String model = body.get("model").asText();
    ScriptedReply reply = scripts.apply(model).reply(body);
    if (reply == null) {
      throw new IllegalStateException("the script for model " + model + " returned null");
    }
    ChildProcesses.sleep(reply.delay());
    if (reply.kind() == ScriptedReply.Kind.ERROR) {
      sendJson(exchange, reply.status(),
          OpenAiJson.error(reply.status(), reply.errorCode(), reply.content()));
      return;
    }
    ChatAnswer answer = ChatAnswer.of(reply, model, raw.length());
    if (body.path("stream").asBoolean(false)) {
      boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
      stream(exchange, answer, usage);
    } else {
      sendJson(exchange, 200, OpenAiJson.completion(answer));
    }
  }

  private static void stream(HttpExchange exchange, ChatAnswer answer, boolean usage)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    for (ObjectNode chunk : ChatStream.chunks(answer, usage)) {
      out.write(("data: " + OpenAiJson.MAPPER.writeValueAsString(chunk) + "\n\n")
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void sendJson(HttpExchange exchange, int status, ObjectNode body)
      throws IOException {
    byte[] bytes = OpenAiJson.MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static JsonNode parse(String raw) {
    if (raw.isBlank()) {
      return NullNode.getInstance();
    }
    try {
      return OpenAiJson.MAPPER.readTree(raw);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(raw);
    }
  }
}
