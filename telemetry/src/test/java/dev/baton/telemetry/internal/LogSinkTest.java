package dev.baton.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.event.Level;

class LogSinkTest {
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");
    private final LogSink json = sink("json");

    @AfterEach
    void clearContext() {
        json.mdc().clear();
    }

    @Nested
    @DisplayName("a JSON line")
    class JsonLines {
        @Test
        void shouldCarryTheStandardKeysAndTheTicketContext() {
            json.identify("agent-engineer", "engineer");
            json.mdc().put("ticketId", "t-1");
            json.mdc().put("taskId", "task-2");

            String line = json.line(AT, Level.WARN, "dev.baton.agent.work.WorkLoop", "worker-1", "stage \"x\" failed",
                    new IllegalStateException("boom"));

            assertThat(line).endsWith("}\n").doesNotContain("\n{").hasLineCount(1);
            Map<String, String> fields = MiniJson.parse(line.strip());
            assertThat(fields).containsEntry("timestamp", "2026-01-02T03:04:05.678Z").containsEntry("level", "WARN")
                    .containsEntry("logger", "dev.baton.agent.work.WorkLoop").containsEntry("thread", "worker-1")
                    .containsEntry("message", "stage \"x\" failed").containsEntry("service", "agent-engineer")
                    .containsEntry("role", "engineer").containsEntry("ticketId", "t-1").containsEntry("taskId", "task-2");
            assertThat(fields.get("exception")).startsWith("java.lang.IllegalStateException: boom\n\tat ");
        }

        @Test
        void shouldLeaveOutTheRoleTicketAndTaskWhenThereAreNone() {
            json.identify("coordinator", null);

            Map<String, String> fields = MiniJson.parse(json.line(AT, Level.INFO, "x", "main", "up", null).strip());

            assertThat(fields).containsOnlyKeys("timestamp", "level", "logger", "thread", "message", "service");
        }

        @Test
        void shouldEscapeControlCharactersAndLoneSurrogates() {
            String message = "tab\there\r\nnull\u0000 bell\u0007 lone\ud800 pair\ud83d\ude00 back\\slash";

            String line = json.line(AT, Level.INFO, "x", "main", message, null);

            assertThat(line).hasLineCount(1).contains("\\u0000", "\\u0007", "\\ud800", "\ud83d\ude00");
            assertThat(MiniJson.parse(line.strip())).containsEntry("message",
                    "tab\there\r\nnull\u0000 bell\u0007 lone\ud800 pair\ud83d\ude00 back\\slash");
        }

        @Test
        void shouldNotLetAnMdcKeyReplaceAStandardOne() {
            json.identify("coordinator", null);
            json.mdc().put("service", "forged");
            json.mdc().put("message", "forged");

            Map<String, String> fields = MiniJson.parse(json.line(AT, Level.INFO, "x", "main", "real", null).strip());

            assertThat(fields).containsEntry("service", "coordinator").containsEntry("message", "real");
        }

        @Test
        void shouldCutAHugeMessage() {
            String line = json.line(AT, Level.INFO, "x", "main", "y".repeat(100_000), null);

            assertThat(MiniJson.parse(line.strip()).get("message")).hasSizeLessThan(33_000).endsWith("more characters)");
        }
    }

    @Nested
    @DisplayName("secrets")
    class Secrets {
        @Test
        void shouldMaskRegisteredValuesInMessagesAndExceptions() {
            String operatorToken = "bop-0123456789abcdef0123456789";
            json.mask(List.of(operatorToken, "short"));

            String line = json.line(AT, Level.ERROR, "x", "main", "token " + operatorToken + " refused",
                    new RuntimeException("cannot use " + operatorToken, new IllegalStateException(operatorToken)));

            assertThat(line).doesNotContain(operatorToken).contains("token [REDACTED] refused");
        }

        @Test
        void shouldMaskSecretShapedStringsWithoutRegistration() {
            String taskToken = "bt1.eyJyb2xlIjoiZW5naW5lZXIiLCJ0aWNrZXQiOiJ0LTEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWc";
            String[] secrets = {taskToken, "sk-proj-abcdefghijklmnopqrstuvwx", "hunter2hunter2", "s3cr3t-pa55",
                    "dXNlcjpwYXNzd29yZA==", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"};
            String message = "order token " + taskToken + " key sk-proj-abcdefghijklmnopqrstuvwx redis "
                    + "redis://default:hunter2hunter2@127.0.0.1:6379 password=s3cr3t-pa55 "
                    + "Authorization: Basic dXNlcjpwYXNzd29yZA== push ghp_abcdefghijklmnopqrstuvwxyz0123456789";

            String line = json.line(AT, Level.INFO, "x", "main", message, new RuntimeException(message));

            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
            assertThat(line).contains("redis://default:[REDACTED]@127.0.0.1:6379", "password=[REDACTED]",
                    "Basic [REDACTED]");
        }

        @Test
        void shouldLeaveOrdinaryTextAlone() {
            String message = "model call role=engineer ticket=t-1 task=task-1 tokens=120/45 costUsd=0.0012 ms=30";

            assertThat(MiniJson.parse(json.line(AT, Level.INFO, "x", "main", message, null).strip()))
                    .containsEntry("message", message);
        }
    }

    @Nested
    @DisplayName("settings")
    class Settings {
        @Test
        void shouldWriteTextWhenAsked() {
            LogSink text = sink("text");
            text.mdc().put("ticketId", "t-9");
            try {
                String line = text.line(AT, Level.INFO, "dev.baton.coordinator.Coordinator", "main", "hello", null);

                assertThat(line).isEqualTo("2026-01-02T03:04:05.678Z INFO  [main] Coordinator - hello ticketId=t-9"
                        + System.lineSeparator());
            } finally {
                text.mdc().clear();
            }
        }

        @Test
        void shouldApplyTheLongestMatchingLoggerPrefix() {
            LogSettings settings = LogSettings.load(Map.of("BATON_LOG_LEVELS", "dev.baton=debug,dev.baton.proxy=error"),
                    new Properties(), problem -> { throw new AssertionError(problem); });

            assertThat(settings.threshold("dev.baton.coordinator.X")).isEqualTo(Level.DEBUG.toInt());
            assertThat(settings.threshold("dev.baton.proxy.chat.X")).isEqualTo(Level.ERROR.toInt());
            assertThat(settings.threshold("dev.batonish.X")).isEqualTo(Level.INFO.toInt());
            assertThat(settings.threshold("org.apache.kafka.clients.NetworkClient")).isEqualTo(Level.WARN.toInt());
        }

        @Test
        void shouldReportBadValuesAndKeepTheDefaults() {
            var problems = new java.util.ArrayList<String>();
            Properties system = new Properties();
            system.setProperty("baton.log.format", "xml");
            system.setProperty("baton.log.level", "loud");

            LogSettings settings = LogSettings.load(Map.of("BATON_LOG_LEVELS", "nonsense,x=verbose"), system,
                    problems::add);

            assertThat(settings.json()).isTrue();
            assertThat(settings.threshold("dev.baton.X")).isEqualTo(Level.INFO.toInt());
            assertThat(problems).hasSize(4).anyMatch(p -> p.contains("'xml'")).anyMatch(p -> p.contains("'loud'"))
                    .anyMatch(p -> p.contains("'nonsense'")).anyMatch(p -> p.contains("'verbose'"));
        }
    }

    @Test
    void shouldFindThisBackendThroughSlf4j() {
        assertThat(org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName())
                .startsWith(BatonLogProvider.class.getName());
        MDC.put("ticketId", "t-5");
        try {
            assertThat(LogSink.get().mdc().get("ticketId")).isEqualTo("t-5");
        } finally {
            MDC.clear();
        }
    }

    private static LogSink sink(String format) {
        Properties system = new Properties();
        system.setProperty("baton.log.format", format);
        return new LogSink(LogSettings.load(Map.of(), system, problem -> { }));
    }

    /** Reads one log line with Jackson: it must be exactly one JSON object of strings. */
    static final class MiniJson {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper();

        static Map<String, String> parse(String line) {
            try {
                var node = MAPPER.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                var out = new java.util.LinkedHashMap<String, String>();
                node.properties().forEach(e -> {
                    assertThat(e.getValue().isTextual()).as(e.getKey()).isTrue();
                    out.put(e.getKey(), e.getValue().asText());
                });
                return out;
            } catch (com.fasterxml.jackson.core.JacksonException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
    }
}
