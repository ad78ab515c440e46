package dev.baton.protocol.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/** The claims part of a token: base64url of compact JSON. Decoding fails as MALFORMED, never otherwise. */
final class ClaimsJson {
    private ClaimsJson() {}

    static String encode(TaskClaims claims) {
        ObjectNode json = Json.MAPPER.createObjectNode()
                .put("jti", claims.tokenId())
                .put("role", claims.role().id())
                .put("ticket", claims.ticketId())
                .put("task", claims.taskId())
                .put("iat", claims.issuedAt().toEpochMilli())
                .put("exp", claims.expiresAt().toEpochMilli());
        claims.scopes().stream().sorted().forEach(json.putArray("scopes")::add);
        return TaskTokens.base64(json.toString().getBytes(StandardCharsets.UTF_8));
    }

    static TaskClaims decode(String encoded) {
        try {
            JsonNode json = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(encoded));
            Set<String> scopes = new HashSet<>();
            json.path("scopes").forEach(scope -> scopes.add(scope.asText()));
            return new TaskClaims(text(json, "jti"), Role.of(text(json, "role")), text(json, "ticket"),
                    text(json, "task"), scopes, Instant.ofEpochMilli(number(json, "iat")),
                    Instant.ofEpochMilli(number(json, "exp")));
        } catch (IOException | RuntimeException e) {
            throw new TokenException(TokenException.Reason.MALFORMED, "the task token claims are invalid");
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(field);
        }
        return node.asText();
    }

    private static long number(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (node == null || !node.canConvertToLong()) {
            throw new IllegalArgumentException(field);
        }
        return node.asLong();
    }
}
