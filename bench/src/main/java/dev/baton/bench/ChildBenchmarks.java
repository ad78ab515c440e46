package dev.baton.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The vault proxy's and the sandbox's own benchmarks, run as child JVMs (each starts its own infrastructure and
 * calls {@code System.exit}) after this JVM's broker is stopped. A benchmark whose classes are not built is not
 * run; what to run instead is printed.
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

    void sandbox() {
        Optional<Path> found = find(root.resolve("agent-engineer/target"), "SandboxBenchmark.class");
        if (found.isEmpty()) {
            out.println("  agent-engineer has no SandboxBenchmark (built) yet: no sandbox figures in this run."
                    + " When it exists, build agent-engineer's test classes and rerun; it needs a Docker engine and"
                    + " the sandbox image (docker/build-images.sh).");
            return;
        }
        Path classFile = found.get();
        Path classesDir = classFile.getParent();
        while (!classesDir.getFileName().toString().endsWith("classes")) {
            classesDir = classesDir.getParent();
        }
        String main = classesDir.relativize(classFile).toString().replace(File.separatorChar, '.')
                .replaceAll("\\.class$", "");
        run(classesDir, main, List.of());
    }

    private void run(Path extraClasses, String main, List<String> args) {
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp",
                extraClasses + File.pathSeparator + System.getProperty("java.class.path"), main));
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

    private static Optional<Path> find(Path dir, String fileName) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().equals(fileName)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
