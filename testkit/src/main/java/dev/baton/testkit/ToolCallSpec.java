package dev.baton.testkit;

import java.util.Objects;

/**
 * One tool call in a {@link ScriptedReply}: the function name and its arguments as a JSON string,
 * sent verbatim (not validated, so a script can send malformed arguments on purpose). A null
 * {@code id} is replaced by a fresh {@code call_...} id in each response. Immutable.
 */
public record ToolCallSpec(String id, String name, String argumentsJson) {

  public ToolCallSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
  }

  /** A call whose id is generated per response. */
  public ToolCallSpec(String name, String argumentsJson) {
    this(null, name, argumentsJson);
  }
}
