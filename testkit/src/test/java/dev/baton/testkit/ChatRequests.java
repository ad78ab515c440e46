package dev.baton.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Request bodies for the scripted model server tests. */
final class ChatRequests {
  static final ObjectMapper JSON = new ObjectMapper();

  private ChatRequests() {}

  static String chatRequest(String model, boolean stream, boolean includeUsage) {
    var body = JSON.createObjectNode().put("model", model);
    body.putArray("messages").addObject().put("role", "user").put("content", "Plan ticket T-1");
    if (stream) {
      body.put("stream", true);
      if (includeUsage) {
        body.putObject("stream_options").put("include_usage", true);
      }
    }
    return body.toString();
  }
}
