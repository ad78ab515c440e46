package dev.baton.agent.work;

import dev.baton.agent.tools.AgentFailure;
import dev.baton.blackboard.Blackboard;
import dev.baton.protocol.Check;
import dev.baton.protocol.Codec;
import dev.baton.protocol.DeadLetter;
import dev.baton.protocol.Decoded;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Role;
import dev.baton.protocol.StageStarted;
import dev.baton.protocol.Topics;
import dev.baton.protocol.kafka.OffsetCommits;
import dev.baton.protocol.WorkOrder;
import dev.baton.protocol.WorkResult;
import dev.baton.telemetry.log.LogContext;
import dev.baton.telemetry.metrics.MetricsRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's Kafka work loop: consume the role's work topic as a consumer group, run the agent, answer on
 * {@value Topics#RESULTS}. Idempotent on the stage: a result is stored on the blackboard before it is sent, and
 * a redelivered order is answered from the store without redoing the work. Offsets are committed after the
 * results are acknowledged. A stage that runs longer than {@link #STARTED_AFTER} is reported with
 * {@link StageStarted}, so the coordinator counts the role's deadline from then, not from dispatch. Runs on its own
 * (virtual) thread.
 *
 * <p>{@link #stop(Duration)} is graceful: no new order is taken; the one in flight may finish within the grace
 * period and its offset is committed; past it, the work is abandoned (not stored, not answered, offset not
 * committed) and the consumer leaves its group, so another replica takes the order up at once.
 */
public final class WorkLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkLoop.class);

    /** Stages that end sooner are not reported as started: their result follows at once. */
    static final Duration STARTED_AFTER = Duration.ofSeconds(1);

    private final Role role;
    private final String agentId;
    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final Blackboard blackboard;
    private final Agent agent;
    /** Asynchronous, issued only after the results are acknowledged: no broker round trip per order. */
    private final OffsetCommits commits;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stage-started").factory());
    private volatile boolean running = true;
    private volatile boolean abandon;
    private volatile Thread worker;
    private volatile boolean healthy;
    private long backoffMs = 100;
    private final AgentMetrics metrics;

    /** @param metrics where the loop's figures go ({@link AgentMetrics}); the caller serves them */
    public WorkLoop(Role role, Consumer<String, byte[]> consumer, Producer<String, byte[]> producer,
            Blackboard blackboard, Agent agent, MetricsRegistry metrics) {
        this(role, role.id() + "-" + ProcessHandle.current().pid(), consumer, producer, blackboard, agent, metrics);
    }

    /**
     * @param agentId this replica's name in {@link StageStarted} (the timeline and audit show it)
     * @param metrics where the loop's figures go ({@link AgentMetrics}); the caller serves them
     */
    public WorkLoop(Role role, String agentId, Consumer<String, byte[]> consumer, Producer<String, byte[]> producer,
            Blackboard blackboard, Agent agent, MetricsRegistry metrics) {
        this.role = role;
        this.agentId = agentId;
        this.consumer = consumer;
        this.producer = producer;
        this.blackboard = blackboard;
        this.agent = agent;
        this.metrics = new AgentMetrics(metrics, role, this::healthy);
        this.commits = new OffsetCommits(consumer);
    }

    @Override
    public void run() {
        worker = Thread.currentThread();
        try {
            consumer.subscribe(List.of(role.workTopic()));
            while (running) {
                pollOnce();
            }
        } catch (WakeupException | Abandoned e) {
            // stop() ran out of grace: nothing more is committed, the order in flight is redelivered elsewhere
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            LOG.error("the {} work loop stopped unexpectedly; uncommitted orders will be redelivered", role.id(), e);
        } finally {
            healthy = false;
            running = false;
            timer.shutdownNow();
            consumer.close();
            stopped.countDown();
        }
    }

    /**
     * Handles the records of one poll, then commits them once all their results are acknowledged (one flush and
     * one commit per poll, not per record: with a fast agent the two round trips per record were the loop's
     * cost). A redelivery is answered from the stage store, so a crash before the commit redoes no work. When
     * Redis or Kafka is unavailable the loop rewinds to the last commit and retries with backoff; the stage store
     * makes the retry idempotent.
     */
    private void pollOnce() throws InterruptedException {
        var records = consumer.poll(Duration.ofMillis(200));
        var done = new HashMap<TopicPartition, OffsetAndMetadata>();
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                handle(record);
                done.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
            if (!done.isEmpty()) {
                producer.flush();
            }
            commits.commit(done); // also commits again what a failed commit left behind
            healthy = true;
            backoffMs = 100;
        } catch (WakeupException | Abandoned e) {
            throw e;
        } catch (RuntimeException e) {
            if (!running) {
                return; // stopping: what is not committed is redelivered
            }
            healthy = false;
            metrics.retried();
            LOG.warn("cannot handle a work order ({}); retrying in {} ms", e.toString(), backoffMs);
            // Nothing of this poll was committed, so each partition resumes at its committed offset.
            var committed = consumer.committed(records.partitions());
            for (TopicPartition p : records.partitions()) {
                OffsetAndMetadata c = committed.get(p);
                consumer.seek(p, c != null ? c.offset() : records.records(p).get(0).offset());
            }
            Thread.sleep(backoffMs);
            backoffMs = Math.min(5_000, backoffMs * 2);
        }
    }

    /**
     * Handles one record. Redis and Kafka failures propagate so the loop rewinds and retries (and a stop's abandon
     * ends it); any other failure is a defect that retrying cannot fix, so the record goes to the DLQ with the exception and the loop moves on (as the
     * coordinator's {@code TicketProcessor} does).
     */
    private void handle(ConsumerRecord<String, byte[]> record) {
        try {
            handleOrThrow(record);
        } catch (io.lettuce.core.RedisException | org.apache.kafka.common.KafkaException | Abandoned e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("cannot handle {}-{}@{}; dead-lettered", record.topic(), record.partition(), record.offset(), e);
            deadLetter(record, ErrorCode.UNKNOWN, "handling failed: " + e, DeadLetter.UNKNOWN_TICKET);
        }
    }

    private void handleOrThrow(ConsumerRecord<String, byte[]> record) {
        switch (Codec.decode(record.value(), Payload.WorkMessage.class)) {
            case Decoded.Failed f -> deadLetter(record, f.code(), f.reason(), f.ticketId());
            case Decoded.Ok ok -> {
                var order = (WorkOrder) ok.payload();
                if (order.role() != role) {
                    deadLetter(record, ErrorCode.WRONG_TOPIC, order.role().id() + " order on " + role.id() + " topic",
                            order.ticketId());
                    return;
                }
                try (var log = LogContext.of(order.ticketId(), order.taskId())) {
                    answer(order, ok.envelope().occurredAt());
                }
            }
        }
    }

    private void answer(WorkOrder order, Instant created) {
        Optional<String> stored = blackboard.stageResult(order.stageKey());
        String encoded = stored.orElseGet(() -> {
            metrics.started(created);
            WorkResult result = work(order);
            if (abandon) {
                throw new Abandoned();
            }
            String value = new String(Codec.encode(result), StandardCharsets.UTF_8);
            blackboard.putStageResult(order.stageKey(), value);
            return value;
        });
        if (stored.isPresent()) {
            LOG.info("stage {} was already done; re-sending its stored result", order.stageKey());
            metrics.resent();
        }
        producer.send(new ProducerRecord<>(Topics.RESULTS, order.ticketId(), encoded.getBytes(StandardCharsets.UTF_8)));
    }

    private WorkResult work(WorkOrder order) {
        LOG.info("working on {}", order.stageKey());
        ScheduledFuture<?> started = timer.schedule(() -> producer.send(new ProducerRecord<>(Topics.RESULTS,
                order.ticketId(), Codec.encode(StageStarted.of(order, agentId)))), STARTED_AFTER.toMillis(),
                TimeUnit.MILLISECONDS);
        var stage = new StageRecorder(order, blackboard, this::event);
        long startedNanos = System.nanoTime();
        WorkResult result;
        try {
            result = agent.work(order, stage);
            LOG.info("stage {} ended {}", order.stageKey(), result.outcome());
        } catch (AgentFailure e) {
            LOG.warn("stage {} failed ({}): {}", order.stageKey(), e.code(), e.getMessage());
            result = WorkResult.failed(order, e.code(), cut(e.getMessage()));
        } catch (Exception e) {
            if (abandon) {
                throw new Abandoned();
            }
            LOG.error("stage {} failed unexpectedly", order.stageKey(), e);
            result = WorkResult.failed(order, ErrorCode.AGENT_FAILED, cut(e.toString()));
        } finally {
            started.cancel(false);
        }
        metrics.ended(result.outcome(), startedNanos);
        if (!abandon) {
            event(stage.summary(result)); // an abandoned stage is neither answered nor summarised: another replica redoes it
        }
        return result;
    }

    /** A failure's reason may quote a model's answer or a tool's output: it is cut to fit, never refused. */
    private static String cut(String reason) {
        return reason != null && reason.length() > Check.MAX_TEXT ? reason.substring(0, Check.MAX_TEXT - 1) + "…" : reason;
    }

    private void event(Payload payload) {
        producer.send(new ProducerRecord<>(Topics.EVENTS, payload.ticketId(), Codec.encode(payload)));
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, ErrorCode code, String reason, String ticket) {
        LOG.warn("dead letter from {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        metrics.deadLetter(code);
        byte[] raw = record.value() == null ? new byte[0] : record.value();
        String preview = new String(raw, 0, Math.min(raw.length, DeadLetter.MAX_RAW), StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Topics.DLQ, ticket, Codec.encode(new DeadLetter(ticket, record.topic(),
                record.partition(), record.offset(), code, reason, preview, raw.length))));
    }

    /** Healthy while polls succeed and no record is being retried. */
    public boolean healthy() {
        return healthy && running;
    }

    /**
     * Stops taking orders and waits for the loop to end: the order in flight may finish within {@code grace}
     * (then its result is sent and its offset committed); past it the work is interrupted and abandoned, and its
     * order is redelivered to another replica.
     */
    public void stop(Duration grace) throws InterruptedException {
        running = false;
        if (stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        LOG.warn("the {} stage in flight did not finish within {}; abandoning it to another replica", role.id(), grace);
        abandon = true;
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
        if (!stopped.await(5, TimeUnit.SECONDS)) {
            consumer.wakeup();
            stopped.await();
        }
    }

    /** The loop's own signal that a stage in flight was abandoned on shutdown. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super("abandoned on shutdown", null, false, false);
        }
    }
}
