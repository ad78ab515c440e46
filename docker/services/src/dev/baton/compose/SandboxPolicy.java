package dev.baton.compose;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the engine guard lets through for sandbox containers: the flags of the engineer's {@code ContainerSpec}
 * and nothing wider. Each method returns null when allowed, else every reason it is not. Stateless, thread-safe.
 *
 * @param image         the only image a sandbox may run
 * @param workspaceRoot the only host directory binds may come from; the guard sees it at the same path
 * @param containerUser the only user a sandbox's own process may run as (the engineer's keeper uid)
 * @param execUser      the only user commands may be exec'd as (the engineer's sandbox uid)
 */
record SandboxPolicy(String image, Path workspaceRoot, String containerUser, String execUser) {
    static final String LABEL = "dev.baton.sandbox";

    SandboxPolicy {
        workspaceRoot = workspaceRoot.normalize();
    }

    /** A container create: the sandbox's image, label, user, isolation flags and limits, one workspace bind. */
    String create(JsonNode body) {
        List<String> why = new ArrayList<>();
        if (!image.equals(body.path("Image").asText())) {
            why.add("image must be " + image);
        }
        if (!"true".equals(body.path("Labels").path(LABEL).asText())) {
            why.add("label " + LABEL + "=true is required");
        }
        if (!containerUser.equals(body.path("User").asText(""))) {
            why.add("User must be " + containerUser);
        }
        JsonNode h = body.path("HostConfig");
        isolation(h, why);
        if (body.path("Volumes").size() > 0) {
            why.add("anonymous volumes are not allowed");
        }
        binds(texts(h.path("Binds")), why);
        return why.isEmpty() ? null : String.join("; ", why);
    }

    /** An exec: never privileged, only as the sandbox uid. */
    String exec(JsonNode body) {
        if (body.path("Privileged").asBoolean(false)) {
            return "privileged exec is not allowed";
        }
        return execUser.equals(body.path("User").asText("")) ? null : "exec User must be " + execUser;
    }

    /** A start: the binds of the container as created, checked again now (a path may have changed since). */
    String start(JsonNode container) {
        List<String> why = new ArrayList<>();
        binds(texts(container.path("HostConfig").path("Binds")), why);
        return why.isEmpty() ? null : String.join("; ", why);
    }

    private static void isolation(JsonNode h, List<String> why) {
        if (h.path("Privileged").asBoolean(false)) {
            why.add("privileged mode is not allowed");
        }
        if (!"none".equals(h.path("NetworkMode").asText())) {
            why.add("NetworkMode must be none");
        }
        if (!h.path("ReadonlyRootfs").asBoolean(false)) {
            why.add("ReadonlyRootfs is required");
        }
        if (!texts(h.path("CapDrop")).contains("ALL")) {
            why.add("CapDrop ALL is required");
        }
        if (!texts(h.path("CapAdd")).isEmpty()) {
            why.add("added capabilities are not allowed");
        }
        List<String> secOpts = texts(h.path("SecurityOpt"));
        if (!secOpts.contains("no-new-privileges") && !secOpts.contains("no-new-privileges:true")) {
            why.add("SecurityOpt no-new-privileges is required");
        }
        for (String opt : secOpts) {
            if (!opt.startsWith("no-new-privileges")) {
                why.add("SecurityOpt " + opt + " is not allowed");
            }
        }
        for (String field : List.of("Devices", "DeviceRequests", "DeviceCgroupRules", "VolumesFrom", "Links",
                "ExtraHosts", "Mounts", "Sysctls")) {
            if (h.path(field).size() > 0) {
                why.add(field + " are not allowed");
            }
        }
        for (String mode : List.of("PidMode", "IpcMode", "UTSMode", "UsernsMode", "CgroupnsMode", "Cgroup")) {
            String value = h.path(mode).asText("");
            if (value.equals("host") || value.startsWith("container:")) {
                why.add(mode + " " + value + " is not allowed");
            }
        }
        if (!h.path("CgroupParent").asText("").isEmpty() || !h.path("Runtime").asText("").isEmpty()) {
            why.add("CgroupParent and Runtime must be the engine's defaults");
        }
        if (h.path("Memory").asLong(0) <= 0 || h.path("PidsLimit").asLong(0) <= 0 || h.path("NanoCpus").asLong(0) <= 0) {
            why.add("Memory, NanoCpus and PidsLimit limits are required");
        }
        if (h.path("PortBindings").size() > 0 || h.path("PublishAllPorts").asBoolean(false)) {
            why.add("published ports are not allowed");
        }
    }

    /**
     * Exactly one bind, from an existing directory strictly under the workspace root reached without any symlink
     * (the engine would follow one out of the root), to {@code /workspace}, without shared propagation.
     */
    private void binds(List<String> binds, List<String> why) {
        if (binds.size() != 1) {
            why.add("exactly one bind (the task's workspace) is required");
        }
        for (String bind : binds) {
            String[] parts = bind.split(":");
            if (parts.length < 2 || !parts[1].equals("/workspace") || parts[0].contains("..")) {
                why.add("bind " + bind + " must mount a workspace at /workspace");
                continue;
            }
            String problem = source(parts[0]);
            if (problem != null) {
                why.add("bind " + bind + ": " + problem);
            }
            if (parts.length > 2 && parts[2].matches(".*(shared|slave).*")) {
                why.add("bind propagation " + parts[2] + " is not allowed");
            }
        }
    }

    private String source(String text) {
        Path source = Path.of(text).normalize();
        if (!source.isAbsolute() || !source.startsWith(workspaceRoot) || source.equals(workspaceRoot)) {
            return "not under the workspace root " + workspaceRoot;
        }
        Path at = workspaceRoot;
        for (Path name : workspaceRoot.relativize(source)) {
            at = at.resolve(name);
            if (Files.isSymbolicLink(at)) {
                return at + " is a symlink";
            }
        }
        return Files.isDirectory(source, NOFOLLOW_LINKS) ? null : "no such directory " + source;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        return out;
    }
}
