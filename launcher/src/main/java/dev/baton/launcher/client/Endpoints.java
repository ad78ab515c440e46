package dev.baton.launcher.client;

import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a running {@code baton up} listens, written to {@code <dir>/endpoints.json} so the other commands find
 * it. Environment variables {@code BATON_KAFKA_BOOTSTRAP} and {@code BATON_REDIS_URI} override it.
 */
public record Endpoints(String kafkaBootstrap, String redisUri, String proxyUrl, String coordinatorUrl,
        String modelUrl, boolean scriptedModel) {

    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("endpoints.json").toFile(), this);
    }

    /** What {@code <dir>/endpoints.json} holds, if it exists. */
    public static java.util.Optional<Endpoints> saved(Path dir) {
        Path file = dir.resolve("endpoints.json");
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Json.MAPPER.readValue(file.toFile(), Endpoints.class));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static Endpoints load(Path dir) {
        Path file = dir.resolve("endpoints.json");
        Endpoints saved = null;
        if (Files.exists(file)) {
            try {
                saved = Json.MAPPER.readValue(file.toFile(), Endpoints.class);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        String kafka = System.getenv().getOrDefault("BATON_KAFKA_BOOTSTRAP", saved == null ? null : saved.kafkaBootstrap);
        if (kafka == null) {
            throw new IllegalStateException("Baton is not running: no " + file
                    + ". Start it with `./baton up` (or set BATON_KAFKA_BOOTSTRAP to an existing cluster).");
        }
        return saved == null ? new Endpoints(kafka, System.getenv("BATON_REDIS_URI"), null, null, null, false)
                : new Endpoints(kafka, saved.redisUri, saved.proxyUrl, saved.coordinatorUrl, saved.modelUrl,
                        saved.scriptedModel);
    }
}
