package dev.baton.coordinator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded requests for the coordinator's HTTP API: every route with its path parameters, query and body mutated
 * (wrong types, unknown fields, huge strings and numbers, invalid UTF-8, truncated JSON), unexpected methods and
 * paths, and broken operator tokens. Never the event stream (it does not end). Not thread-safe.
 */
final class ApiFuzzer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0x80}, {(byte) 0xFE, (byte) 0xFF}};
    private static final String PUNCTUATION = "{}[]\",:\\0-e.";
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "FOO"};
    private static final String[] ROUTES = {"POST /api/tickets", "GET /api/tickets", "GET /api/tickets/{id}",
        "GET /api/tickets/{id}/events", "GET /api/tickets/{id}/export", "POST /api/tickets/{id}/approve",
        "POST /api/tickets/{id}/reject", "POST /api/tickets/{id}/cancel", "GET /api/budgets",
        "GET /api/budgets/{role}", "PUT /api/budgets/{role}", "GET /api/fleet", "POST /api/fleet/halt",
        "POST /api/fleet/resume", "GET /api/operator", "GET /healthz", "GET /metrics", "GET /", "GET /dashboard/", "GET /api",
        "GET /api/", "GET /api/nope", "DELETE /api/tickets/{id}", "GET /dashboard/../../../etc/passwd",
        "GET /api/tickets/{id}/../../fleet"};
    private static final String[] IDS = {"", "%20", "..", "%2e%2e", "%FF%FE", "%C0%AF", "%00", "fleet", "unknown",
        "t-1", "a%2Fb", "%7Bx%7D", "*", "%E2%82%AC", "-x", "x".repeat(70), "y".repeat(3000)};
    private static final String[] STRINGS = {"", " ", "null", "0", "-1", "😀", "\u0000", "\\", "\"", "{}", "[]",
        "pm", "engineer", "reviewer", "DELIVERED", "fleet", "../x", "\r\n"};

    private final Random random;
    private final String token;
    private final List<String> tickets;

    ApiFuzzer(Random random, String token, List<String> tickets) {
        this.random = random;
        this.token = token;
        this.tickets = tickets;
    }

    /** One request: method, path (with query), headers, body (null for none). */
    record Request(String method, String path, String authorization, String contentType, byte[] body) {}

    Request next() {
        String route = pick(List.of(ROUTES));
        String method = random.nextInt(12) == 0 ? pick(List.of(METHODS)) : route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1)
                .replace("{id}", random.nextInt(3) == 0 ? pick(List.of(IDS)) : pick(tickets))
                .replace("{role}", random.nextInt(3) == 0 ? pick(List.of(IDS)) : pick(List.of("pm", "engineer",
                        "reviewer", "PM", "coordinator")));
        if (random.nextInt(4) == 0) {
            path += "?" + pick(List.of("state=", "state=DELIVERED,FAILED", "state=nope", "limit=-1", "limit=0",
                    "limit=99999999999", "limit=NaN", "limit=%FF", "ticket=%00", "ticket=" + pick(tickets),
                    "type=HandoffEvent", "type=x,y", "replay=true&ticket=" + pick(tickets), "a=%25", "%25=%FF"));
        }
        String authorization = switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> "Bearer ";
            case 2 -> "Bearer " + token + "x";
            case 3 -> "bearer " + token;
            case 4 -> "Basic " + token;
            case 5 -> "Bearer " + "t".repeat(5000);
            default -> "Bearer " + token;
        };
        String contentType = switch (random.nextInt(10)) {
            case 0 -> null;
            case 1 -> "text/plain";
            case 2 -> "application/json; charset=latin1";
            case 3 -> "application/x-www-form-urlencoded";
            default -> "application/json";
        };
        byte[] body = method.equals("GET") || method.equals("HEAD") && random.nextBoolean() ? null : body(path);
        return new Request(method, path, authorization, contentType, body);
    }

    private byte[] body(String path) {
        ObjectNode valid = valid(path);
        int pick = random.nextInt(100);
        if (pick < 15) {
            return valid.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 55) {
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                mutate(valid);
            }
            return valid.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 80) {
            return mutateBytes(valid.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (pick < 83) {
            valid.put("description", "d".repeat(70_000 + random.nextInt(30_000)));
            return valid.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (pick < 85) {
            return new byte[0];
        }
        return garbage();
    }

    private ObjectNode valid(String path) {
        ObjectNode body = NODES.objectNode();
        if (path.startsWith("/api/tickets") && path.indexOf('/', "/api/tickets".length()) < 0) {
            body.put("repo", "file:///fuzz/" + random.nextInt(100) + ".git").put("title", "Fuzz " + random.nextInt());
            if (random.nextBoolean()) {
                body.put("id", "fz-api-" + Integer.toHexString(random.nextInt()));
            }
            if (random.nextBoolean()) {
                body.put("description", string(100)).put("baseRef", "main");
            }
        } else if (path.startsWith("/api/budgets")) {
            body.put(pick(List.of("ticketUsd", "dayUsd", "monthUsd")), random.nextInt(1000) / 10.0);
            if (random.nextBoolean()) {
                body.put("callTokens", random.nextInt(100_000));
            }
        } else {
            body.put("reason", string(50));
        }
        return body;
    }

    private void mutate(ObjectNode body) {
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        switch (random.nextInt(5)) {
            case 0 -> {
                if (!names.isEmpty()) {
                    body.remove(pick(names));
                }
            }
            case 1 -> body.set(names.isEmpty() || random.nextInt(3) == 0 ? string(10) : pick(names), value(0));
            case 2 -> {
                if (!names.isEmpty()) {
                    body.put(pick(names), "z".repeat(1000 + random.nextInt(40_000)));
                }
            }
            case 3 -> body.set(pick(List.of("ticketUsd", "dayUsd", "monthUsd", "callTokens")),
                    pick(List.of(NODES.numberNode(-1), NODES.numberNode(1e308), NODES.numberNode(Long.MAX_VALUE),
                            NODES.numberNode(new java.math.BigInteger(400, random)),
                            NODES.numberNode(new java.math.BigDecimal("1e-400")), NODES.numberNode(0.1234567891234),
                            NODES.textNode("12"), NODES.nullNode(), NODES.numberNode(Double.NaN))));
            default -> {
                if (!names.isEmpty()) {
                    body.put(pick(names), pick(List.of(STRINGS)));
                }
            }
        }
    }

    private byte[] mutateBytes(byte[] data) {
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
        return switch (random.nextInt(5)) {
            case 0 -> {
                byte[] bytes = new byte[1 + random.nextInt(2000)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 1 -> value(0).toString().getBytes(StandardCharsets.UTF_8);
            case 2 -> "[".repeat(500 + random.nextInt(5000)).getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"a\":".repeat(100 + random.nextInt(2000)) + "1").getBytes(StandardCharsets.UTF_8);
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
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(value(depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    object.set(string(6), value(depth + 1));
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

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
