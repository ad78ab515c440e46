package dev.baton.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.protocol.token.TaskClaims;
import dev.baton.protocol.token.TaskScopes;
import dev.baton.protocol.token.TaskTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded HTTP requests for the vault proxy: chat completion calls with valid and broken tokens and mutated bodies,
 * requests with unexpected methods and paths, and git relay requests with mutated paths, tokens and push
 * commands. Produces raw request bytes ({@link RawHttp}). Not thread-safe.
 */
final class ProxyFuzzer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PUNCTUATION = "{}[]\",:\\0-e.";
    static final byte[][] INVALID_UTF8 = {
        {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xFE, (byte) 0xFF}};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
        "PROPFIND", "FOO", "get", "P0ST", "M-SEARCH", "BREW"};
    private static final String[] PATHS = {"/", "/v1", "/v1/", "/v1/chat/completions", "/v1/chat/completions/",
        "/v1/chat/completions?x=1", "/V1/CHAT/COMPLETIONS", "/v1/models", "/v1/models/gpt-4", "/v1/completions",
        "/v1/embeddings", "/healthz", "/healthz/", "/metrics", "/metrics?format=json", "/git", "/git/", "/git/app",
        "/git/app/", "/v1/chat/completions/../models", "/%2e%2e/%2e%2e/etc/passwd", "/v1/chat%2Fcompletions",
        "/v1/chat/completions%00", "//v1//chat//completions", "/dashboard", "/api/tickets", "/favicon.ico",
        "/v1/chat/completions;jsessionid=1", "/%ZZ", "/%", "/v1/%E2%82", "*"};
    private static final String[] STRINGS = {"", " ", "null", "0", "-1", "😀", "\u0000", "\\", "\"", "{}", "[]",
        "user", "system", "assistant", "tool", "pm", "engineer", "reviewer", "gpt-4o", "\r\n"};

    private final Random random;
    private final TaskTokens tokens;
    private final String ticket;

    ProxyFuzzer(Random random, TaskTokens tokens, String ticket) {
        this.random = random;
        this.tokens = tokens;
        this.ticket = ticket;
    }

    // ---- chat completions

    byte[] chat(int maxBody) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        authorization(headers, Role.values()[random.nextInt(3)]);
        if (random.nextInt(5) > 0) {
            headers.put("Content-Type", random.nextInt(6) > 0 ? ascii("application/json") : pickBytes());
        }
        if (random.nextInt(8) == 0) {
            headers.put(pick(List.of("X-Baton-Role", "X-Baton-Ticket", "X-Baton-Task")), pickBytes());
        }
        byte[] body = chatBody(maxBody);
        String method = random.nextInt(15) == 0 ? pick(List.of(METHODS)) : "POST";
        return RawHttp.request(method, ascii(random.nextInt(20) == 0 ? pick(List.of(PATHS)) : "/v1/chat/completions"),
                headers, body, random.nextInt(30) > 0);
    }

    private byte[] chatBody(int maxBody) {
        int pick = random.nextInt(100);
        if (pick < 10) {
            return validChat().toString().getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 55) {
            ObjectNode body = validChat();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                mutate(body);
            }
            return body.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 85) {
            return mutateBytes(validChat().toString().getBytes(StandardCharsets.UTF_8));
        }
        if (pick < 88) {
            ObjectNode body = validChat();
            body.put("padding", "x".repeat(maxBody + random.nextInt(10_000)));
            return body.toString().getBytes(StandardCharsets.UTF_8);
        }
        return garbage();
    }

    private ObjectNode validChat() {
        ObjectNode body = NODES.objectNode().put("model", pick(List.of("pm", "engineer", "reviewer", "gpt-4o")));
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are a fuzz target.");
        messages.addObject().put("role", "user").put("content", string(80));
        if (random.nextBoolean()) {
            body.put(random.nextBoolean() ? "max_tokens" : "max_completion_tokens", 1 + random.nextInt(2000));
        }
        if (random.nextInt(4) == 0) {
            body.put("stream", true);
        }
        if (random.nextInt(4) == 0) {
            ObjectNode tool = body.putArray("tools").addObject().put("type", "function");
            tool.putObject("function").put("name", "finish").putObject("parameters").put("type", "object");
        }
        return body;
    }

    // ---- unexpected methods and paths

    byte[] route() {
        String method = pick(List.of(METHODS));
        byte[] target;
        int pick = random.nextInt(10);
        if (pick < 5) {
            target = ascii(pick(List.of(PATHS)));
        } else if (pick < 7) {
            target = ascii("/" + string(30).replaceAll("[\\s\\p{Cntrl}]", "_"));
        } else if (pick < 8) {
            target = ascii("/v1/" + "a".repeat(1 + random.nextInt(6000)));
        } else {
            target = mutateBytes(ascii(pick(List.of(PATHS)))).clone();
            for (int i = 0; i < target.length; i++) {
                if (target[i] == ' ' || target[i] == '\r' || target[i] == '\n') {
                    target[i] = '_';
                }
            }
            if (target.length == 0) {
                target = ascii("/");
            }
        }
        Map<String, byte[]> headers = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            authorization(headers, Role.values()[random.nextInt(3)]);
        }
        byte[] body = random.nextBoolean() ? null : chatBody(4096);
        return RawHttp.request(method, target, headers, body, true);
    }

    // ---- git relay

    byte[] git(String remote, int maxPush) {
        // Reads that pass go to the remote (a git process each), so they are the rarer case; pushes are inspected.
        String service = random.nextInt(12) == 0 ? "git-upload-pack" : pick(List.of("git-receive-pack",
                "git-receive-pack", "git-upload-pack ", "git-archive", "", "GIT-RECEIVE-PACK", "git-receive-pack%00"));
        String name = random.nextInt(8) == 0 ? pick(List.of("nope", "", "..", "app/..", "APP", "app%2F..")) : remote;
        int shape = random.nextInt(10);
        String method;
        String path;
        if (shape < 1) {
            method = random.nextInt(6) == 0 ? pick(List.of(METHODS)) : "GET";
            path = "/git/" + name + "/info/refs?service=" + service;
        } else if (shape < 2) {
            method = pick(List.of(METHODS));
            path = "/git/" + name + pick(List.of("", "/", "/info/refs", "/HEAD", "/objects/info/packs",
                    "/info/refs?service=", "/info/refs?service=a&service=b", "/git-upload-pack/x"));
        } else {
            method = random.nextInt(8) == 0 ? pick(List.of(METHODS)) : "POST";
            path = "/git/" + name + "/" + service;
        }
        Map<String, byte[]> headers = new LinkedHashMap<>();
        authorization(headers, random.nextInt(3) == 0 ? Role.PM : Role.ENGINEER);
        if (random.nextBoolean()) {
            headers.put("Content-Type", ascii(random.nextInt(4) > 0 ? "application/x-" + service + "-request" : "text/plain"));
        }
        if (random.nextInt(10) == 0) {
            headers.put("Git-Protocol", pickBytes());
        }
        byte[] body = method.equals("GET") ? null : path.endsWith("receive-pack") ? push(maxPush) : garbage();
        return RawHttp.request(method, ascii(path), headers, body, random.nextInt(30) > 0);
    }

    private byte[] push(int maxPush) {
        var out = new java.io.ByteArrayOutputStream();
        int updates = random.nextInt(20) == 0 ? 50 + random.nextInt(500) : 1 + random.nextInt(2);
        for (int i = 0; i < updates; i++) {
            String ref = random.nextInt(3) == 0 ? "refs/heads/baton/" + ticket
                    : pick(List.of("refs/heads/main", "refs/heads/baton/other", "refs/tags/v1", "HEAD",
                            "refs/heads/baton/" + ticket + "/../main", string(20)));
            String oldId = random.nextInt(4) == 0 ? "0".repeat(40) : hex(40);
            String newId = random.nextInt(8) == 0 ? "0".repeat(40) : hex(random.nextInt(20) == 0 ? 39 : 40);
            String line = oldId + " " + newId + " " + ref + (i == 0 ? "\0 report-status side-band-64k"
                    + (random.nextInt(6) == 0 ? " push-options" : "") + " agent=fuzz" : "") + "\n";
            byte[] payload = line.getBytes(StandardCharsets.UTF_8);
            String length = String.format("%04x", payload.length + 4);
            if (random.nextInt(15) == 0) {
                length = pick(List.of("zzzz", "0003", "ffff", "00", "-001", "0001"));
            }
            out.writeBytes(ascii(length));
            out.writeBytes(payload);
        }
        if (random.nextInt(10) > 0) {
            out.writeBytes(ascii("0000"));
        }
        int pack = random.nextInt(20) == 0 ? maxPush + 1 : random.nextInt(2000);
        byte[] packBytes = new byte[pack];
        random.nextBytes(packBytes);
        if (pack >= 4 && random.nextBoolean()) {
            System.arraycopy(ascii("PACK"), 0, packBytes, 0, 4);
        }
        out.writeBytes(packBytes);
        byte[] body = out.toByteArray();
        return random.nextInt(6) == 0 ? mutateBytes(body) : body;
    }

    // ---- shared

    /** A valid token for the role most of the time; otherwise something broken, or nothing. */
    private void authorization(Map<String, byte[]> headers, Role role) {
        String good = tokens.mint(role, ticket, role == Role.PM ? "plan" : "task-1", TaskScopes.forRole(role),
                Duration.ofMinutes(30));
        byte[] value = switch (random.nextInt(16)) {
            case 0 -> null;
            case 1 -> ascii("Bearer ");
            case 2 -> ascii("Bearer " + good.substring(0, good.length() - 2) + "xx");
            case 3 -> ascii("Bearer " + tokens.sign(new TaskClaims("j", role, ticket, "task-1",
                    TaskScopes.forRole(role), Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600))));
            case 4 -> ascii("Bearer bt1." + Base64.getUrlEncoder().encodeToString(garbage()) + ".sig");
            case 5 -> ascii("Basic " + Base64.getEncoder().encodeToString(("x:" + good).getBytes(StandardCharsets.UTF_8)));
            case 6 -> ascii("Basic !!!not-base64");
            case 7 -> concat(ascii("Bearer "), INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
            case 8 -> ascii("Bearer " + "a".repeat(5000 + random.nextInt(3000)));
            case 9 -> ascii("Token " + good);
            default -> ascii("Bearer " + good);
        };
        if (value != null) {
            headers.put("Authorization", value);
        }
    }

    private void mutate(ObjectNode body) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(body, objects);
        ObjectNode target = pick(objects);
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        switch (random.nextInt(6)) {
            case 0 -> {
                if (!names.isEmpty()) {
                    target.remove(pick(names));
                }
            }
            case 1 -> target.set(names.isEmpty() || random.nextInt(4) == 0 ? string(10) : pick(names), value(0));
            case 2 -> target.set(pick(List.of("max_tokens", "max_completion_tokens", "temperature", "n")),
                    pick(List.of(NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(-1), NODES.numberNode(1e308),
                            NODES.numberNode(new java.math.BigInteger(300, random)), NODES.textNode("12"),
                            NODES.numberNode(0), NODES.numberNode(Double.NaN))));
            case 3 -> body.set("messages", value(0));
            case 4 -> body.set(pick(List.of("stream", "stream_options", "tools", "tool_choice")), value(0));
            default -> {
                if (!names.isEmpty()) {
                    target.put(pick(names), "y".repeat(1000 + random.nextInt(60_000)));
                }
            }
        }
    }

    private static void collect(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collect(it.next(), into);
        }
    }

    byte[] mutateBytes(byte[] data) {
        for (int i = 1 + random.nextInt(4); i > 0 && data.length > 0; i--) {
            int at = random.nextInt(data.length);
            data = switch (random.nextInt(5)) {
                case 0 -> splice(data, at, 0, INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
                case 1 -> {
                    data[at] = (byte) random.nextInt(256);
                    yield data;
                }
                case 2 -> splice(data, at, Math.min(data.length - at, 1 + random.nextInt(20)), new byte[0]);
                case 3 -> java.util.Arrays.copyOf(data, at);
                default -> splice(data, at, 0, 
                        new byte[] {(byte) PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length()))});
            };
        }
        return data;
    }

    private static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
        byte[] result = new byte[data.length - remove + insert.length];
        System.arraycopy(data, 0, result, 0, at);
        System.arraycopy(insert, 0, result, at, insert.length);
        System.arraycopy(data, at + remove, result, at + insert.length, data.length - at - remove);
        return result;
    }

    private byte[] garbage() {
        return switch (random.nextInt(6)) {
            case 0 -> new byte[0];
            case 1 -> {
                byte[] bytes = new byte[1 + random.nextInt(3000)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 2 -> value(0).toString().getBytes(StandardCharsets.UTF_8);
            case 3 -> ("[".repeat(500 + random.nextInt(5000))).getBytes(StandardCharsets.UTF_8);
            case 4 -> ("{\"messages\":" + "[".repeat(100 + random.nextInt(2000))).getBytes(StandardCharsets.UTF_8);
            default -> string(300).getBytes(StandardCharsets.UTF_8);
        };
    }

    private JsonNode value(int depth) {
        return switch (random.nextInt(depth > 3 ? 6 : 8)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300));
            case 4 -> NODES.textNode(string(60));
            case 5 -> NODES.textNode(pick(List.of(STRINGS)));
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(value(depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(pick(List.of("role", "content", "name", "tool_calls", string(6))), value(depth + 1));
                }
                yield object;
            }
        };
    }

    private String string(int max) {
        var sb = new StringBuilder();
        for (int i = random.nextInt(max + 1); i > 0; i--) {
            int kind = random.nextInt(10);
            sb.append(kind < 6 ? (char) (' ' + random.nextInt(95)) : kind < 8 ? (char) random.nextInt(0x3000)
                    : kind == 8 ? (char) random.nextInt(32) : pick(List.of(STRINGS)));
        }
        return sb.toString();
    }

    private byte[] pickBytes() {
        return switch (random.nextInt(4)) {
            case 0 -> INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
            case 1 -> ascii(pick(List.of(STRINGS)).replaceAll("[\r\n\u0000]", ""));
            case 2 -> ascii("x".repeat(random.nextInt(3000)));
            default -> string(40).replaceAll("[\r\n\u0000]", "").getBytes(StandardCharsets.UTF_8);
        };
    }

    private String hex(int length) {
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
