package dev.baton.engineer.sandbox.internal;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns the host side of a sandbox workspace: a private {@code slot} directory holding the {@code workspace} the
 * sandbox mounts; the workspace's git directory is not in it at all (see {@code Sandbox.gitDir()}). Two ways to
 * run. As the sandbox uid itself (docker-compose.yml): every workspace file is then already the sandbox's, nothing
 * is handed over, and the engineer needs no capability. As root: the workspace directory (the mount point) is
 * {@code root:<sandbox gid>} with mode {@code 1770}, so sandbox commands may create files in it but not change it,
 * and everything in it is handed to the sandbox uid before each command. Call the mutating methods only while the
 * sandbox is frozen or gone.
 */
public final class WorkspaceGuard {
    private static final int WORKSPACE_MODE = 01770;
    private static final int PRIVATE = 0700;
    private final UserPrincipal sandboxUser;
    private final GroupPrincipal sandboxGroup;
    private final int sandboxUid;
    private final boolean root;

    private WorkspaceGuard(int sandboxUid, boolean root) throws IOException {
        var lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        this.sandboxUid = sandboxUid;
        this.root = root;
        this.sandboxUser = lookup.lookupPrincipalByName(Integer.toString(sandboxUid));
        this.sandboxGroup = lookup.lookupPrincipalByGroupName(Integer.toString(sandboxUid));
    }

    /**
     * The guard for this process.
     *
     * @throws IllegalStateException when this process runs neither as root nor as {@code sandboxUid}
     */
    public static WorkspaceGuard forThisProcess(int sandboxUid) throws IOException {
        int uid = hostUid();
        if (uid != 0 && uid != sandboxUid) {
            throw new IllegalStateException("the engineer runs as uid " + uid + ": run it as the sandbox uid "
                    + sandboxUid + " (the workspaces are then its own files) or as root (it hands them over)");
        }
        return new WorkspaceGuard(sandboxUid, uid == 0);
    }

    /** The uid of this process. */
    public static int hostUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /** Creates {@code slot/workspace}, empty, inside a new private {@code slot} directory. */
    public Path create(Path slot) throws IOException {
        Files.createDirectories(slot.getParent());
        Files.createDirectory(slot);
        Files.setAttribute(slot, "unix:mode", PRIVATE);
        Path workspace = Files.createDirectory(slot.resolve("workspace"));
        if (root) {
            Files.setAttribute(workspace, "unix:gid", sandboxUid);
        }
        Files.setAttribute(workspace, "unix:mode", root ? WORKSPACE_MODE : PRIVATE);
        return workspace;
    }

    /**
     * As root, gives every entry of the workspace to the sandbox uid; the workspace directory itself stays root's.
     * As the sandbox uid there is nothing to hand over.
     */
    public void handOver(Path workspace) throws IOException {
        if (!root) {
            return;
        }
        Files.setAttribute(workspace, "unix:uid", 0, NOFOLLOW_LINKS);
        Files.setAttribute(workspace, "unix:gid", sandboxUid, NOFOLLOW_LINKS);
        Files.setAttribute(workspace, "unix:mode", WORKSPACE_MODE, NOFOLLOW_LINKS);
        TreeWalker.walk(workspace, (path, attributes, view) -> {
            if (!attributes.isSymbolicLink() && !attributes.owner().equals(sandboxUser)) {
                view.setOwner(sandboxUser);
                view.setGroup(sandboxGroup);
            }
            return true;
        });
    }

    /** Bytes and entries in the workspace, counting until either exceeds its limit. Safe while the sandbox runs. */
    public Usage usage(Path workspace, long maxBytes, int maxEntries) throws IOException {
        long[] totals = new long[2];
        try {
            boolean complete = TreeWalker.walk(workspace, (path, attributes, view) -> {
                totals[0] += attributes.isRegularFile() ? attributes.size() : 0;
                totals[1]++;
                return totals[0] <= maxBytes && totals[1] <= maxEntries;
            });
            return new Usage(totals[0], totals[1], !complete);
        } catch (TreeWalker.TooDeep | AccessDeniedException e) {
            // too deep, or a directory the sandbox locked against its owner: its size cannot be known
            return new Usage(totals[0], totals[1], true);
        }
    }

    /**
     * Every entry named {@code .git} in the workspace, the top level included: a repository the sandbox made.
     * Host git must never work inside one: git runs a nested repository's own config (fsmonitor, filters) when it
     * inspects it as a submodule, and would run a top-level one's if anything ever let git discover it.
     */
    public static List<Path> nestedGitEntries(Path workspace) throws IOException {
        var found = new ArrayList<Path>();
        TreeWalker.walk(workspace, (path, attributes, view) -> {
            if (path.getFileName().toString().equalsIgnoreCase(".git")) {
                found.add(path);
            }
            return found.size() < 100;
        });
        return found;
    }

    /** What {@link #usage} counted; {@code exceeded} when a limit (or the depth limit) was passed. */
    public record Usage(long bytes, long entries, boolean exceeded) {}

    /**
     * Deletes {@code slot} and everything under it, never following symlinks. Directories are first made their
     * owner's to list and change again: a sandbox running as the engineer's uid may have locked its own (mode 000).
     */
    public static void delete(Path slot) throws IOException {
        if (!Files.exists(slot, NOFOLLOW_LINKS)) {
            return;
        }
        try {
            TreeWalker.walk(slot, (path, attributes, view) -> {
                if (attributes.isDirectory()) {
                    view.setPermissions(PosixFilePermissions.fromString("rwx------"));
                }
                return true;
            });
        } catch (TreeWalker.TooDeep e) {
            // deeper directories are deleted only if they still let their owner in
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
