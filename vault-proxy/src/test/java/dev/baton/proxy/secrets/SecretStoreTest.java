package dev.baton.proxy.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {
    @TempDir
    Path dir;

    Path secretsFile(String permissions) throws Exception {
        Path file = dir.resolve("secrets.properties");
        Files.writeString(file, "provider_key=sk-from-file\ntoken_key=from-file-too\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void shouldPreferTheEnvironmentOverTheFile() throws Exception {
        Path file = secretsFile("rw-------");
        SecretStore store = SecretStore.fromEnvironment(Map.of(
                "BATON_SECRETS_FILE", file.toString(), "BATON_SECRET_PROVIDER_KEY", "sk-from-env"));

        assertThat(store.find("provider_key")).hasValue("sk-from-env");
        assertThat(store.find("TOKEN-KEY")).hasValue("from-file-too");
        assertThat(store.values()).contains("sk-from-env", "from-file-too");
    }

    @Test
    void shouldRefuseAFileReadableByOthers() throws Exception {
        Path file = secretsFile("rw-r--r--");

        assertThatThrownBy(() -> SecretStore.fromEnvironment(Map.of("BATON_SECRETS_FILE", file.toString())))
                .isInstanceOf(SecretStoreException.class)
                .hasMessageContaining("chmod 600")
                .hasMessageNotContaining("sk-from-file");
    }

    @Test
    void shouldAcceptAReadOnlyOwnerFile() throws Exception {
        Path file = secretsFile("r--------");

        assertThat(SecretsFile.load(file).find("provider_key")).hasValue("sk-from-file");
    }

    @Test
    void shouldRefuseAMissingFile() {
        assertThatThrownBy(() -> SecretsFile.load(dir.resolve("nope")))
                .isInstanceOf(SecretStoreException.class).hasMessageContaining("BATON_SECRETS_FILE");
    }

    @Test
    void shouldNeverShowValuesInToString() {
        assertThat(SecretStore.of(Map.of("provider_key", "sk-secret")).toString()).doesNotContain("sk-secret");
    }
}
