package dev.baton.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The log files of a {@code baton up} run, each line read as one JSON object of strings with at least
 * {@code timestamp, level, logger, thread, message} and {@code service} naming the file's service. Reading fails
 * on the first line that is not.
 */
final class ServiceLogs {
    private static final Set<String> REQUIRED = Set.of("timestamp", "level", "logger", "thread", "message", "service");

    private final Map<String, List<Map<String, String>>> byService;

    private ServiceLogs(Map<String, List<Map<String, String>>> byService) {
        this.byService = byService;
    }

    static ServiceLogs read(Path logs) throws IOException {
        Map<String, List<Map<String, String>>> all = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.sorted().toList()) {
                String service = file.getFileName().toString().replaceFirst("\\.log$", "");
                List<Map<String, String>> lines = new ArrayList<>();
                for (String line : Files.readAllLines(file)) {
                    if (!line.isEmpty()) {
                        lines.add(line(file, line, service));
                    }
                }
                assertThat(lines).as(file + " has log lines").isNotEmpty();
                all.put(service, lines);
            }
        }
        return new ServiceLogs(all);
    }

    private static Map<String, String> line(Path file, String line, String service) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("a line of " + file + " is not JSON: " + line, e);
        }
        assertThat(node.isObject()).as("one JSON object per line in " + file + ": " + line).isTrue();
        Map<String, String> fields = new LinkedHashMap<>();
        node.properties().forEach(f -> {
            assertThat(f.getValue().isTextual()).as(f.getKey() + " is a string in " + line).isTrue();
            fields.put(f.getKey(), f.getValue().asText());
        });
        assertThat(fields).as(line).containsKeys(REQUIRED.toArray(String[]::new)).containsEntry("service", service);
        assertThat(java.time.Instant.parse(fields.get("timestamp"))).isNotNull();
        assertThat(fields.get("level")).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
        return fields;
    }

    Set<String> services() {
        return byService.keySet();
    }

    List<Map<String, String>> lines(String service) {
        return byService.getOrDefault(service, List.of());
    }
}
