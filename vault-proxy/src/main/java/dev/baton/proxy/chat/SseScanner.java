package dev.baton.proxy.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Watches a server-sent event stream of chat completion chunks as it passes through and remembers the last
 * {@code usage} it saw. Bytes are forwarded untouched; this only reads a copy. Not thread-safe: one stream,
 * one event loop.
 */
final class SseScanner {
    private static final int MAX_LINE = 1 << 20;

    private final StringBuilder line = new StringBuilder();
    private Usage usage = Usage.NONE;

    void feed(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                onLine(line.toString());
                line.setLength(0);
            } else if (c != '\r' && line.length() < MAX_LINE) {
                line.append(c);
            }
        }
    }

    Usage usage() {
        return usage;
    }

    private void onLine(String text) {
        if (!text.startsWith("data:")) {
            return;
        }
        String data = text.substring(5).trim();
        if (data.isEmpty() || data.equals("[DONE]")) {
            return;
        }
        try {
            JsonNode chunk = Json.MAPPER.readTree(data);
            Usage seen = Usage.of(chunk);
            if (seen.isKnown()) {
                usage = seen;
            }
        } catch (IOException e) {
            // not JSON: the agent gets it as it is, there is just no usage in it
        }
    }
}
