package dev.baton.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as {@link ScriptedModelServer} received it. The body is the parsed JSON, a
 * {@code NullNode} when empty, or a {@code TextNode} with the raw text when it is not JSON.
 * Immutable and thread-safe; header names are case-insensitive.
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers,
    JsonNode body) {

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(copy);
  }

  /** The first value of a header, looked up case-insensitively. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  /** The {@code model} field of the body, if any. */
  public Optional<String> model() {
    JsonNode model = body.path("model");
    return model.isTextual() ? Optional.of(model.asText()) : Optional.empty();
  }
}
