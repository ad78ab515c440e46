package dev.baton.engineer.sandbox.internal;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Walks a directory tree through open directory handles ({@code openat}, {@code O_NOFOLLOW}): a symlink or a
 * directory swapped for one while the walk runs is never followed, so the walk stays inside the tree even
 * when code in a running sandbox races it.
 */
final class TreeWalker {
    static final int MAX_DEPTH = 128;

    /** Called for each entry; returning false stops the walk. */
    interface Visitor {
        boolean visit(Path relative, PosixFileAttributes attributes, PosixFileAttributeView view) throws IOException;
    }

    /** Thrown (and caught by the caller) when the tree is deeper than {@link #MAX_DEPTH}. */
    static final class TooDeep extends IOException {
        TooDeep(Path at) {
            super("directory tree deeper than " + MAX_DEPTH + " levels at " + at);
        }
    }

    private TreeWalker() {}

    /** Walks every entry under {@code root}; returns false if the visitor stopped it. */
    static boolean walk(Path root, Visitor visitor) throws IOException {
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
            if (!(top instanceof SecureDirectoryStream<Path> secure)) {
                throw new IOException("this platform cannot walk directories safely (no SecureDirectoryStream)");
            }
            return walk(secure, Path.of(""), visitor, 0);
        }
    }

    private static boolean walk(SecureDirectoryStream<Path> dir, Path relative, Visitor visitor, int depth)
            throws IOException {
        if (depth > MAX_DEPTH) {
            throw new TooDeep(relative);
        }
        for (Path entry : dir) {
            Path name = entry.getFileName();
            var view = dir.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW_LINKS);
            PosixFileAttributes attributes;
            try {
                attributes = view.readAttributes();
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // deleted while we looked
            }
            if (!visitor.visit(relative.resolve(name), attributes, view)) {
                return false;
            }
            if (attributes.isDirectory()) {
                try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, NOFOLLOW_LINKS)) {
                    if (!walk(child, relative.resolve(name), visitor, depth + 1)) {
                        return false;
                    }
                } catch (java.nio.file.NoSuchFileException | java.nio.file.FileSystemLoopException gone) {
                    // deleted or swapped for a symlink while we looked: not followed
                }
            }
        }
        return true;
    }
}
