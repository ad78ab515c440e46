package dev.baton.agent.tools;

import dev.baton.agent.git.GitWorkspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The read-only file tools of the PM and the Reviewer, confined to one {@link GitWorkspace}. */
public final class FileTools {
    private static final int MAX_READ = 64 * 1024;
    private static final int MAX_FILES = 2000;

    private FileTools() {}

    public static Tool listFiles(GitWorkspace ws) {
        return Tool.of("list_files", "List the files tracked in the repository.", "{\"type\":\"object\",\"properties\":{}}",
                args -> {
                    String files = ws.git("ls-files");
                    String[] lines = files.split("\n");
                    return lines.length <= MAX_FILES ? files
                            : String.join("\n", java.util.Arrays.copyOf(lines, MAX_FILES)) + "\n…[" + lines.length + " files, list cut]";
                });
    }

    public static Tool readFile(GitWorkspace ws) {
        return Tool.of("read_file", "Read a text file of the repository.",
                "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}},\"required\":[\"path\"]}",
                args -> {
                    Path p = ws.resolve(args.path("path").asText());
                    if (!Files.isRegularFile(p)) {
                        throw new ToolException("no such file: " + args.path("path").asText());
                    }
                    try {
                        byte[] bytes = Files.readAllBytes(p);
                        String text = new String(bytes, 0, Math.min(bytes.length, MAX_READ), StandardCharsets.UTF_8);
                        return bytes.length > MAX_READ ? text + "\n…[file is " + bytes.length + " bytes, cut]" : text;
                    } catch (IOException e) {
                        throw new ToolException("cannot read: " + e.getMessage());
                    }
                });
    }
}
