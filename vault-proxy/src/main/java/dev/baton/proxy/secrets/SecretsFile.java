package dev.baton.proxy.secrets;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A secrets file in Java properties form ({@code provider_key=sk-...}, one per line), named by the
 * environment variable {@code BATON_SECRETS_FILE}. It must be a regular file owned by the proxy's user
 * with no permission bits for group or others (0600 or 0400); anything looser is refused, because then
 * another local user or an agent container sharing the volume could read the keys.
 */
public final class SecretsFile {
    /** The environment variable naming the file. */
    public static final String ENV = "BATON_SECRETS_FILE";

    private static final Set<PosixFilePermission> FORBIDDEN = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private SecretsFile() {}

    /**
     * Reads the file after checking its owner and permissions.
     *
     * @throws SecretStoreException naming the file and the fix if it is missing, not a regular file, owned by
     *     another user, readable or writable by group or others, unreadable or not valid properties text
     */
    public static SecretStore load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SecretStoreException("secrets file " + file + " (" + ENV + ") does not exist or is not a "
                    + "regular file: create it, or unset " + ENV);
        }
        try {
            checkPermissions(file);
            var properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            Map<String, String> secrets = new HashMap<>();
            properties.stringPropertyNames().forEach(name -> secrets.put(name, properties.getProperty(name).trim()));
            return new MapSecretStore(secrets);
        } catch (IOException | IllegalArgumentException e) {
            throw new SecretStoreException("cannot read secrets file " + file + " (" + ENV + "): "
                    + e.getClass().getSimpleName() + ": fix the file so it is readable name=value lines");
        }
    }

    private static void checkPermissions(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
        loose.addAll(permissions);
        loose.retainAll(FORBIDDEN);
        if (!loose.isEmpty()) {
            throw new SecretStoreException("secrets file " + file + " (" + ENV + ") has permissions "
                    + PosixFilePermissions.toString(permissions)
                    + ", which let other users read or change it; refusing to start: run chmod 600 " + file);
        }
        Object owner = Files.getAttribute(file, "unix:uid");
        Path self = Path.of("/proc/self");
        Object user = Files.exists(self) ? Files.getAttribute(self, "unix:uid") : owner;
        if (!owner.equals(user)) {
            throw new SecretStoreException("secrets file " + file + " (" + ENV + ") is owned by uid " + owner
                    + ", not by the proxy's uid " + user + "; refusing to start: chown it to the proxy's user");
        }
    }
}
