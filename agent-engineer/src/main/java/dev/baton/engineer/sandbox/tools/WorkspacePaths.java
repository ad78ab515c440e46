package dev.baton.engineer.sandbox.tools;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.baton.agent.tools.ToolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves a model-supplied path inside a workspace, refusing absolute paths, {@code ..}, any {@code .git}
 * component (at any depth: a nested one is as dangerous as the top one), symlinks that lead outside (or are
 * dangling), and, for writes, a symlink as the target. Use it with the sandbox frozen, so nothing can swap a
 * checked component afterwards. Stateless and thread-safe; every refusal is a {@link ToolException} whose
 * message the model can act on.
 */
public final class WorkspacePaths {
    private WorkspacePaths() {}

    /** @return the absolute path inside {@code root}; it may not exist yet */
    public static Path resolve(Path root, String relative, boolean forWrite) throws ToolException {
        if (relative == null || relative.isBlank() || relative.indexOf('\0') >= 0) {
            throw new ToolException("a path relative to the repository root is required");
        }
        Path path;
        try {
            path = Path.of(relative);
        } catch (InvalidPathException e) {
            throw new ToolException("invalid path " + relative + ": " + e.getReason());
        }
        if (path.isAbsolute()) {
            throw new ToolException("absolute paths are refused: " + relative + " (give it relative to the repository root)");
        }
        for (Path name : path) {
            if (name.toString().equals("..")) {
                throw new ToolException("'..' is refused: " + relative);
            }
            if (name.toString().equalsIgnoreCase(".git")) {
                throw new ToolException("git metadata is not accessible: " + relative);
            }
        }
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw new ToolException("path escapes the workspace: " + relative);
        }
        checkLinks(root, resolved, relative, forWrite);
        return resolved;
    }

    private static void checkLinks(Path root, Path resolved, String relative, boolean forWrite) throws ToolException {
        try {
            Path realRoot = root.toRealPath();
            Path current = root;
            for (Path name : root.relativize(resolved)) {
                current = current.resolve(name);
                if (!Files.exists(current, NOFOLLOW_LINKS)) {
                    return;
                }
                if (Files.isSymbolicLink(current)) {
                    if (forWrite && current.equals(resolved)) {
                        throw new ToolException("writing through a symlink is refused: " + relative);
                    }
                    if (!Files.exists(current) || !current.toRealPath().startsWith(realRoot)) {
                        throw new ToolException("path leads outside the workspace through a symlink: " + relative);
                    }
                }
            }
        } catch (IOException e) {
            throw new ToolException("cannot resolve " + relative + ": " + e.getMessage());
        }
    }
}
