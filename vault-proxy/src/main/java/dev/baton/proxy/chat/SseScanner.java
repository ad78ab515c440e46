package dev.baton.proxy.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.proxy.secrets.Redactor;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Passes a server-sent event stream of chat completion chunks through line by line: each complete line is
 * redacted and handed on at once (events end with a blank line, so nothing waits longer than its own event),
 * and the last {@code usage} seen is remembered. Not thread-safe: one stream, one event loop.
 */
final class SseScanner {
    private final Redactor redactor;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private Usage usage = Usage.NONE;

    SseScanner(Redactor redactor) {
        this.redactor = redactor;
    }

    /** The complete lines in {@code chunk} (with earlier leftovers), redacted; a partial last line is held. */
    Buffer feed(Buffer chunk) {
        Buffer out = Buffer.buffer(chunk.length());
        byte[] bytes = chunk.getBytes();
        for (byte b : bytes) {
            line.write(b);
            if (b == '\n') {
                out.appendString(onLine(line.toString(StandardCharsets.UTF_8)), "UTF-8");
                line.reset();
            }
        }
        return out;
    }

    /** Whatever is left after the stream ended without a final newline. */
    Buffer rest() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        return Buffer.buffer(text.isEmpty() ? "" : redactor.redact(text));
    }

    Usage usage() {
        return usage;
    }

    private String onLine(String text) {
        if (text.startsWith("data:")) {
            String data = text.substring(5).trim();
            if (!data.isEmpty() && !data.equals("[DONE]")) {
                try {
                    Usage seen = Usage.of(Json.MAPPER.readTree(data));
                    if (seen.isKnown()) {
                        usage = seen;
                    }
                } catch (IOException e) {
                    // not JSON: the agent gets it as it is, there is just no usage in it
                }
            }
        }
        return redactor.redact(text);
    }
}
