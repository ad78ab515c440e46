package dev.baton.agent.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.agent.AgentConfig;
import dev.baton.protocol.Codec;
import dev.baton.protocol.DeadLetter;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Plan;
import dev.baton.protocol.Role;
import dev.baton.protocol.Task;
import dev.baton.protocol.Topics;
import dev.baton.protocol.Verdict;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.TopicRecords;
import dev.baton.testkit.fuzz.FuzzReport;
import dev.baton.testkit.fuzz.HealthSampler;
import dev.baton.testkit.fuzz.TopicFuzz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fuzz of the agents' work topics ({@code baton.work.pm}, {@code .engineer}, {@code .reviewer}):
 * {@value #INPUTS_DEFAULT} seeded records each (valid orders, bad JSON, wrong types, huge values, invalid UTF-8,
 * missing fields, other roles' orders and other message types) against a running {@link AgentService} of the role
 * on the real broker and its own Redis. Every record must end as a dead letter naming its offset with a reason, or
 * as a result for its stage on {@code baton.results}; the group must commit past every record (agents take one
 * record per poll, so a burst of quick ones is many commits); the agent must stay healthy throughout and then
 * complete a valid order. The agent under test is the runtime every role shares (work loop, stage store, workspaces); its
 * {@link Agent} answers from the order instead of running a model loop, which the role agents' own tests cover.
 * Knobs: {@code -Dbaton.fuzz.seed}, {@code -Dbaton.fuzz.inputs}.
 */
@BatonInfra
@DisplayName("fuzz: agents' work topics")
class WorkFuzzIT {
    static final int INPUTS_DEFAULT = 10_000;
    static final long SEED = Long.getLong("baton.fuzz.seed", 20261122L);
    static final int INPUTS = Integer.getInteger("baton.fuzz.inputs", INPUTS_DEFAULT);

    static RedisServer redis;
    static KafkaProducer<String, byte[]> producer;
    static String bootstrap;
    static Path workDir;

    @BeforeAll
    static void start(KafkaBroker kafka) throws Exception {
        bootstrap = kafka.bootstrapServers();
        redis = RedisServer.start();
        producer = KafkaClients.producer(bootstrap, "work-fuzz-it");
        workDir = Files.createTempDirectory("work-fuzz");
    }

    @AfterAll
    static void stop() {
        producer.close();
        redis.close();
    }

    @ParameterizedTest(name = "baton.work.{0}")
    @EnumSource(Role.class)
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    @DisplayName("every record on a role's work topic is dead-lettered with a reason or answered for its stage")
    void shouldDeadLetterOrAnswerEveryRecordOnTheWorkTopic(Role role) throws Exception {
        String topic = role.workTopic();
        var fuzzer = new WorkFuzzer(new Random(SEED + role.ordinal()), role,
                "wf-" + role.id() + "-" + UUID.randomUUID().toString().substring(0, 6));
        var report = new FuzzReport("agent-" + role.id(), topic, SEED);
        List<byte[]> values = new ArrayList<>(INPUTS);
        for (int i = 0; i < INPUTS; i++) {
            byte[] value = fuzzer.next();
            String problem = TopicFuzz.deadLetterProblem(value, Payload.WorkMessage.class);
            if (problem != null) {
                report.problem("Codec.decode throws or the dead letter cannot be built", problem);
            }
            values.add(value);
        }
        var fuzz = new TopicFuzz(bootstrap, "baton-" + role.id());
        var config = new AgentConfig(role, bootstrap, redis.uri(), "http://127.0.0.1:9", 5, Duration.ofSeconds(5),
                workDir, Duration.ofMinutes(1), 100_000, "127.0.0.1", 0);
        try (var service = new AgentService(config, WorkFuzzIT::answer)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> AgentServiceIT.health(service) == 200);
            List<TopicFuzz.Sent> sent;
            boolean consumed;
            long unhealthy;
            try (var sampler = new HealthSampler(() -> healthy(service))) {
                sent = fuzz.send(producer, topic, values, new Random(SEED ^ topic.hashCode()));
                consumed = fuzz.awaitConsumed(sent, Duration.ofMinutes(2).plusMillis(INPUTS * 60L),
                        Duration.ofSeconds(30));
                sampler.close();
                unhealthy = sampler.unhealthy();
            }
            classify(report, sent, fuzz.deadLetters(topic), results(), role);
            report.print();

            assertThat(consumed).as("the agent's group committed past every record").isTrue();
            assertThat(report.unacceptable()).as("the first of each kind:\n%s", report.firstProblems()).isZero();
            assertThat(unhealthy).as("samples of /healthz not 200 while fuzzing").isZero();
            WorkOrder valid = fuzzer.order(role);
            producer.send(new ProducerRecord<>(topic, valid.ticketId(), Codec.encode(valid))).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> results().get(valid.stageKey().toString()) != null);
            assertThat(results().get(valid.stageKey().toString())).as("the valid order after the fuzz")
                    .isNotEqualTo(WorkResult.Outcome.FAILED);
        } finally {
            fuzz.skipToEnd(List.of(topic));
        }
    }

    private static void classify(FuzzReport report, List<TopicFuzz.Sent> sent, Map<String, DeadLetter> letters,
            Map<String, WorkResult.Outcome> answers, Role role) {
        for (TopicFuzz.Sent input : sent) {
            DeadLetter letter = letters.get(input.origin());
            WorkOrder order = Codec.decode(input.value(), Payload.WorkMessage.class) instanceof Decoded.Ok ok
                    && ok.payload() instanceof WorkOrder o && o.role() == role ? o : null;
            WorkResult.Outcome answer = order == null ? null : answers.get(order.stageKey().toString());
            if (letter != null) {
                report.outcome("dead letter " + letter.code());
                if (letter.reason().isBlank() || letter.code() == ErrorCode.UNKNOWN || letter.code() == ErrorCode.NONE) {
                    report.problem("a dead letter without a reason or with an unexpected-error code",
                            input.describe() + " -> " + letter.code() + " '" + letter.reason() + "'");
                }
            } else if (answer != null) {
                report.outcome("answered " + answer);
            } else {
                report.outcome("unanswered");
                report.problem("neither a dead letter nor a result for its stage", input.describe());
            }
        }
    }

    /** The outcome of every result on {@code baton.results}, by stage key. */
    private static Map<String, WorkResult.Outcome> results() {
        Map<String, WorkResult.Outcome> outcomes = new HashMap<>();
        for (var record : TopicRecords.readAll(bootstrap, Topics.RESULTS)) {
            if (Codec.decode(record.value(), Payload.ResultMessage.class) instanceof Decoded.Ok ok
                    && ok.payload() instanceof WorkResult result) {
                outcomes.put(result.stageKey().toString(), result.outcome());
            }
        }
        return outcomes;
    }

    private static boolean healthy(AgentService service) {
        try {
            return AgentServiceIT.health(service) == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * What every role's agent does with what reaches it: a workspace named after the order's stage, then its answer;
     * here a plan, a commit id or a verdict derived from the order.
     */
    private static WorkResult answer(WorkOrder order, java.util.function.Consumer<Payload> events) throws Exception {
        try (var dir = Workspaces.create(workDir, order)) {
            Files.createDirectories(dir.path());
            Files.writeString(dir.path().resolve("ORDER"), order.stageKey().toString());
            return switch (order.role()) {
                case PM -> WorkResult.planned(order, new Plan("Plan for " + order.ticket().title(), List.of(
                        new Task("task-1", "Do it", "", List.of(), List.of("it is done"), null))));
                case ENGINEER -> WorkResult.committed(order, String.format("%040x", order.stageKey().hashCode()),
                        List.of());
                case REVIEWER -> WorkResult.reviewed(order, new Verdict(Verdict.Decision.APPROVED, List.of(
                        new Verdict.CriterionVerdict(order.task().acceptanceCriteria().getFirst(), true, "recorded",
                                "")), "approved"));
            };
        }
    }
}
