package dev.baton.engineer.sandbox.internal;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Owns the host side of a sandbox workspace. The workspace directory is {@code root:<sandbox gid>} with mode
 * {@code 1770}: sandbox commands may create files in it, but the sticky bit stops them from renaming or deleting
 * the root-owned {@code .git}, whose files are never writable by them. Everything else is handed to the sandbox
 * uid before each command. Call the mutating methods only while the sandbox is frozen or gone.
 */
public final class WorkspaceGuard {
    private static final int WORKSPACE_MODE = 01770;
    private final UserPrincipal sandboxUser;
    private final GroupPrincipal sandboxGroup;
    private final int sandboxUid;

    public WorkspaceGuard(int sandboxUid) throws IOException {
        var lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        this.sandboxUid = sandboxUid;
        this.sandboxUser = lookup.lookupPrincipalByName(Integer.toString(sandboxUid));
        this.sandboxGroup = lookup.lookupPrincipalByGroupName(Integer.toString(sandboxUid));
    }

    /** The uid of this process; the guard needs 0 to hand files over and keep {@code .git} root-owned. */
    public static int hostUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /** Creates {@code slot/workspace} (empty, mode 1770) inside a new private {@code slot} directory. */
    public Path create(Path slot) throws IOException {
        Files.createDirectories(slot.getParent());
        Files.createDirectory(slot);
        Files.setAttribute(slot, "unix:mode", 0700);
        Path workspace = Files.createDirectory(slot.resolve("workspace"));
        Files.setAttribute(workspace, "unix:gid", sandboxUid);
        Files.setAttribute(workspace, "unix:mode", WORKSPACE_MODE);
        return workspace;
    }

    /** Gives every entry outside {@code .git} to the sandbox uid; makes {@code .git} root-owned and read-only to it. */
    public void handOver(Path workspace, boolean lockGit) throws IOException {
        Files.setAttribute(workspace, "unix:uid", 0, NOFOLLOW_LINKS);
        Files.setAttribute(workspace, "unix:gid", sandboxUid, NOFOLLOW_LINKS);
        Files.setAttribute(workspace, "unix:mode", WORKSPACE_MODE, NOFOLLOW_LINKS);
        TreeWalker.walk(workspace, Set.of(".git"), (path, attributes, view) -> {
            if (!attributes.isSymbolicLink() && !attributes.owner().equals(sandboxUser)) {
                view.setOwner(sandboxUser);
                view.setGroup(sandboxGroup);
            }
            return true;
        });
        Path git = workspace.resolve(".git");
        if (lockGit && Files.exists(git, NOFOLLOW_LINKS)) {
            Files.walkFileTree(git, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    lock(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!attrs.isSymbolicLink()) {
                        lock(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        }
    }

    private static void lock(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", 0, NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", 0, NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:mode", mode & 07755 & ~06000, NOFOLLOW_LINKS);
    }

    /** Bytes and entries in the workspace, counting until either exceeds its limit. Safe while the sandbox runs. */
    public Usage usage(Path workspace, long maxBytes, int maxEntries) throws IOException {
        long[] totals = new long[2];
        try {
            boolean complete = TreeWalker.walk(workspace, Set.of(), (path, attributes, view) -> {
                totals[0] += attributes.isRegularFile() ? attributes.size() : 0;
                totals[1]++;
                return totals[0] <= maxBytes && totals[1] <= maxEntries;
            });
            return new Usage(totals[0], totals[1], !complete);
        } catch (TreeWalker.TooDeep e) {
            return new Usage(totals[0], totals[1], true);
        }
    }

    /**
     * Every entry named {@code .git} below the top level (nested repositories). Host git must never work inside
     * one: git runs a nested repository's own config (fsmonitor, filters) when it inspects it as a submodule.
     */
    public static List<Path> nestedGitEntries(Path workspace) throws IOException {
        var found = new ArrayList<Path>();
        TreeWalker.walk(workspace, Set.of(".git"), (path, attributes, view) -> {
            if (path.getFileName().toString().equalsIgnoreCase(".git")) {
                found.add(path);
            }
            return found.size() < 100;
        });
        return found;
    }

    /** What {@link #usage} counted; {@code exceeded} when a limit (or the depth limit) was passed. */
    public record Usage(long bytes, long entries, boolean exceeded) {}

    /** Deletes {@code slot} and everything under it, never following symlinks. */
    public static void delete(Path slot) throws IOException {
        if (!Files.exists(slot, NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(slot, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
