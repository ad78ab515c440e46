package dev.baton.engineer.sandbox.tools;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.baton.agent.git.GitWorkspace;
import dev.baton.agent.tools.Tool;
import dev.baton.agent.tools.ToolException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** The engineer's file tools over a workspace: list, read (with line ranges), write. Run them frozen. */
final class WorkspaceFiles {
    static final int MAX_TEXT = 64 * 1024;
    private static final int MAX_FILES = 2000;
    private static final long MAX_READ_BYTES = 4 * 1024 * 1024;

    private WorkspaceFiles() {}

    static Tool listFiles(GitWorkspace ws) {
        return Tool.of("list_files", "List the repository's files (tracked and new, not ignored).",
                "{\"type\":\"object\",\"properties\":{}}", args -> {
                    List<String> files = WorkspaceGit.git(ws, "ls-files", "--cached", "--others", "--exclude-standard")
                            .lines().toList();
                    return files.size() <= MAX_FILES ? String.join("\n", files)
                            : String.join("\n", files.subList(0, MAX_FILES)) + "\n…[" + files.size() + " files, list cut]";
                });
    }

    static Tool readFile(Path root) {
        return Tool.of("read_file", "Read a text file of the repository, optionally only lines start_line..end_line "
                + "(1-based, inclusive).", "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},"
                + "\"start_line\":{\"type\":\"integer\"},\"end_line\":{\"type\":\"integer\"}},\"required\":[\"path\"]}",
                args -> {
                    Path p = WorkspacePaths.resolve(root, args.path("path").asText(), false);
                    if (!Files.isRegularFile(p)) {
                        throw new ToolException("no such file: " + args.path("path").asText());
                    }
                    try {
                        if (Files.size(p) > MAX_READ_BYTES) {
                            throw new ToolException("file is " + Files.size(p) + " bytes; use search_text on it");
                        }
                        List<String> lines = Files.readString(p, StandardCharsets.UTF_8).lines().toList();
                        int from = Math.max(1, args.path("start_line").asInt(1));
                        int to = Math.min(lines.size(), args.path("end_line").asInt(lines.size()));
                        if (from > to && !lines.isEmpty()) {
                            throw new ToolException("no lines " + from + ".." + to + "; the file has " + lines.size());
                        }
                        String text = String.join("\n", lines.subList(Math.min(from - 1, to), to));
                        String header = from == 1 && to == lines.size() ? "" : "[lines " + from + "-" + to + " of "
                                + lines.size() + "]\n";
                        return clip(header + text);
                    } catch (IOException e) {
                        throw new ToolException("cannot read: " + e.getMessage());
                    }
                });
    }

    static Tool writeFile(Path root) {
        return Tool.of("write_file", "Create or replace a text file of the repository with the given content.",
                "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},\"content\":{\"type\":\"string\"}},"
                        + "\"required\":[\"path\",\"content\"]}",
                args -> {
                    Path p = WorkspacePaths.resolve(root, args.path("path").asText(), true);
                    String content = args.path("content").asText();
                    if (content.length() > 1024 * 1024) {
                        throw new ToolException("content is " + content.length() + " characters, the limit is 1048576");
                    }
                    try {
                        Files.createDirectories(p.getParent());
                        Files.writeString(p, content, StandardCharsets.UTF_8, CREATE, TRUNCATE_EXISTING, WRITE,
                                LinkOption.NOFOLLOW_LINKS);
                        return "wrote " + content.length() + " characters to " + root.relativize(p);
                    } catch (IOException e) {
                        throw new ToolException("cannot write: " + e.getMessage());
                    }
                });
    }

    static String clip(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "\n…[" + text.length()
                + " characters, cut]";
    }
}
