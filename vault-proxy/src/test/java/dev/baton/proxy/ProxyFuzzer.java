package dev.baton.proxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.protocol.token.TaskClaims;
import dev.baton.protocol.token.TaskScopes;
import dev.baton.protocol.token.TaskTokens;
import dev.baton.testkit.fuzz.FuzzValues;
import dev.baton.testkit.fuzz.HttpRequests;
import dev.baton.testkit.fuzz.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded HTTP requests for each vault proxy entry point: chat completion calls (plain and streaming) with valid and
 * broken tokens and mutated bodies, the model list, the admin endpoints and unexpected methods and paths, and git
 * relay requests with mutated paths, methods, tokens and push commands. The shared generator ({@link FuzzValues})
 * breaks the bodies, {@link HttpRequests} now and then the HTTP framing. Not thread-safe.
 */
final class ProxyFuzzer {
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS",
            "TRACE", "PROPFIND", "FOO", "get", "P0ST", "M-SEARCH", "BREW");
    private static final List<String> PATHS = List.of("/", "/v1", "/v1/", "/v1/chat/completions",
            "/v1/chat/completions/", "/v1/chat/completions?x=1", "/V1/CHAT/COMPLETIONS", "/v1/models",
            "/v1/models/gpt-4", "/v1/completions", "/v1/embeddings", "/healthz", "/healthz/", "/metrics",
            "/metrics?format=json", "/git", "/git/", "/git/app", "/git/app/", "/v1/chat/completions/../models",
            "/%2e%2e/%2e%2e/etc/passwd", "/v1/chat%2Fcompletions", "/v1/chat/completions%00", "//v1//chat//completions",
            "/dashboard", "/api/tickets", "/favicon.ico", "/v1/chat/completions;jsessionid=1", "/%ZZ", "/%", "/v1/%E2%82",
            "*");
    private static final List<String> SPECIAL = List.of("user", "system", "assistant", "tool", "pm", "engineer",
            "reviewer", "gpt-4o", "function", "auto", "none", "include_usage");

    private final FuzzValues values;
    private final HttpRequests requests;
    private final TaskTokens tokens;
    private final String ticket;

    ProxyFuzzer(Random random, TaskTokens tokens, String ticket) {
        this.values = new FuzzValues(random, SPECIAL);
        this.requests = new HttpRequests(values, 4);
        this.tokens = tokens;
        this.ticket = ticket;
    }

    // ---- chat completions, plain and streaming

    byte[] chat(int maxBody) {
        return completion(maxBody, false);
    }

    byte[] stream(int maxBody) {
        return completion(maxBody, true);
    }

    private byte[] completion(int maxBody, boolean stream) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        authorization(headers, values.pick(Role.values()));
        if (values.nextInt(5) > 0) {
            headers.put("Content-Type", values.nextInt(6) > 0 ? ascii("application/json") : values.headerValue());
        }
        if (stream && values.nextInt(3) > 0) {
            headers.put("Accept", ascii("text/event-stream"));
        }
        if (values.oneIn(8)) {
            headers.put(values.pick("X-Baton-Role", "X-Baton-Ticket", "X-Baton-Task"), values.headerValue());
        }
        byte[] body = completionBody(maxBody, stream);
        String method = values.oneIn(15) ? values.pick(METHODS) : "POST";
        return requests.build(method, values.oneIn(20) ? values.pick(PATHS) : "/v1/chat/completions", headers, body);
    }

    private byte[] completionBody(int maxBody, boolean stream) {
        int pick = values.nextInt(100);
        ObjectNode body = validChat(stream);
        if (pick < 10) {
            return utf8(body);
        }
        if (pick < 55) {
            for (int i = 1 + values.nextInt(3); i > 0; i--) {
                mutate(body, stream);
            }
            return utf8(body);
        }
        if (pick < 85) {
            return values.mutateBytes(utf8(body));
        }
        if (pick < 88) {
            body.put("padding", "x".repeat(maxBody + values.nextInt(10_000)));
            return utf8(body);
        }
        return values.garbage();
    }

    private ObjectNode validChat(boolean stream) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("model", values.pick("pm", "engineer", "reviewer", "gpt-4o"));
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", "You are a fuzz target.");
        messages.addObject().put("role", "user").put("content", values.string(80));
        if (values.random().nextBoolean()) {
            body.put(values.pick("max_tokens", "max_completion_tokens"), 1 + values.nextInt(2000));
        }
        if (stream) {
            body.put("stream", true);
            if (values.random().nextBoolean()) {
                body.putObject("stream_options").put("include_usage", values.random().nextBoolean());
            }
        }
        if (values.oneIn(4)) {
            ObjectNode tool = body.putArray("tools").addObject().put("type", "function");
            tool.putObject("function").put("name", "finish").putObject("parameters").put("type", "object");
        }
        return body;
    }

    /** A mutation a client could get wrong in a chat body, or any from the shared generator. */
    private void mutate(ObjectNode body, boolean stream) {
        switch (values.nextInt(stream ? 5 : 4)) {
            case 0 -> body.set(values.pick("max_tokens", "max_completion_tokens", "temperature", "n"),
                    values.extremeNumber());
            case 1 -> body.set("messages", values.value(0));
            case 2 -> body.set(values.pick("stream", "tools", "tool_choice", "model"), values.value(0));
            case 3 -> values.mutate(body);
            default -> {
                if (values.random().nextBoolean() || !body.path("stream_options").isObject()) {
                    body.set("stream_options", values.value(0));
                } else {
                    ((ObjectNode) body.get("stream_options")).set("include_usage", values.value(0));
                }
            }
        }
    }

    // ---- the model list

    byte[] models() {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        authorization(headers, values.pick(Role.values()));
        if (values.oneIn(6)) {
            headers.put(values.pick("Accept", "X-Baton-Role", "Content-Type"), values.headerValue());
        }
        String path = values.oneIn(5) ? "/v1/models" + values.pick("?limit=-1", "?x=%FF", "/", "/pm", "?" + values.string(20)
                .replaceAll("[\\s\\p{Cntrl}]", "_")) : "/v1/models";
        String method = values.oneIn(8) ? values.pick(METHODS) : "GET";
        return requests.build(method, path, headers, values.oneIn(10) ? values.garbage() : null);
    }

    // ---- admin endpoints, unexpected methods and paths

    byte[] admin() {
        String target = switch (values.nextInt(10)) {
            case 0, 1, 2 -> values.pick("/healthz", "/metrics");
            case 3, 4, 5 -> values.pick(PATHS);
            case 6 -> "/" + values.string(30).replaceAll("[\\s\\p{Cntrl}]", "_");
            case 7 -> "/v1/" + "a".repeat(1 + values.nextInt(6000));
            default -> new String(values.mutateBytes(ascii(values.pick(PATHS))), StandardCharsets.ISO_8859_1)
                    .replaceAll("[ \r\n]", "_");
        };
        Map<String, byte[]> headers = new LinkedHashMap<>();
        if (values.random().nextBoolean()) {
            authorization(headers, values.pick(Role.values()));
        }
        byte[] body = values.random().nextBoolean() ? null : completionBody(4096, false);
        return requests.build(values.oneIn(3) ? "GET" : values.pick(METHODS), target.isEmpty() ? "/" : target, headers,
                body);
    }

    // ---- git relay

    byte[] git(String remote, int maxPush) {
        // Reads that pass go to the remote (a git process each), so they are the rarer case; pushes are inspected.
        String service = values.oneIn(12) ? "git-upload-pack" : values.pick("git-receive-pack", "git-receive-pack",
                "git-upload-pack ", "git-archive", "", "GIT-RECEIVE-PACK", "git-receive-pack%00");
        String name = values.oneIn(8) ? values.pick("nope", "", "..", "app/..", "APP", "app%2F..") : remote;
        int shape = values.nextInt(10);
        String method;
        String path;
        if (shape < 1) {
            method = values.oneIn(6) ? values.pick(METHODS) : "GET";
            path = "/git/" + name + "/info/refs?service=" + service;
        } else if (shape < 2) {
            method = values.pick(METHODS);
            path = "/git/" + name + values.pick("", "/", "/info/refs", "/HEAD", "/objects/info/packs",
                    "/info/refs?service=", "/info/refs?service=a&service=b", "/git-upload-pack/x");
        } else {
            method = values.oneIn(8) ? values.pick(METHODS) : "POST";
            path = "/git/" + name + "/" + service;
        }
        Map<String, byte[]> headers = new LinkedHashMap<>();
        authorization(headers, values.oneIn(3) ? Role.PM : Role.ENGINEER);
        if (values.nextInt(8) > 0) {
            headers.put("Content-Type", ascii(values.nextInt(8) > 0 ? "application/x-" + service.trim() + "-request"
                    : values.pick("text/plain", "application/json", "application/x-git-upload-pack-result")));
        }
        if (values.oneIn(10)) {
            headers.put("Git-Protocol", values.headerValue());
        }
        byte[] body = method.equals("GET") ? null : path.endsWith("receive-pack") ? push(maxPush) : values.garbage();
        return requests.build(method, path, headers, body);
    }

    private byte[] push(int maxPush) {
        var out = new ByteArrayOutputStream();
        int updates = values.oneIn(20) ? 50 + values.nextInt(500) : 1 + values.nextInt(2);
        for (int i = 0; i < updates; i++) {
            String ref = values.oneIn(3) ? "refs/heads/baton/" + ticket : values.pick("refs/heads/main",
                    "refs/heads/baton/other", "refs/tags/v1", "HEAD", "refs/heads/baton/" + ticket + "/../main",
                    values.string(20));
            String oldId = values.oneIn(4) ? "0".repeat(40) : values.hex(40);
            String newId = values.oneIn(8) ? "0".repeat(40) : values.hex(values.oneIn(20) ? 39 : 40);
            String line = oldId + " " + newId + " " + ref + (i == 0 ? "\0 report-status side-band-64k"
                    + (values.oneIn(6) ? " push-options" : "") + " agent=fuzz" : "") + "\n";
            byte[] payload = line.getBytes(StandardCharsets.UTF_8);
            String length = values.oneIn(15) ? values.pick("zzzz", "0003", "ffff", "00", "-001", "0001")
                    : String.format("%04x", payload.length + 4);
            out.writeBytes(ascii(length));
            out.writeBytes(payload);
        }
        if (values.nextInt(10) > 0) {
            out.writeBytes(ascii("0000"));
        }
        byte[] pack = new byte[values.oneIn(20) ? maxPush + 1 : values.nextInt(2000)];
        values.random().nextBytes(pack);
        if (pack.length >= 4 && values.random().nextBoolean()) {
            System.arraycopy(ascii("PACK"), 0, pack, 0, 4);
        }
        out.writeBytes(pack);
        return values.oneIn(6) ? values.mutateBytes(out.toByteArray()) : out.toByteArray();
    }

    // ---- shared

    /** A valid token for the role most of the time; otherwise something broken, or nothing. */
    private void authorization(Map<String, byte[]> headers, Role role) {
        String good = tokens.mint(role, ticket, role == Role.PM ? "plan" : "task-1", TaskScopes.forRole(role),
                Duration.ofMinutes(30));
        byte[] value = switch (values.nextInt(16)) {
            case 0 -> null;
            case 1 -> ascii("Bearer ");
            case 2 -> ascii("Bearer " + good.substring(0, good.length() - 2) + "xx");
            case 3 -> ascii("Bearer " + tokens.sign(new TaskClaims("j", role, ticket, "task-1",
                    TaskScopes.forRole(role), Instant.now().minusSeconds(7200), Instant.now().minusSeconds(3600))));
            case 4 -> ascii("Bearer bt1." + Base64.getUrlEncoder().encodeToString(values.garbage()) + ".sig");
            case 5 -> ascii("Basic " + Base64.getEncoder().encodeToString(("x:" + good).getBytes(StandardCharsets.UTF_8)));
            case 6 -> ascii("Basic !!!not-base64");
            case 7 -> FuzzValues.splice(ascii("Bearer "), 7, 0, values.invalidUtf8());
            case 8 -> ascii("Bearer " + "a".repeat(5000 + values.nextInt(3000)));
            case 9 -> ascii("Token " + good);
            default -> ascii("Bearer " + good);
        };
        if (value != null) {
            headers.put("Authorization", value);
        }
    }

    private static byte[] utf8(ObjectNode body) {
        return FuzzValues.utf8(body.toString());
    }

    private static byte[] ascii(String s) {
        return RawHttp.latin1(s);
    }
}
