package dev.baton.launcher.up;

import dev.baton.launcher.client.CoordinatorClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Keeps the operator token where the CLI finds it: {@code <dir>/operator-token}, readable by its owner only. */
final class OperatorToken {
    static final String FILE = CoordinatorClient.TOKEN_FILE;

    private OperatorToken() {}

    static Path save(Path dir, String token) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        return file;
    }
}
