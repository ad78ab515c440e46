package dev.baton.agent.work;

import dev.baton.protocol.WorkOrder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A fresh directory per work order, deleted when closed. */
public final class Workspaces {
    private Workspaces() {}

    public record Dir(Path path) implements AutoCloseable {
        @Override
        public void close() {
            deleteTree(path.getParent());
        }
    }

    /** Returns a not-yet-existing {@code repo} directory inside a new per-stage directory. */
    public static Dir create(Path workDir, WorkOrder order) {
        try {
            Files.createDirectories(workDir);
            Path stage = Files.createTempDirectory(workDir, order.stageKey().toString().replace('/', '_') + "-");
            return new Dir(stage.resolve("repo"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a workspace under " + workDir, e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
