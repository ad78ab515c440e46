package dev.baton.coordinator.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.testkit.fuzz.FuzzValues;
import dev.baton.testkit.fuzz.HttpRequests;
import dev.baton.testkit.fuzz.RawHttp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded raw requests for the coordinator's HTTP API: every route with its path parameters, query and body mutated
 * by the shared generator ({@link FuzzValues}: wrong types, unknown fields, huge strings and numbers, invalid
 * UTF-8, truncated JSON), unexpected methods and paths, broken operator tokens, and now and then broken HTTP
 * framing ({@link HttpRequests}). Never the event stream (it does not end). Not thread-safe.
 */
final class ApiFuzzer {
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS",
            "FOO");
    private static final List<String> ROUTES = List.of("POST /api/tickets", "GET /api/tickets", "GET /api/tickets/{id}",
            "GET /api/tickets/{id}/events", "GET /api/tickets/{id}/export", "POST /api/tickets/{id}/approve",
            "POST /api/tickets/{id}/reject", "POST /api/tickets/{id}/cancel", "GET /api/budgets",
            "GET /api/budgets/{role}", "PUT /api/budgets/{role}", "GET /api/fleet", "POST /api/fleet/halt",
            "POST /api/fleet/resume", "GET /api/operator", "GET /healthz", "GET /metrics", "GET /", "GET /dashboard/", "GET /api",
            "GET /api/", "GET /api/nope", "DELETE /api/tickets/{id}", "GET /dashboard/../../../etc/passwd",
            "GET /api/tickets/{id}/../../fleet");
    private static final List<String> IDS = List.of("", "%20", "..", "%2e%2e", "%FF%FE", "%C0%AF", "%00", "fleet",
            "unknown", "t-1", "a%2Fb", "%7Bx%7D", "*", "%E2%82%AC", "-x", "x".repeat(70), "y".repeat(3000));
    private static final List<String> QUERIES = List.of("state=", "state=DELIVERED,FAILED", "state=nope", "limit=-1",
            "limit=0", "limit=99999999999", "limit=NaN", "limit=%FF", "ticket=%00", "type=HandoffEvent", "type=x,y",
            "a=%25", "%25=%FF");
    private static final List<String> SPECIAL = List.of("pm", "engineer", "reviewer", "DELIVERED", "fleet", "../x");

    private final FuzzValues values;
    private final HttpRequests requests;
    private final String token;
    private final List<String> tickets;

    ApiFuzzer(Random random, String token, List<String> tickets) {
        this.values = new FuzzValues(random, SPECIAL);
        this.requests = new HttpRequests(values, 4);
        this.token = token;
        this.tickets = tickets;
    }

    /** One request, as bytes. */
    byte[] next() {
        String route = values.pick(ROUTES);
        String method = values.oneIn(12) ? values.pick(METHODS) : route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1)
                .replace("{id}", values.oneIn(3) ? values.pick(IDS) : values.pick(tickets))
                .replace("{role}", values.oneIn(3) ? values.pick(IDS) : values.pick("pm", "engineer", "reviewer",
                        "PM", "coordinator"));
        if (values.oneIn(4)) {
            path += "?" + (values.oneIn(5) ? "ticket=" + values.pick(tickets) : values.pick(QUERIES));
        }
        Map<String, byte[]> headers = new LinkedHashMap<>();
        String authorization = switch (values.nextInt(12)) {
            case 0 -> null;
            case 1 -> "Bearer ";
            case 2 -> "Bearer " + token + "x";
            case 3 -> "bearer " + token;
            case 4 -> "Basic " + token;
            case 5 -> "Bearer " + "t".repeat(5000);
            default -> "Bearer " + token;
        };
        if (authorization != null) {
            headers.put("Authorization", RawHttp.latin1(authorization));
        }
        String contentType = switch (values.nextInt(10)) {
            case 0 -> null;
            case 1 -> "text/plain";
            case 2 -> "application/json; charset=latin1";
            case 3 -> "application/x-www-form-urlencoded";
            default -> "application/json";
        };
        if (contentType != null) {
            headers.put("Content-Type", RawHttp.latin1(contentType));
        }
        byte[] body = method.equals("GET") || method.equals("HEAD") && values.random().nextBoolean() ? null : body(path);
        return requests.build(method, path, headers, body);
    }

    private byte[] body(String path) {
        ObjectNode valid = valid(path);
        int pick = values.nextInt(100);
        if (pick < 15) {
            return FuzzValues.utf8(valid.toString());
        }
        if (pick < 55) {
            for (int i = 1 + values.nextInt(3); i > 0; i--) {
                mutate(valid);
            }
            return FuzzValues.utf8(valid.toString());
        }
        if (pick < 80) {
            return values.mutateBytes(FuzzValues.utf8(valid.toString()));
        }
        if (pick < 83) {
            valid.put("description", "d".repeat(70_000 + values.nextInt(30_000)));
            return FuzzValues.utf8(valid.toString());
        }
        return pick < 85 ? new byte[0] : values.garbage();
    }

    private ObjectNode valid(String path) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (path.startsWith("/api/tickets") && path.indexOf('/', "/api/tickets".length()) < 0) {
            body.put("repo", "file:///fuzz/" + values.nextInt(100) + ".git").put("title", "Fuzz " + values.nextInt(1 << 30));
            if (values.random().nextBoolean()) {
                body.put("id", "fz-api-" + Integer.toHexString(values.random().nextInt()));
            }
            if (values.random().nextBoolean()) {
                body.put("description", values.string(100)).put("baseRef", "main");
            }
        } else if (path.startsWith("/api/budgets")) {
            body.put(values.pick("ticketUsd", "dayUsd", "monthUsd"), values.nextInt(1000) / 10.0);
            if (values.random().nextBoolean()) {
                body.put("callTokens", values.nextInt(100_000));
            }
        } else {
            body.put("reason", values.string(50));
        }
        return body;
    }

    /** A budget field set to an extreme number, or any mutation of the shared generator. */
    private void mutate(ObjectNode body) {
        if (values.oneIn(5)) {
            body.set(values.pick("ticketUsd", "dayUsd", "monthUsd", "callTokens"), values.extremeNumber());
        } else {
            values.mutate(body);
        }
    }
}
