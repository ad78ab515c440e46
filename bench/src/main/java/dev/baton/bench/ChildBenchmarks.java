package dev.baton.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The vault proxy's and the sandbox's own benchmarks, run as child JVMs (they start their own infrastructure; the
 * proxy's calls {@code System.exit}) after this JVM's broker is stopped, their output printed as it comes. A
 * benchmark whose classes are not built is not run; where to read how to run it is printed instead.
 */
final class ChildBenchmarks {
    private static final long TIMEOUT_MINUTES = 4;

    private final Path root;
    private final PrintStream out;

    ChildBenchmarks(Path root, PrintStream out) {
        this.root = root;
        this.out = out;
    }

    void vaultProxy(int ratePerSecond, int seconds) {
        Path testClasses = root.resolve("vault-proxy/target/test-classes");
        String main = "dev.baton.proxy.bench.LatencyBenchmark";
        if (!Files.exists(testClasses.resolve(main.replace('.', '/') + ".class"))) {
            out.println("  not built here; run it as vault-proxy/README.md says (section 'Tests and benchmark')");
            return;
        }
        run(testClasses, main, List.of(Integer.toString(ratePerSecond), Integer.toString(seconds)));
    }

    void sandbox(int iterations) {
        String main = "dev.baton.engineer.sandbox.SandboxBenchmark";
        try {
            Class.forName(main, false, ChildBenchmarks.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            out.println("  agent-engineer has no SandboxBenchmark in this build: no sandbox figures in this run;"
                    + " see agent-engineer/README.md (section 'Benchmark')");
            return;
        }
        out.println("  (needs a Docker engine and the sandbox image, docker/build-images.sh; see agent-engineer/README.md)");
        run(null, main, List.of(Integer.toString(iterations)));
    }

    private void run(Path extraClasses, String main, List<String> args) {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-Dbaton.log.level=warn", "-Dbaton.log.format=text", "-cp",
                (extraClasses == null ? "" : extraClasses + File.pathSeparator) + System.getProperty("java.class.path"),
                main));
        command.addAll(args);
        out.println("  $ java … " + main + " " + String.join(" ", args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread pump = Thread.ofVirtual().start(() -> p.inputReader().lines().forEach(l -> out.println("  | " + l)));
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly().waitFor();
                out.println("  (stopped after " + TIMEOUT_MINUTES + " min)");
            }
            pump.join();
            if (p.exitValue() != 0) {
                out.println("  (exited with code " + p.exitValue() + ")");
            }
        } catch (IOException e) {
            out.println("  cannot start it: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
