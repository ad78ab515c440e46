package dev.baton.agent.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.agent.AgentConfig;
import dev.baton.protocol.Codec;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Plan;
import dev.baton.protocol.Role;
import dev.baton.protocol.StageStarted;
import dev.baton.protocol.StageSummary;
import dev.baton.protocol.Task;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.ToolCall;
import dev.baton.protocol.Topics;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import dev.baton.protocol.kafka.KafkaClients;
import dev.baton.testkit.BatonInfra;
import dev.baton.testkit.KafkaBroker;
import dev.baton.testkit.PrometheusText;
import dev.baton.testkit.RedisServer;
import dev.baton.testkit.TopicRecords;
import io.lettuce.core.RedisClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** An agent service against the real broker and its own Redis, which the test makes unavailable for a while. */
@BatonInfra
class AgentServiceIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static int health(AgentService service) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.healthPort() + "/healthz"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static List<WorkResult> results(String bootstrap, String ticket) {
        return TopicRecords.readAll(bootstrap, Topics.RESULTS).stream()
                .map(r -> Codec.decode(r.value(), Payload.ResultMessage.class))
                .filter(d -> d instanceof Decoded.Ok ok && ok.payload().ticketId().equals(ticket)
                        && ok.payload() instanceof WorkResult)
                .map(d -> (WorkResult) ((Decoded.Ok) d).payload()).toList();
    }

    static List<StageStarted> starts(String bootstrap, String ticket) {
        return TopicRecords.readAll(bootstrap, Topics.RESULTS).stream()
                .map(r -> Codec.decode(r.value(), Payload.ResultMessage.class))
                .filter(d -> d instanceof Decoded.Ok ok && ok.payload() instanceof StageStarted s
                        && s.ticketId().equals(ticket))
                .map(d -> (StageStarted) ((Decoded.Ok) d).payload()).toList();
    }

    static WorkOrder order(String ticket) {
        return new WorkOrder(ticket, Role.PM, WorkOrder.PLAN_TASK, 1, 1, "tok",
                new TicketSubmitted(ticket, "r", null, "T", "", "it"), null, "baton/" + ticket, null,
                List.of(), null, List.of());
    }

    static AgentConfig config(String bootstrap, String redisUri) throws java.io.IOException {
        return new AgentConfig(Role.PM, bootstrap, redisUri, "http://127.0.0.1:9", 5, Duration.ofSeconds(5),
                Files.createTempDirectory("agent-it"), Duration.ofMinutes(1), 100_000, "127.0.0.1", 0);
    }

    static final Plan PLAN = new Plan("", List.of(new Task("task-1", "T", "", List.of(), List.of("c"), null)));

    /**
     * SIGTERM runs {@link AgentService#close(Duration)}. A stage that finishes within the grace period is answered
     * and committed (no replica redoes it); one that does not is interrupted, neither stored nor answered, and the
     * order goes to the other replica, which answers it once.
     */
    @Test
    void shouldFinishTheStageInFlightOnAGracefulStopAndHandAnUnfinishedOneToAnotherReplica(KafkaBroker kafka,
            RedisServer redis) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        String quick = "q-" + UUID.randomUUID().toString().substring(0, 8);
        String slow = "s-" + UUID.randomUUID().toString().substring(0, 8);
        var workedBy = new java.util.concurrent.ConcurrentHashMap<String, List<String>>();
        var interrupted = new java.util.concurrent.CountDownLatch(1);
        Agent first = (order, events) -> {
            workedBy.computeIfAbsent(order.ticketId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add("first");
            try {
                Thread.sleep(order.ticketId().equals(quick) ? 1_500 : 120_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return WorkResult.planned(order, PLAN);
        };
        Agent second = (order, events) -> {
            workedBy.computeIfAbsent(order.ticketId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add("second");
            return WorkResult.planned(order, PLAN);
        };
        try (var producer = KafkaClients.producer(bootstrap, "agent-it-graceful")) {
            var firstService = new AgentService(config(bootstrap, redis.uri()), first);
            await().atMost(Duration.ofSeconds(30)).until(() -> health(firstService) == 200);
            producer.send(new ProducerRecord<>(Topics.WORK_PM, quick, Codec.encode(order(quick)))).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> workedBy.containsKey(quick));
            firstService.close(Duration.ofSeconds(20));
            assertThat(results(bootstrap, quick)).as("finished within the grace period and answered").hasSize(1);
            assertThat(starts(bootstrap, quick)).as("a stage longer than a second is reported as taken up")
                    .singleElement().satisfies(s -> assertThat(s.agent()).startsWith("pm-"));

            var again = new AgentService(config(bootstrap, redis.uri()), first);
            producer.send(new ProducerRecord<>(Topics.WORK_PM, slow, Codec.encode(order(slow)))).get();
            await().atMost(Duration.ofSeconds(30)).until(() -> workedBy.containsKey(slow));
            try (var other = new AgentService(config(bootstrap, redis.uri()), second)) {
                again.close(Duration.ofSeconds(1));
                assertThat(interrupted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                await().atMost(Duration.ofSeconds(60)).until(() -> results(bootstrap, slow).size() == 1);
                Thread.sleep(2_000); // a second answer, if any, would be on its way by now
                assertThat(results(bootstrap, slow)).as("answered once, by the replica that took it over").hasSize(1);
                assertThat(workedBy.get(slow)).containsExactly("first", "second");
                assertThat(workedBy.get(quick)).as("the committed stage is not redone").containsExactly("first");
            }
        }
    }

    @Test
    void shouldReportUnhealthyWhileRedisIsUnavailableAndFinishTheWorkOnceItIsBack(KafkaBroker kafka) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        try (RedisServer redis = RedisServer.start(); RedisClient admin = closeable(RedisClient.create(redis.uri()))) {
            var config = new AgentConfig(Role.PM, bootstrap, redis.uri(), "http://127.0.0.1:9", 5,
                    Duration.ofSeconds(5), Files.createTempDirectory("agent-it"), Duration.ofMinutes(1), 100_000,
                    "127.0.0.1", 0);
            var worked = new AtomicInteger();
            var plan = new Plan("", List.of(new Task("task-1", "T", "", List.of(), List.of("c"), null)));
            try (var service = new AgentService(config, (order, events) -> {
                worked.incrementAndGet();
                return WorkResult.planned(order, plan);
            }); var producer = KafkaClients.producer(bootstrap, "agent-it"); var redisAdmin = admin.connect()) {
                await().atMost(Duration.ofSeconds(30)).until(() -> health(service) == 200);

                redisAdmin.sync().configSet("requirepass", "locked-out-for-the-test");
                redisAdmin.sync().clientKill(new io.lettuce.core.KillArgs().skipme());
                String ticket = "a-" + UUID.randomUUID().toString().substring(0, 8);
                producer.send(new ProducerRecord<>(Topics.WORK_PM, ticket, Codec.encode(order(ticket)))).get();

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> health(service) == 503);
                assertThat(results(bootstrap, ticket)).isEmpty();

                try (var again = admin.connect(io.lettuce.core.RedisURI.builder(io.lettuce.core.RedisURI.create(redis.uri()))
                        .withPassword("locked-out-for-the-test".toCharArray()).build())) {
                    again.sync().configSet("requirepass", "");
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> results(bootstrap, ticket).size() == 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> health(service) == 200);
                assertThat(worked).hasValue(1);
                var metrics = PrometheusText.parse(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + service.healthPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(metrics.value("baton_agent_stages_total", Map.of("role", "pm", "outcome", "planned")))
                        .isEqualTo(1);
                assertThat(metrics.value("baton_agent_retries_total", Map.of("role", "pm"))).isPositive();
                assertThat(metrics.value("baton_agent_handoff_seconds_count", Map.of("role", "pm"))).isEqualTo(1);
                assertThat(metrics.value("baton_agent_up")).isEqualTo(1);
            }
        }
    }

    static List<StageSummary> summaries(String bootstrap, String ticket) {
        return TopicRecords.readAll(bootstrap, Topics.EVENTS).stream()
                .map(r -> Codec.decode(r.value(), Payload.EventMessage.class))
                .filter(d -> d instanceof Decoded.Ok ok && ok.payload() instanceof StageSummary s
                        && s.ticketId().equals(ticket))
                .map(d -> (StageSummary) ((Decoded.Ok) d).payload()).toList();
    }

    @Test
    void shouldSummariseEveryStageDoneOrFailedWithALinkToItsTranscript(KafkaBroker kafka, RedisServer redis)
            throws Exception {
        String bootstrap = kafka.bootstrapServers();
        var config = config(bootstrap, redis.uri());
        String done = "s-" + UUID.randomUUID().toString().substring(0, 8);
        String failed = "s-" + UUID.randomUUID().toString().substring(0, 8);
        var plan = new Plan("", List.of(new Task("task-1", "T", "", List.of(), List.of("c"), null)));
        Agent agent = (order, events) -> {
            var stage = (StageContext) events;
            stage.modelCall(120, 30);
            events.accept(new ToolCall(order.ticketId(), order.taskId(), Role.PM, "read_file", "{}", null, 1, "", false));
            stage.modelCall(200, 40);
            events.accept(new ToolCall(order.ticketId(), order.taskId(), Role.PM, "read_file", "{}", null, 1, "", false));
            events.accept(new ToolCall(order.ticketId(), order.taskId(), Role.PM, "write_file", "{}", null, 0, "", true));
            if (order.ticketId().equals(failed)) {
                throw new dev.baton.agent.tools.AgentFailure(ErrorCode.AGENT_FAILED, "stuck: the same error 3 times");
            }
            stage.stopped("submit_plan accepted at step 2");
            return WorkResult.planned(order, plan);
        };
        try (var service = new AgentService(config, agent); var producer = KafkaClients.producer(bootstrap, "agent-it")) {
            producer.send(new ProducerRecord<>(Topics.WORK_PM, done, Codec.encode(order(done)))).get();
            producer.send(new ProducerRecord<>(Topics.WORK_PM, failed, Codec.encode(order(failed)))).get();

            await().atMost(Duration.ofSeconds(60)).until(() -> results(bootstrap, failed).size() == 1
                    && results(bootstrap, done).size() == 1);
        }

        assertThat(summaries(bootstrap, done)).singleElement().satisfies(s -> {
            assertThat(s.role()).isEqualTo(Role.PM);
            assertThat(s.taskId()).isEqualTo(WorkOrder.PLAN_TASK);
            assertThat(s.steps()).isEqualTo(2);
            assertThat(s.tokensIn()).isEqualTo(320);
            assertThat(s.tokensOut()).isEqualTo(70);
            assertThat(s.toolCalls()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("read_file", 2, "write_file", 1));
            assertThat(s.outcome()).isEqualTo(WorkResult.Outcome.PLANNED);
            assertThat(s.code()).isEqualTo(ErrorCode.NONE);
            assertThat(s.stopReason()).isEqualTo("submit_plan accepted at step 2");
            assertThat(s.transcriptKey()).isEqualTo(dev.baton.blackboard.Keys.transcript(order(done).stageKey()));
            assertThat(s.transcriptPath()).isEqualTo("/api/tickets/" + done + "/transcripts/pm/plan/1/1");
        });
        assertThat(summaries(bootstrap, failed)).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(WorkResult.Outcome.FAILED);
            assertThat(s.code()).isEqualTo(ErrorCode.AGENT_FAILED);
            assertThat(s.stopReason()).isEqualTo("stuck: the same error 3 times");
            assertThat(s.steps()).isEqualTo(2);
        });
    }

    @Test
    void shouldFailTheStageWithTheReasonCutWhenTheAgentThrowsAHugeMessageAndServeTheNext(KafkaBroker kafka,
            RedisServer redis) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        String broken = "h-" + UUID.randomUUID().toString().substring(0, 8);
        String fine = broken + "-next";
        Agent agent = (order, events) -> {
            if (order.ticketId().equals(broken)) {
                throw new IllegalStateException("x".repeat(100_000)); // e.g. a model's whole answer quoted
            }
            return WorkResult.planned(order, PLAN);
        };
        try (var service = new AgentService(config(bootstrap, redis.uri()), agent);
                var producer = KafkaClients.producer(bootstrap, "agent-it")) {
            for (String ticket : List.of(broken, fine)) {
                producer.send(new ProducerRecord<>(Topics.WORK_PM, ticket, Codec.encode(order(ticket)))).get();
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> results(bootstrap, fine).size() == 1);
            assertThat(results(bootstrap, broken)).singleElement().satisfies(result -> {
                assertThat(result.outcome()).isEqualTo(WorkResult.Outcome.FAILED);
                assertThat(result.failure().reason()).startsWith("java.lang.IllegalStateException: xxx")
                        .hasSize(dev.baton.protocol.Check.MAX_TEXT).endsWith("…");
            });
            assertThat(health(service)).isEqualTo(200);
        }
    }

    private static RedisClient closeable(RedisClient client) {
        return client;
    }
}
