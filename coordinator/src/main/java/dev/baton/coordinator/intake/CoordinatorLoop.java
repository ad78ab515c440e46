package dev.baton.coordinator.intake;

import dev.baton.protocol.Topics;
import dev.baton.protocol.kafka.OffsetCommits;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's consumer loop over tickets and results. Runs on its own (virtual) thread. Offsets are
 * committed only after the records before them are stored and their outputs acknowledged by Kafka, so a
 * crash anywhere redelivers and {@link TicketProcessor} repairs instead of losing or repeating. When a
 * record cannot be processed (Redis or Kafka unavailable) the loop rewinds to it and retries with backoff.
 */
public final class CoordinatorLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorLoop.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final TicketProcessor processor;
    private final OffsetCommits commits;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile boolean healthy;
    private long backoffMs = 100;

    public CoordinatorLoop(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer,
            TicketProcessor processor) {
        this.consumer = consumer;
        this.producer = producer;
        this.processor = processor;
        this.commits = new OffsetCommits(consumer);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.TICKETS, Topics.RESULTS, Topics.CONTROL));
            while (running) {
                pollOnce();
            }
        } catch (WakeupException e) {
            // stop() woke the consumer after its grace period
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            // A defect or an Error (e.g. out of memory): report unhealthy and let the process supervisor restart us.
            LOG.error("the coordinator loop stopped unexpectedly; offsets after the last commit will be redelivered", e);
        } finally {
            healthy = false;
            running = false;
            consumer.close();
            stopped.countDown();
        }
    }

    private void pollOnce() throws InterruptedException {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                processor.process(record);
                done.put(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
            commit(done);
            healthy = true;
            backoffMs = 100;
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            healthy = false;
            LOG.warn("cannot process a record ({}); retrying in {} ms from the last processed offset", e.toString(),
                    backoffMs);
            rewind(records, done);
            Thread.sleep(backoffMs);
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
    }

    /**
     * Commits asynchronously, only after the outputs are acknowledged: a lost commit means an idempotent redelivery,
     * and not waiting for it keeps a broker round trip off the handoff path. Also retries what a failed commit left.
     */
    private void commit(Map<TopicPartition, OffsetAndMetadata> done) {
        if (!done.isEmpty()) {
            producer.flush();
        }
        commits.commit(done);
    }

    private void rewind(ConsumerRecords<String, byte[]> records, Map<TopicPartition, OffsetAndMetadata> done) {
        for (TopicPartition partition : records.partitions()) {
            OffsetAndMetadata processed = done.get(partition);
            long first = records.records(partition).get(0).offset();
            consumer.seek(partition, processed == null ? first : processed.offset());
        }
        try {
            commit(done);
        } catch (RuntimeException e) {
            LOG.warn("cannot commit processed offsets yet ({}); they will be reprocessed idempotently", e.toString());
        }
    }

    public boolean healthy() {
        return healthy && running;
    }

    /** Whether the loop has ended (stopped, or died on an unexpected error). */
    public boolean ended() {
        return stopped.getCount() == 0;
    }

    /**
     * Stops taking records: the current poll's records are finished and their offsets committed, then the
     * consumer leaves its group. If that takes longer than {@code grace} (Redis or Kafka down), the consumer is
     * woken and nothing more is committed; the rest is redelivered and reprocessed idempotently.
     */
    public void stop(Duration grace) throws InterruptedException {
        running = false;
        if (!stopped.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            consumer.wakeup();
            stopped.await();
        }
    }

    public void stop() throws InterruptedException {
        stop(Duration.ofSeconds(10));
    }
}
