package dev.baton.engineer.sandbox;

import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints, in one run, how sandbox operations compare with plain Docker: {@code docker run --rm IMAGE true}
 * against cold and warm-pool acquisition, and a sandbox command round trip against a raw {@code docker exec}.
 * Not a test. Usage: {@code SandboxBenchmark [iterations]} (default 10); see agent-engineer/README.md.
 */
public final class SandboxBenchmark {
    private final int iterations;
    private final SandboxOptions options;

    private SandboxBenchmark(int iterations, SandboxOptions options) {
        this.iterations = iterations;
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path root = Files.createTempDirectory("baton-bench-");
        var options = SandboxOptions.builder().workRoot(root).poolSize(1).build();
        new SandboxBenchmark(n, options).run();
    }

    private void run() throws Exception {
        try (var docker = DockerConnection.connect(options.dockerHost())) {
            var factory = new SandboxFactory(docker, options);
            System.out.printf(Locale.ROOT, "Sandbox benchmark: image %s, %d runs each (after 2 warm-ups), median / p90 ms%n",
                    options.image(), iterations);
            double run = report("raw `docker run --rm IMAGE true` (CLI)", () -> cli("docker", "run", "--rm",
                    "--network", "none", options.image(), "true"), null, 0);
            double cold = report("cold sandbox acquisition (create+start+freeze)", timed(() -> factory.create("bench", "cold")),
                    "docker run", run);
            double warm;
            try (var pool = new SandboxPool(factory)) {
                warm = report("warm-pool acquisition", () -> {
                    while (pool.ready() == 0) {
                        Thread.sleep(5); // the pool refills in the background; measure a ready pool
                    }
                    return timed(() -> pool.acquire("bench", "warm")).nanos();
                }, "docker run", run);
            }
            System.out.printf(Locale.ROOT, "%-52s %22s %6.3fx of cold%n", "", "", warm / cold);
            commands(docker, factory);
        } finally {
            deleteQuietly(options.workRoot());
        }
    }

    private void commands(DockerConnection docker, SandboxFactory factory) throws Exception {
        var client = docker.client();
        String plain = client.createContainerCmd(options.image()).withCmd("sleep", "infinity")
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")).exec().getId();
        client.startContainerCmd(plain).exec();
        try (Sandbox sandbox = factory.create("bench", "exec")) {
            double cli = report("raw `docker exec CONTAINER true` (CLI)", () -> cli("docker", "exec", plain, "true"),
                    null, 0);
            double api = report("raw exec over the API (create+start+inspect)", () -> rawExec(docker, plain),
                    "docker exec CLI", cli);
            double consecutive = report("sandbox exec [true], back to back", () -> sandbox.exec(List.of("true"),
                    Duration.ofSeconds(10)), "docker exec CLI", cli);
            System.out.printf(Locale.ROOT, "%-52s %22s %6.3fx of raw API exec%n", "", "", consecutive / api);
            report("sandbox exec [true] after host access (thaw+handover)", () -> {
                sandbox.whileFrozen(() -> null);
                sandbox.exec(List.of("true"), Duration.ofSeconds(10));
            }, "docker exec CLI", cli);
        } finally {
            client.removeContainerCmd(plain).withForce(true).exec();
        }
    }

    /** One measured run; returns its duration in nanoseconds. */
    private interface Sample {
        long nanos() throws Exception;
    }

    private interface Step {
        void run() throws Exception;
    }

    private interface Acquire {
        Sandbox get() throws Exception;
    }

    /** Times only the acquisition; the sandbox is closed outside the measurement. */
    private static Sample timed(Acquire acquire) {
        return () -> {
            long start = System.nanoTime();
            Sandbox sandbox = acquire.get();
            long nanos = System.nanoTime() - start;
            sandbox.close();
            return nanos;
        };
    }

    private static Sample timed(Step step) {
        return () -> {
            long start = System.nanoTime();
            step.run();
            return System.nanoTime() - start;
        };
    }

    private double report(String label, Step step, String baseName, double base) throws Exception {
        return report(label, timed(step), baseName, base);
    }

    private double report(String label, Sample sample, String baseName, double base) throws Exception {
        var samples = new ArrayList<Double>();
        for (int i = 0; i < iterations + 2; i++) {
            long nanos = sample.nanos();
            if (i >= 2) {
                samples.add(nanos / 1e6);
            }
        }
        samples.sort(null);
        double median = samples.get(samples.size() / 2);
        double p90 = samples.get(Math.min(samples.size() - 1, (int) Math.ceil(samples.size() * 0.9) - 1));
        String ratio = baseName == null ? "" : String.format(Locale.ROOT, "%6.3fx of %s", median / base, baseName);
        System.out.printf(Locale.ROOT, "%-52s %9.1f / %9.1f ms  %s%n", label, median, p90, ratio);
        return median;
    }

    private static void rawExec(DockerConnection docker, String container) throws IOException {
        String id = docker.client().execCreateCmd(container).withCmd("true").withAttachStdout(true)
                .withAttachStderr(true).exec().getId();
        try (var response = docker.http().execute(DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST).path("/exec/" + id + "/start")
                .putHeader("Content-Type", "application/json")
                .bodyBytes("{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.UTF_8)).build())) {
            response.getBody().readAllBytes();
        }
        docker.client().inspectExecCmd(id).exec();
    }

    private static void cli(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            dev.baton.engineer.sandbox.internal.WorkspaceGuard.delete(root);
        } catch (IOException ignored) {
            // a temp directory
        }
    }
}
