package dev.baton.proxy.git;

import dev.baton.protocol.secrets.DiffSecretScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Looks inside a push before it reaches the remote: fetches the remote's branches into a local cache
 * repository, indexes the pushed pack into a quarantine object directory (deleted afterwards, so refused
 * objects never stay), refuses non-fast-forward updates, and scans every new commit's added lines for
 * secrets. Blocking (runs git): call from a worker thread. Thread-safe: pushes to one remote are inspected
 * one at a time.
 */
final class PushInspector {
    private static final int MAX_COMMITS = 1000;

    private final Path workDir;
    private final DiffSecretScanner scanner;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    PushInspector(Path workDir, DiffSecretScanner scanner) {
        this.workDir = workDir;
        this.scanner = scanner;
    }

    /** Why the push must be refused, or empty if it may go on. */
    Optional<String> inspect(GitRemote remote, String authorization, PushCommands commands, byte[] body) {
        synchronized (locks.computeIfAbsent(remote.name(), k -> new Object())) {
            Path cache = cache(remote, authorization);
            Path quarantine = createDirectories(cache.resolve("quarantine-" + System.nanoTime()));
            try {
                Map<String, String> env = Map.of("GIT_OBJECT_DIRECTORY", quarantine.toString(),
                        "GIT_ALTERNATE_OBJECT_DIRECTORIES", cache.resolve("objects").toString());
                createDirectories(quarantine.resolve("pack"));
                byte[] pack = Arrays.copyOfRange(body, commands.packOffset(), body.length);
                if (pack.length > 0) {
                    GitCli.Result indexed = GitCli.run(cache, null, env, pack, "index-pack", "--stdin", "--fix-thin");
                    if (!indexed.ok()) {
                        return Optional.of("the pushed pack cannot be read: " + firstLine(indexed.stderr()));
                    }
                }
                for (PushCommands.Update update : commands.updates()) {
                    Optional<String> refusal = check(cache, env, update);
                    if (refusal.isPresent()) {
                        return refusal;
                    }
                }
                return Optional.empty();
            } finally {
                deleteTree(quarantine);
            }
        }
    }

    private Optional<String> check(Path cache, Map<String, String> env, PushCommands.Update update) {
        if (!update.isCreate()) {
            GitCli.Result ancestor = GitCli.run(cache, null, env, null, "merge-base", "--is-ancestor",
                    update.oldId(), update.newId());
            if (ancestor.exitCode() == 1) {
                return Optional.of("force push refused: " + update.ref() + " would not fast-forward");
            }
            if (!ancestor.ok()) {
                return Optional.of("cannot verify the update of " + update.ref() + ": " + firstLine(ancestor.stderr()));
            }
        }
        GitCli.Result commits = GitCli.run(cache, null, env, null, "rev-list", "-n", Integer.toString(MAX_COMMITS + 1),
                update.newId(), "--not", "--remotes=origin");
        if (!commits.ok()) {
            return Optional.of("cannot list the pushed commits: " + firstLine(commits.stderr()));
        }
        List<String> ids = commits.stdout().lines().filter(l -> !l.isBlank()).toList();
        if (ids.size() > MAX_COMMITS) {
            return Optional.of("the push has more than " + MAX_COMMITS + " new commits; push smaller pieces");
        }
        List<String> findings = new ArrayList<>();
        for (String id : ids) {
            GitCli.Result diff = GitCli.run(cache, null, env, null, "show", "--format=", "-p", "--unified=0",
                    "--no-color", "--no-ext-diff", "--no-textconv", "--diff-merges=first-parent", id);
            if (!diff.ok()) {
                return Optional.of("cannot read commit " + id + ": " + firstLine(diff.stderr()));
            }
            for (DiffSecretScanner.Finding finding : scanner.scan(diff.stdout())) {
                findings.add("commit " + id.substring(0, Math.min(12, id.length())) + " " + finding);
            }
        }
        return findings.isEmpty() ? Optional.empty() : Optional.of("secret found, push refused: "
                + String.join("; ", findings.stream().limit(5).toList()));
    }

    private Path cache(GitRemote remote, String authorization) {
        Path cache = workDir.resolve(remote.name() + ".git");
        if (!Files.isDirectory(cache.resolve("objects"))) {
            createDirectories(cache);
            GitCli.Result init = GitCli.run(cache, null, null, "init", "-q", "--bare");
            if (!init.ok()) {
                throw new IllegalStateException("cannot create the relay cache " + cache + ": " + init.stderr());
            }
        }
        GitCli.Result fetch = GitCli.run(cache, authorization, null, "fetch", "-q", "--no-tags", "--prune",
                remote.url().toString(), "+refs/heads/*:refs/remotes/origin/*");
        if (!fetch.ok()) {
            throw new IllegalStateException("cannot fetch " + remote.name() + " to inspect a push: "
                    + firstLine(fetch.stderr()));
        }
        return cache;
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").strip();
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover quarantine holds only refused or already-pushed objects; next start may remove it
        }
    }
}
