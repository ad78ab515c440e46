package dev.baton.launcher.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The coordinator's operator API, as the CLI calls it: the URL from {@code BATON_COORDINATOR_URL} or
 * {@code <dir>/endpoints.json}, the token from {@code --operator-token}, {@code BATON_OPERATOR_TOKEN} or
 * {@code <dir>/operator-token} (both files written by {@code baton up}). The token names the operator the
 * coordinator records commands with. An API error becomes an {@link IllegalStateException} with the API's message.
 */
public final class CoordinatorClient {
    /** The file {@code baton up} keeps the operator token in (mode 0600). */
    public static final String TOKEN_FILE = "operator-token";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String token;

    public CoordinatorClient(String url, String token) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
    }

    public static CoordinatorClient connect(Path dir, Map<String, String> env) {
        return connect(dir, env, null);
    }

    /** @param token the operator token given on the command line, or null to look in the environment and dir */
    public static CoordinatorClient connect(Path dir, Map<String, String> env, String token) {
        String url = env.get("BATON_COORDINATOR_URL");
        if (url == null || url.isBlank()) {
            url = Endpoints.saved(dir).map(Endpoints::coordinatorUrl).orElseThrow(() -> new IllegalStateException(
                    "Baton is not running: no " + dir.resolve("endpoints.json") + ". Start it with `./baton up` "
                            + "(or set BATON_COORDINATOR_URL and BATON_OPERATOR_TOKEN)."));
        }
        if (token == null || token.isBlank()) {
            token = env.get("BATON_OPERATOR_TOKEN");
        }
        Path file = dir.resolve(TOKEN_FILE);
        if ((token == null || token.isBlank()) && Files.isReadable(file)) {
            try {
                token = Files.readString(file).trim();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("no operator token: pass --operator-token, set BATON_OPERATOR_TOKEN or run "
                    + "`./baton up`, which writes " + file);
        }
        return new CoordinatorClient(url, token);
    }

    public JsonNode get(String path) {
        return parse(send("GET", path, null));
    }

    public JsonNode post(String path, Object body) {
        return parse(send("POST", path, body));
    }

    public JsonNode put(String path, Object body) {
        return parse(send("PUT", path, body));
    }

    /** The raw answer of a GET, for exports. */
    public String text(String path) {
        return send("GET", path, null);
    }

    private String send(String method, String path, Object body) {
        try {
            var request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token);
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(error(response));
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the coordinator at " + url + " (" + e.getMessage()
                    + "); is `./baton up` running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String error(HttpResponse<String> response) {
        try {
            JsonNode error = Json.MAPPER.readTree(response.body()).path("error");
            return error.path("message").asText("HTTP " + response.statusCode()) + " (HTTP " + response.statusCode()
                    + " " + error.path("code").asText() + ")";
        } catch (IOException e) {
            return "HTTP " + response.statusCode() + ": " + response.body();
        }
    }

    private static JsonNode parse(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the coordinator answered something that is not JSON: " + e.getMessage(), e);
        }
    }
}
