package dev.baton.engineer.sandbox;

import java.nio.file.Path;

/** An "engineer" that creates a sandbox, reports it and waits to be killed (see SandboxLifecycleIT). */
public final class OrphanSandboxMain {
    private OrphanSandboxMain() {}

    public static void main(String[] args) throws InterruptedException {
        var docker = DockerConnection.connect(SandboxOptions.defaultDockerHost());
        var sandbox = new SandboxFactory(docker, SandboxTesting.options(Path.of(args[0])).build())
                .create("T-orphan", "task-1");
        System.out.println("SANDBOX " + sandbox.id());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
