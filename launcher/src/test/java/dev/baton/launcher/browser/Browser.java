package dev.baton.launcher.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Headless Debian Chromium driven over the W3C WebDriver protocol by its chromedriver, with nothing but
 * java.net.http. A fresh profile per instance; {@link #close()} ends the session and the driver.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The W3C web element identifier key. */
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final HttpClient http = HttpClient.newHttpClient();
    private final Process driver;
    private final String base;
    private final String session;

    private Browser(Process driver, String base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = base + "/session/" + session;
    }

    /** Starts chromedriver and a headless Chromium; fails with what to install when they are missing. */
    static Browser start(Path profile, Path log) throws Exception {
        for (Path binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(binary)) {
                throw new AssertionError(binary + " is missing: the browser test needs Debian's chromium and "
                        + "chromium-driver (apt-get install -y chromium chromium-driver)");
            }
        }
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + port;
        var probe = new Browser(driver, base, "-");
        probe.awaitDriver();
        ObjectNode options = Json.MAPPER.createObjectNode().put("binary", CHROMIUM.toString());
        for (String arg : List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1500,1000",
                "--user-data-dir=" + profile)) {
            options.withArray("args").add(arg);
        }
        ObjectNode caps = Json.MAPPER.createObjectNode();
        caps.putObject("capabilities").putObject("alwaysMatch").put("browserName", "chrome")
                .set("goog:chromeOptions", options);
        JsonNode created = probe.call("POST", base + "/session", caps);
        return new Browser(driver, base, created.path("sessionId").asText());
    }

    private void awaitDriver() throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (call("GET", base + "/status", null).path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("chromedriver did not start within 30 s");
    }

    void open(String url) throws Exception {
        command("POST", "/url", Json.MAPPER.createObjectNode().put("url", url));
    }

    /** Runs JavaScript in the page and returns its result as JSON. */
    JsonNode script(String js, Object... args) throws Exception {
        ObjectNode body = Json.MAPPER.createObjectNode().put("script", js);
        body.set("args", Json.MAPPER.valueToTree(args));
        return command("POST", "/execute/sync", body);
    }

    /** Waits until {@code js} (a JavaScript expression) is truthy; fails with {@code what} and a screenshot. */
    void await(String what, String js, Duration timeout, Path screenshotOnFailure) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode value = script("try { return !!(" + js + "); } catch (e) { return false; }");
            if (value.asBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        screenshot(screenshotOnFailure);
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what
                + " (screenshot " + screenshotOnFailure + ")");
    }

    void click(String css) throws Exception {
        retryingStale(() -> command("POST", "/element/" + element(css) + "/click", Json.MAPPER.createObjectNode()));
    }

    void type(String css, String text) throws Exception {
        retryingStale(() -> {
            String id = element(css);
            command("POST", "/element/" + id + "/clear", Json.MAPPER.createObjectNode());
            return command("POST", "/element/" + id + "/value", Json.MAPPER.createObjectNode().put("text", text));
        });
    }

    /** Live pages re-render; an element found a moment ago may be replaced, so find it again. */
    private void retryingStale(java.util.concurrent.Callable<JsonNode> action) throws Exception {
        for (int i = 0; ; i++) {
            try {
                action.call();
                return;
            } catch (AssertionError e) {
                if (i >= 4 || !e.getMessage().contains("stale element reference")) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Types into the element as it is (a focused input with its text selected has it replaced), then Enter. */
    void typeAndEnter(String css, String text) throws Exception {
        command("POST", "/element/" + element(css) + "/value", Json.MAPPER.createObjectNode().put("text", text + "\uE007"));
    }

    void acceptAlert() throws Exception {
        command("POST", "/alert/accept", Json.MAPPER.createObjectNode());
    }

    void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(command("GET", "/screenshot", null).asText()));
    }

    private String element(String css) throws Exception {
        ObjectNode by = Json.MAPPER.createObjectNode().put("using", "css selector").put("value", css);
        return command("POST", "/element", by).path(ELEMENT).asText();
    }

    private JsonNode command(String method, String path, JsonNode body) throws Exception {
        return call(method, session + path, body);
    }

    private JsonNode call(String method, String url, JsonNode body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = Json.MAPPER.readTree(response.body()).path("value");
        if (response.statusCode() >= 400) {
            throw new AssertionError("WebDriver " + method + " " + url + " failed: " + value.path("error").asText()
                    + ": " + value.path("message").asText());
        }
        return value;
    }

    @Override
    public void close() throws Exception {
        try {
            call("DELETE", session, null);
        } finally {
            driver.destroy();
            driver.waitFor();
        }
    }
}
