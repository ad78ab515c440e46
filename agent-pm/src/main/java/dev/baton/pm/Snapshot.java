package dev.baton.pm;

import dev.baton.agent.git.GitWorkspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The size-capped, read-only view of a repository the PM plans from: the file tree, the README, the build
 * files, and the files the ticket names. Everything is cut to fit {@link #MAX_TOTAL} characters.
 */
final class Snapshot {
    static final int MAX_TOTAL = 48 * 1024;
    static final int MAX_FILE = 8 * 1024;
    static final int MAX_TREE = 500;
    private static final Set<String> BUILD_FILES = Set.of("pom.xml", "build.gradle", "build.gradle.kts",
            "package.json", "pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Cargo.toml", "go.mod",
            "Makefile", "pytest.ini", "tox.ini");

    private Snapshot() {}

    static String of(GitWorkspace ws, String ticketText) {
        List<String> files = ws.git("ls-files").lines().toList();
        var out = new StringBuilder("Repository files (" + files.size() + "):\n");
        files.stream().limit(MAX_TREE).forEach(f -> out.append(f).append('\n'));
        if (files.size() > MAX_TREE) {
            out.append("…[").append(files.size() - MAX_TREE).append(" more]\n");
        }
        List<String> shown = new ArrayList<>();
        for (String f : files) {
            String name = Path.of(f).getFileName().toString();
            boolean wanted = f.equalsIgnoreCase("README.md") || (BUILD_FILES.contains(name) && !f.contains("/"))
                    || ticketText.contains(f);
            if (wanted && shown.size() < 20) {
                shown.add(f);
            }
        }
        for (String f : shown) {
            if (out.length() >= MAX_TOTAL) {
                out.append("\n…[snapshot cut at ").append(MAX_TOTAL).append(" characters]\n");
                break;
            }
            out.append("\n--- ").append(f).append(" ---\n").append(read(ws.root().resolve(f)));
        }
        return out.length() > MAX_TOTAL + 200 ? out.substring(0, MAX_TOTAL) + "\n…[cut]\n" : out.toString();
    }

    private static String read(Path file) {
        try {
            if (Files.isSymbolicLink(file) || !Files.isRegularFile(file)) {
                return "(not a regular file)\n";
            }
            byte[] bytes = Files.readAllBytes(file);
            String text = new String(bytes, 0, Math.min(bytes.length, MAX_FILE), StandardCharsets.UTF_8);
            return bytes.length > MAX_FILE ? text + "\n…[" + bytes.length + " bytes, cut]\n" : text + "\n";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")\n";
        }
    }
}
