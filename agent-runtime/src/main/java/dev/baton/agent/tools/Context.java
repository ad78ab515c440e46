package dev.baton.agent.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keeps a long task inside the model's context: tool outputs are cut (head and tail kept, the cut marked), and
 * once the conversation grows past its budget the oldest tool outputs are replaced by a note, newest kept.
 */
final class Context {
    static final int MAX_TOOL_OUTPUT = 12_000;
    static final int MAX_CHARS = 300_000;
    private static final int KEEP_RECENT = 8;

    private Context() {}

    static String clip(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int head = max * 2 / 3;
        int tail = max - head;
        return text.substring(0, head) + "\n…[" + (text.length() - max) + " characters cut]…\n"
                + text.substring(text.length() - tail);
    }

    static void trim(ArrayNode messages) {
        long size = messages.toString().length();
        int toolSeen = 0;
        for (int i = messages.size() - 1; i >= 0 && size > MAX_CHARS; i--) {
            JsonNode m = messages.get(i);
            if (!"tool".equals(m.path("role").asText()) || ++toolSeen <= KEEP_RECENT) {
                continue;
            }
            String content = m.path("content").asText();
            if (content.length() > 200) {
                ((ObjectNode) m).put("content", "[older tool output trimmed to fit the context]");
                size -= content.length();
            }
        }
    }
}
