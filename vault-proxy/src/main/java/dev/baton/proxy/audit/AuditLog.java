package dev.baton.proxy.audit;

import dev.baton.protocol.BudgetEvent;
import dev.baton.protocol.Codec;
import dev.baton.protocol.ModelCall;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Topics;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every proxied call: a {@link ModelCall} (or {@link BudgetEvent}) on {@value Topics#EVENTS} keyed
 * by ticket, and the redacted request and response bodies on the blackboard under their SHA-256, for replay:
 * {@code baton:audit:body:SHA256} STRING (with a TTL).
 *
 * <p>Thread-safe. Never blocks its caller: Kafka sends run on one background thread (in order); a failed
 * send or store is logged and does not fail the call. Callers must pass redacted bodies only.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Producer<String, byte[]> producer;
    private final RedisAsyncCommands<String, String> redis;
    private final Duration bodyTtl;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "vault-proxy-audit");
        thread.setDaemon(true);
        return thread;
    });

    public AuditLog(Producer<String, byte[]> producer, RedisAsyncCommands<String, String> redis, Duration bodyTtl) {
        this.producer = producer;
        this.redis = redis;
        this.bodyTtl = bodyTtl;
    }

    public static String bodyKey(String sha256) {
        return "baton:audit:body:" + sha256;
    }

    /** Stores a redacted body under its hash and returns the hash. */
    public String keep(byte[] redactedBody) {
        String sha = sha256(redactedBody);
        redis.set(bodyKey(sha), new String(redactedBody, StandardCharsets.UTF_8), SetArgs.Builder.ex(bodyTtl))
                .exceptionally(e -> {
                    LOG.warn("cannot keep audit body {}: {}", sha, e.toString());
                    return null;
                });
        return sha;
    }

    /** Publishes an event on {@value Topics#EVENTS}. */
    public void publish(Payload.EventMessage event) {
        sender.execute(() -> producer.send(new ProducerRecord<>(Topics.EVENTS, event.ticketId(), Codec.encode(event)),
                (metadata, e) -> {
                    if (e != null) {
                        LOG.warn("audit event for ticket {} not recorded: {}", event.ticketId(), e.toString());
                    }
                }));
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Sends what is queued (waiting up to 10 s) and closes the producer. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
