package dev.baton.engineer.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One factory and one sandbox shared by the tests of a class; {@link #close()} destroys both. */
final class SandboxFixture implements AutoCloseable {
    final DockerConnection docker;
    final SandboxOptions options;
    final SandboxFactory factory;
    final DockerSandbox sandbox;

    SandboxFixture(Path workRoot, String ticket) {
        this(SandboxTesting.options(workRoot).build(), ticket);
    }

    SandboxFixture(SandboxOptions options, String ticket) {
        this.docker = SandboxTesting.docker();
        this.options = options;
        this.factory = new SandboxFactory(docker, options);
        this.sandbox = factory.create(ticket, "task-1");
    }

    /** Runs {@code script} with bash in the shared sandbox. */
    ExecResult sh(String script) {
        return sh(script, Duration.ofSeconds(20));
    }

    ExecResult sh(String script, Duration timeout) {
        return sandbox.exec(List.of("bash", "-c", script), timeout);
    }

    @Override
    public void close() {
        sandbox.close();
        docker.close();
    }
}
