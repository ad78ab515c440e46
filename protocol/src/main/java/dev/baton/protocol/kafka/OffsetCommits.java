package dev.baton.protocol.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a consumer loop's processed offsets asynchronously (the loop calls it only after the outputs are
 * acknowledged), one commit in flight at a time, and commits again on the next call what a retriable failure left
 * uncommitted, so a burst of quick records cannot leave the group behind for good. Offsets a non-retriable failure
 * refused (the partition moved to another member) are dropped: their records are redelivered there and processed
 * idempotently. Not thread-safe: call it on the consumer's thread, where the commit callbacks also run.
 */
public final class OffsetCommits {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommits.class);

    private final Consumer<?, ?> consumer;
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private boolean inFlight;

    public OffsetCommits(Consumer<?, ?> consumer) {
        this.consumer = consumer;
    }

    /** Adds {@code answered} (may be empty) and commits everything pending, unless a commit is on its way. */
    public void commit(Map<TopicPartition, OffsetAndMetadata> answered) {
        pending.putAll(answered);
        if (inFlight || pending.isEmpty()) {
            return;
        }
        inFlight = true;
        consumer.commitAsync(Map.copyOf(pending), this::completed);
    }

    private void completed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception e) {
        inFlight = false;
        if (e == null || !(e instanceof RetriableException)) {
            offsets.forEach(pending::remove); // only where no later offset was added meanwhile
        }
        if (e != null) {
            LOG.warn("cannot commit offsets {} ({}); {}", offsets, e.toString(), e instanceof RetriableException
                    ? "committing them again with the next poll" : "their records will be redelivered and processed "
                    + "idempotently");
        }
    }
}
