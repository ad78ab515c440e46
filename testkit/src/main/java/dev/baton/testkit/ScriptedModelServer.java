package dev.baton.testkit;

import com.sun.net.httpserver.HttpServer;
import dev.baton.testkit.internal.ModelHttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An OpenAI-compatible chat completions server on a free loopback port, answering from scripts
 * chosen by the request's {@code model}: {@code POST /v1/chat/completions} (plain and
 * {@code stream: true} server-sent events, tool calls, {@code usage}, OpenAI-shaped errors) and
 * {@code GET /v1/models}. Models without a script get the default script, a plain text
 * {@code "ok"}. Every request is recorded before it is answered.
 *
 * <p>Thread-safety: fully thread-safe; requests are served concurrently on virtual threads, and
 * scripts may be changed while requests are in flight. Failure modes: a script that throws or
 * returns null yields HTTP 500 {@code server_error}; a body that is not JSON yields 400
 * {@code invalid_json}; unknown paths 404. {@link #start()} throws {@link UncheckedIOException}
 * if it cannot bind.
 */
public final class ScriptedModelServer implements AutoCloseable {
  private static final ModelScript DEFAULT = ModelScript.always(ScriptedReply.text("ok"));

  private final Map<String, ModelScript> scripts = new ConcurrentHashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final HttpServer server;

  private ScriptedModelServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the scripted model server on loopback", e);
    }
    server.createContext("/", new ModelHttpHandler(
        model -> scripts.getOrDefault(model, DEFAULT), scripts::keySet, requests::add));
    server.setExecutor(executor);
  }

  /** Starts a server on a free loopback port. */
  public static ScriptedModelServer start() {
    ScriptedModelServer modelServer = new ScriptedModelServer();
    modelServer.server.start();
    return modelServer;
  }

  /** See {@link ModelScript#sequence(ScriptedReply...)}. */
  public static ModelScript sequence(ScriptedReply... replies) {
    return ModelScript.sequence(replies);
  }

  /** {@code http://127.0.0.1:PORT/v1}, the base URL an OpenAI client expects. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Answers requests for {@code model} with {@code script}, replacing any earlier script. */
  public void script(String model, ModelScript script) {
    scripts.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(script, "script"));
  }

  /** Answers requests for {@code model} with {@code reply}, every time. */
  public void script(String model, ScriptedReply reply) {
    script(model, ModelScript.always(reply));
  }

  /** Removes every script; all models get the default {@code "ok"} again. */
  public void clearScripts() {
    scripts.clear();
  }

  /** A snapshot of the requests received so far, oldest first, on every path. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The recorded chat completion requests for one model, oldest first. */
  public List<RecordedRequest> requests(String model) {
    return requests.stream()
        .filter(request -> request.path().equals("/v1/chat/completions"))
        .filter(request -> request.model().filter(model::equals).isPresent())
        .toList();
  }

  /** Forgets the recorded requests. Scripts are kept; see {@link #clearScripts()}. */
  public void reset() {
    requests.clear();
  }

  /** Stops accepting requests and ends in-flight ones. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
  }
}
