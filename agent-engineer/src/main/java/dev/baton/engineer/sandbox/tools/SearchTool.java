package dev.baton.engineer.sandbox.tools;

import dev.baton.agent.tools.Tool;
import dev.baton.agent.tools.ToolException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * {@code search_text}: finds a literal (or regular expression) in the workspace's text files, skipping git
 * metadata, symlinks, binary and large files. A regular expression gets a time budget, so a pathological one
 * cannot hang the engineer. Run it frozen.
 */
final class SearchTool {
    private static final int MAX_RESULTS = 200;
    private static final int MAX_LINE = 300;
    private static final long MAX_FILE = 1024 * 1024;
    private static final int MAX_FILES = 50_000;
    private static final long BUDGET_NANOS = 5_000_000_000L;

    private SearchTool() {}

    static Tool searchText(Path root) {
        return Tool.of("search_text", "Search the repository's text files for a literal string (or a Java regular "
                + "expression when regex is true), optionally under one directory. Answers path:line: text.",
                "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"},\"regex\":{\"type\":\"boolean\"},"
                        + "\"path\":{\"type\":\"string\"}},\"required\":[\"query\"]}",
                args -> search(root, args.path("query").asText(), args.path("regex").asBoolean(false),
                        args.path("path").asText("")));
    }

    static String search(Path root, String query, boolean regex, String under) throws ToolException {
        return search(root, query, regex, under, BUDGET_NANOS);
    }

    static String search(Path root, String query, boolean regex, String under, long budgetNanos)
            throws ToolException {
        if (query.isEmpty()) {
            throw new ToolException("query must not be empty");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex ? query : Pattern.quote(query));
        } catch (PatternSyntaxException e) {
            throw new ToolException("invalid regular expression: " + e.getDescription());
        }
        Path start = under.isBlank() ? root : WorkspacePaths.resolve(root, under, false);
        long deadline = System.nanoTime() + budgetNanos;
        var results = new ArrayList<String>();
        int total = 0;
        try {
            for (Path file : files(start)) {
                List<String> lines = lines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (pattern.matcher(new Deadline(lines.get(i), deadline)).find() && ++total <= MAX_RESULTS) {
                        String line = lines.get(i).strip();
                        results.add(root.relativize(file) + ":" + (i + 1) + ": "
                                + (line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line));
                    }
                }
            }
        } catch (IllegalStateException e) {
            throw new ToolException(e.getMessage());
        }
        if (total == 0) {
            return "no match for " + query;
        }
        return String.join("\n", results) + (total > MAX_RESULTS ? "\n…[" + total + " matches, " + MAX_RESULTS
                + " shown]" : "");
    }

    private static List<Path> files(Path start) throws ToolException {
        try (Stream<Path> walk = Files.walk(start)) {
            return walk.filter(p -> !isGitPath(start, p) && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .limit(MAX_FILES).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ToolException("cannot list files: " + e.getMessage());
        }
    }

    private static boolean isGitPath(Path start, Path p) {
        for (Path name : start.relativize(p)) {
            if (name.toString().equalsIgnoreCase(".git")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> lines(Path file) {
        try {
            if (Files.size(file) > MAX_FILE) {
                return List.of();
            }
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
            return text.indexOf('\0') >= 0 ? List.of() : text.lines().toList();
        } catch (CharacterCodingException e) {
            return List.of(); // not UTF-8 text
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A CharSequence that fails the match once the search's time budget is spent. */
    private record Deadline(String text, long deadlineNanos) implements CharSequence {
        public char charAt(int index) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("search_text ran out of its time budget; narrow the query");
            }
            return text.charAt(index);
        }

        public int length() {
            return text.length();
        }

        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.substring(start, end), deadlineNanos);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
