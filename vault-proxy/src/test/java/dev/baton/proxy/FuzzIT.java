package dev.baton.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.protocol.Role;
import dev.baton.testkit.GitFixtures;
import dev.baton.testkit.GitHttpServer;
import dev.baton.testkit.GitRepo;
import dev.baton.testkit.ScriptedReply;
import dev.baton.testkit.fuzz.FuzzReport;
import dev.baton.testkit.fuzz.HttpFuzz;
import dev.baton.testkit.fuzz.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fuzz of every vault proxy entry point, {@value #INPUTS_DEFAULT} seeded requests each, over raw sockets against the
 * in-process proxy: chat completions and streaming chat completions (broken tokens, mutated and oversized bodies,
 * invalid UTF-8, wrong types), the model list, the admin endpoints with unexpected methods and paths, and the git
 * relay (mutated paths, methods, services, tokens and push commands) in front of a real smart-HTTP remote; a few in
 * a hundred with broken HTTP framing. No answer may be a 5xx, a dropped or a hung connection; a refusal is a 4xx
 * saying why (a JSON error, or a {@code baton: <code>: <reason>} line where a git client reads it); the proxy
 * answers {@code /healthz} after every batch of 1,000 and a valid call at the end. Knobs:
 * {@code -Dbaton.fuzz.seed}, {@code -Dbaton.fuzz.inputs}.
 */
@DisplayName("fuzz: vault proxy")
class FuzzIT {
    static final int INPUTS_DEFAULT = 10_000;
    static final long SEED = Long.getLong("baton.fuzz.seed", 20261122L);
    static final int INPUTS = Integer.getInteger("baton.fuzz.inputs", INPUTS_DEFAULT);
    static final int MAX_BODY = 256 * 1024;
    static final int MAX_PUSH = 512 * 1024;
    static final String REMOTE_PASSWORD = "remote-password-fuzz-0123456789";
    /** The relay's own refusals for git clients, which git prints as {@code remote: baton: ...}. */
    static final Pattern GIT_REFUSAL = Pattern.compile("baton: [a-z_]+: \\S.*\n");

    static GitFixtures fixtures;
    static GitHttpServer remote;
    static ProxyHarness harness;
    static String ticket;

    @BeforeAll
    static void start() throws IOException {
        fixtures = GitFixtures.inTempDir();
        GitRepo repo = fixtures.createBare("app", Map.of("README.md", "# app\n"));
        remote = new GitHttpServer(repo, "bot", REMOTE_PASSWORD);
        harness = new ProxyHarness(Map.ofEntries(
                Map.entry("BATON_PROXY_MAX_REQUEST_BYTES", Integer.toString(MAX_BODY)),
                // short, so a connection the fuzz leaves unfinished is closed before the client gives up (20 s)
                Map.entry("BATON_PROXY_TIMEOUT", "5s"), Map.entry("BATON_PROXY_IDLE_TIMEOUT", "10s"),
                Map.entry("BATON_PROXY_PRICE_PM_INPUT", "2.5"), Map.entry("BATON_PROXY_PRICE_PM_OUTPUT", "10"),
                Map.entry("BATON_PROXY_PRICE_ENGINEER_INPUT", "3"), Map.entry("BATON_PROXY_PRICE_ENGINEER_OUTPUT", "15"),
                Map.entry("BATON_PROXY_GIT_REMOTES", "app"), Map.entry("BATON_PROXY_GIT_REMOTE_APP_URL", remote.url()),
                Map.entry("BATON_PROXY_GIT_WORK_DIR", fixtures.dir().resolve("relay").toString()),
                Map.entry("BATON_PROXY_GIT_MAX_PUSH_BYTES", Integer.toString(MAX_PUSH))),
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

    /** The entry points, each with its own seed (offset from {@link #SEED}) and request generator. */
    enum EntryPoint {
        CHAT("chat completions", 0, f -> f.chat(MAX_BODY)),
        STREAMING("streaming chat completions", 3, f -> f.stream(MAX_BODY)),
        MODELS("models", 4, ProxyFuzzer::models),
        ADMIN("admin endpoints, methods and paths", 1, ProxyFuzzer::admin),
        GIT("git relay", 2, f -> f.git("app", MAX_PUSH));

        final String title;
        final int seedOffset;
        final Function<ProxyFuzzer, byte[]> generator;

        EntryPoint(String title, int seedOffset, Function<ProxyFuzzer, byte[]> generator) {
            this.title = title;
            this.seedOffset = seedOffset;
            this.generator = generator;
        }

        @Override
        public String toString() {
            return title;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EntryPoint.class)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    @DisplayName("every answer a success or a 4xx saying why; the proxy stays up")
    void shouldAnswerEveryRequestWithASuccessOrAClearRefusal(EntryPoint entry) throws Exception {
        var fuzzer = new ProxyFuzzer(new Random(SEED + entry.seedOffset), harness.tokens, ticket);
        List<byte[]> inputs = new ArrayList<>(INPUTS);
        for (int i = 0; i < INPUTS; i++) {
            inputs.add(entry.generator.apply(fuzzer));
        }
        var report = new FuzzReport("vault-proxy", entry.title, SEED);
        new HttpFuzz(harness.proxy.port(), "/healthz").run(report, inputs, FuzzIT::refusal);
        var valid = harness.chat(harness.token(Role.ENGINEER, ProxyHarness.ticket()), ProxyHarness.chatBody("still there?"));
        report.print();

        assertThat(report.unacceptable()).as("answers that are a 5xx, none, a connection left open, or a 4xx that "
                + "does not say why; the first of each kind:\n%s", report.firstProblems()).isZero();
        assertThat(valid.statusCode()).as("a valid call after the fuzz").isEqualTo(200);
    }

    /**
     * Under {@code /git/}, what git prints: the relay's {@code baton: <code>: <reason>} line; elsewhere (and for
     * anything that is no git request) an OpenAI-shaped JSON error.
     */
    static String refusal(RawHttp.Answer answer, byte[] request) {
        String[] line = new String(request, 0, Math.min(200, request.length), StandardCharsets.ISO_8859_1).split("\\s+");
        boolean git = line.length > 1 && line[1].startsWith("/git/");
        if (!git || answer.headers().getOrDefault("content-type", "").startsWith("application/json")) {
            return HttpFuzz.jsonError(answer, request);
        }
        if (GIT_REFUSAL.matcher(answer.text()).matches()) {
            return null;
        }
        return answer.text().isBlank() ? "a git 4xx without a reason" : "a git 4xx not in the relay's words";
    }
}
