package dev.baton.engineer.sandbox.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.Volume;
import dev.baton.engineer.sandbox.SandboxOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The one place a sandbox container's isolation is spelled out. */
public final class ContainerSpec {
    /** Mount point of the workspace inside the sandbox. */
    public static final String WORKSPACE = "/workspace";

    private ContainerSpec() {}

    /**
     * Creates (does not start) a sandbox container: no network; memory (no swap), CPU and pids limits; read-only
     * root; {@code /tmp} a small {@code noexec,nosuid,nodev} tmpfs; all capabilities dropped;
     * {@code no-new-privileges}; the workspace the only bind mount; file size capped at the workspace quota.
     * PID 1 is Docker's init (it reaps orphans) running {@code sleep infinity} as the keeper uid, which commands
     * (running as the sandbox uid) cannot signal.
     *
     * @return the container id
     */
    public static String create(DockerClient client, SandboxOptions options, String name, Map<String, String> labels,
            Path workspace) {
        long fsize = options.workspaceQuotaBytes();
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode("none")
                .withMemory(options.memoryBytes())
                .withMemorySwap(options.memoryBytes())
                .withNanoCPUs(options.nanoCpus())
                .withPidsLimit(options.pidsLimit())
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of("/tmp", "rw,noexec,nosuid,nodev,size=" + options.tmpfsBytes()))
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withPrivileged(false)
                .withInit(true)
                .withIpcMode("private")
                .withUlimits(List.of(new Ulimit("fsize", fsize, fsize), new Ulimit("nofile", 4096L, 4096L),
                        new Ulimit("core", 0L, 0L)))
                .withBinds(new Bind(workspace.toString(), new Volume(WORKSPACE)));
        String keeper = options.keeperUid() + ":" + options.keeperUid();
        return client.createContainerCmd(options.image())
                .withName(name)
                .withLabels(labels)
                .withUser(keeper)
                .withCmd("sleep", "infinity")
                .withWorkingDir(WORKSPACE)
                .withHostConfig(host)
                .exec()
                .getId();
    }
}
