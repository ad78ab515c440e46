package dev.baton.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.testkit.fuzz.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real smart-HTTP git server for one bare repository: {@code git http-backend} as CGI behind a loopback
 * HTTP server that demands one Basic credential, standing in for a git host such as GitHub. Records each
 * request's Authorization header. Thread-safe; one virtual thread per request.
 */
public final class GitHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final GitRepo repo;
    private final String expectedAuthorization;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    /** Serves {@code repo} on a free loopback port to clients presenting {@code user:password}. */
    public GitHttpServer(GitRepo repo, String user, String password) throws IOException {
        this.repo = repo;
        this.expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** Every Authorization header received, oldest first ({@code "null"} when absent). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** The repository's clone URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + repo.path().getFileName();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(auth));
            if (!expectedAuthorization.equals(auth)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            cgi(exchange);
        }
    }

    private void cgi(HttpExchange exchange) throws IOException {
        var builder = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = builder.environment();
        env.put("GIT_PROJECT_ROOT", repo.path().getParent().toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REMOTE_USER", "baton");
        env.put("REMOTE_ADDR", "127.0.0.1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery());
        copy(exchange, env, "Content-Type", "CONTENT_TYPE");
        copy(exchange, env, "Content-Encoding", "HTTP_CONTENT_ENCODING");
        copy(exchange, env, "Git-Protocol", "GIT_PROTOCOL");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        Process process = builder.start();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = exchange.getRequestBody()) {
                try (OutputStream out = process.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // The backend exits early on errors (its output says why); the rest of the body is still read,
                    // as web servers do, so the client sees the answer instead of a reset connection.
                    in.transferTo(OutputStream.nullOutputStream());
                }
            } catch (IOException ignored) {
                // the client went away
            }
        });
        byte[] output;
        try (InputStream out = process.getInputStream()) {
            output = out.readAllBytes();
        }
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request", e);
        }
        respond(exchange, output);
    }

    private static void respond(HttpExchange exchange, byte[] output) throws IOException {
        int split = RawHttp.indexOf(output, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        int skip = 4;
        if (split < 0) {
            split = RawHttp.indexOf(output, "\n\n".getBytes(StandardCharsets.US_ASCII));
            skip = 2;
        }
        if (split < 0) {
            // no CGI head: the backend died before answering, as a web server reports it
            exchange.sendResponseHeaders(500, -1);
            return;
        }
        String head = new String(output, 0, Math.max(split, 0), StandardCharsets.UTF_8);
        int status = 200;
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        var body = new ByteArrayOutputStream();
        body.write(output, split + skip, output.length - split - skip);
        exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
        if (body.size() > 0) {
            exchange.getResponseBody().write(body.toByteArray());
        }
    }

    private static void copy(HttpExchange exchange, Map<String, String> env, String header, String variable) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
            env.put(variable, value);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
