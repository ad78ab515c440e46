package dev.baton.engineer.sandbox.tools;

import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.tools.Tool;
import dev.baton.agent.tools.ToolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code apply_patch}: applies a unified diff with {@code git apply} on the host (never in the sandbox), hooks
 * and fsmonitor off, no system or global git config, and the workspace's own git directory (outside the
 * sandbox) named explicitly: a {@code .git} the sandbox planted is never discovered, so its config never runs. Every path the diff names is checked first with
 * {@link WorkspacePaths}; symlink creation is refused. Run it frozen.
 */
final class PatchTool {
    private static final int MAX_PATCH = 1024 * 1024;
    private static final Pattern HEADER = Pattern.compile(
            "^(?:diff --git a/(\\S+) b/(\\S+)|--- (?:a/)?(\\S+)|\\+\\+\\+ (?:b/)?(\\S+)|(?:rename|copy) (?:from|to) (\\S+))",
            Pattern.MULTILINE);

    private PatchTool() {}

    static Tool applyPatch(GitWorkspace ws) {
        return Tool.of("apply_patch", "Apply a unified diff (as produced by git diff or diff -u) to the repository. "
                + "Paths are relative to the repository root, with or without a/ and b/ prefixes.",
                "{\"type\":\"object\",\"properties\":{\"patch\":{\"type\":\"string\"}},\"required\":[\"patch\"]}",
                args -> apply(ws.root(), ws.gitDir(), args.path("patch").asText()));
    }

    /** @param gitDir the workspace's git directory, named explicitly so git never discovers one the sandbox made */
    static String apply(Path root, Path gitDir, String patch) throws ToolException {
        if (patch.isBlank() || patch.length() > MAX_PATCH) {
            throw new ToolException("the patch must be 1 to " + MAX_PATCH + " characters");
        }
        if (patch.contains("mode 120000")) {
            throw new ToolException("patches that create symlinks are refused");
        }
        Set<String> paths = paths(patch);
        if (paths.isEmpty()) {
            throw new ToolException("no file headers (--- / +++ or diff --git) found in the patch");
        }
        for (String path : paths) {
            WorkspacePaths.resolve(root, path, true);
        }
        Path file = null;
        try {
            file = Files.createTempFile("baton-patch-", ".diff");
            Files.writeString(file, patch.endsWith("\n") ? patch : patch + "\n", StandardCharsets.UTF_8);
            boolean prefixed = patch.contains("\n+++ b/") || patch.startsWith("+++ b/") || patch.contains("diff --git a/");
            var builder = new ProcessBuilder("git", "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false",
                    "apply", prefixed ? "-p1" : "-p0", "--verbose", "--whitespace=nowarn", file.toString())
                    .directory(root.toFile()).redirectErrorStream(true);
            builder.environment().put("GIT_DIR", gitDir.toString());
            builder.environment().put("GIT_WORK_TREE", root.toString());
            builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
            builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
            Process git = builder.start();
            git.getOutputStream().close();
            String output = new String(git.getInputStream().readNBytes(WorkspaceFiles.MAX_TEXT), StandardCharsets.UTF_8);
            if (!git.waitFor(30, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                throw new ToolException("git apply took longer than 30 s");
            }
            if (git.exitValue() != 0) {
                throw new ToolException("the patch does not apply:\n" + output.strip());
            }
            return "applied to " + String.join(", ", paths) + "\n" + output.strip();
        } catch (IOException e) {
            throw new ToolException("cannot apply the patch: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted");
        } finally {
            deleteQuietly(file);
        }
    }

    static Set<String> paths(String patch) throws ToolException {
        Set<String> paths = new LinkedHashSet<>();
        Matcher m = HEADER.matcher(patch);
        while (m.find()) {
            for (int g = 1; g <= m.groupCount(); g++) {
                String path = m.group(g);
                if (path != null && !path.equals("/dev/null")) {
                    if (path.startsWith("\"")) {
                        throw new ToolException("quoted paths are not supported in patches: " + path);
                    }
                    paths.add(path);
                }
            }
        }
        return paths;
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a temp file left in /tmp
        }
    }
}
