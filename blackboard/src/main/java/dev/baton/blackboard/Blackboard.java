package dev.baton.blackboard;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.baton.protocol.Json;
import dev.baton.protocol.StageKey;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Redis blackboard: tickets and their plans, commits and reviews, with compare-and-set writes.
 *
 * <p>Thread-safe: one Lettuce connection is shared by all callers. Calls block (use virtual threads, never
 * an event loop). A Redis outage surfaces as {@link io.lettuce.core.RedisException}; Lettuce reconnects by
 * itself and the next call succeeds once Redis is back.
 */
public final class Blackboard implements AutoCloseable {
    private static final Duration OUTBOX_TTL = Duration.ofDays(7);
    private static final TypeReference<List<OutboxRecord>> OUTBOX_LIST = new TypeReference<>() {};

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String casScript = resource("cas.lua");
    private final String casSha;

    private Blackboard(RedisClient client) {
        this.client = client;
        this.connection = client.connect();
        this.redis = connection.sync();
        this.casSha = redis.digest(casScript);
    }

    /**
     * Connects to {@code redisUri}, e.g. {@code redis://user:pass@host:6379}. While Redis is unreachable calls fail
     * at once (rather than queueing) and Lettuce keeps reconnecting, so callers can back off, report unhealthy
     * and retry.
     */
    public static Blackboard connect(String redisUri) {
        RedisClient client = RedisClient.create(redisUri);
        client.setDefaultTimeout(Duration.ofSeconds(10));
        client.setOptions(io.lettuce.core.ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(io.lettuce.core.TimeoutOptions.enabled(Duration.ofSeconds(10)))
                .build());
        return new Blackboard(client);
    }

    /** The raw commands, for modules that keep their own keys (budgets, spend) on the same connection. */
    public RedisCommands<String, String> redis() {
        return redis;
    }

    public Optional<Versioned<TicketRecord>> ticket(String id) {
        Map<String, String> hash = redis.hgetall(Keys.ticket(id));
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Versioned<>(read(hash.get("record"), TicketRecord.class),
                Long.parseLong(hash.get("version"))));
    }

    /** Creates a ticket at version 1; {@link CasResult#STALE} if it exists already. */
    public CasResult create(TicketRecord record, String messageId, List<OutboxRecord> outbox) {
        CasResult result = write(record, 0, messageId, outbox, null);
        if (result == CasResult.APPLIED) {
            redis.zadd(Keys.TICKETS, record.createdAt().toEpochMilli(), record.id());
        }
        return result;
    }

    /**
     * Replaces the ticket if its version is still {@code expectedVersion} and {@code messageId} was not
     * applied before, storing {@code outbox} with it atomically.
     */
    public CasResult update(TicketRecord record, long expectedVersion, String messageId, List<OutboxRecord> outbox) {
        return write(record, expectedVersion, messageId, outbox, null);
    }

    /**
     * Like {@link #update(TicketRecord, long, String, List)}, and in the same atomic write revokes the ticket's
     * task tokens issued until {@code revokeTokens} (see {@link #revokeTicket}), when not null.
     */
    public CasResult update(TicketRecord record, long expectedVersion, String messageId, List<OutboxRecord> outbox,
            java.time.Instant revokeTokens) {
        return write(record, expectedVersion, messageId, outbox, revokeTokens);
    }

    /** What applying {@code messageId} to the ticket produced, to re-send after a crash. */
    public List<OutboxRecord> outbox(String ticketId, String messageId) {
        String json = redis.get(Keys.outbox(ticketId, messageId));
        return json == null ? List.of() : read(json, OUTBOX_LIST);
    }

    /** Whether {@code messageId} was applied to the ticket by a compare-and-set write. */
    public boolean applied(String ticketId, String messageId) {
        return redis.sismember(Keys.applied(ticketId), messageId);
    }

    public boolean fleetHalted() {
        return "1".equals(redis.get(Keys.FLEET_HALTED));
    }

    /**
     * Turns the kill switch on or off. Halting also revokes every task token issued until now, so no agent's
     * model call or push succeeds after it.
     */
    public void setFleetHalted(boolean halted, java.time.Instant now) {
        if (halted) {
            redis.set(dev.baton.protocol.token.TokenRevocation.ALL, dev.baton.protocol.token.TokenRevocation.cutoff(now));
            redis.set(Keys.FLEET_HALTED, "1");
        } else {
            redis.del(Keys.FLEET_HALTED);
        }
    }

    /**
     * Revokes every task token of one ticket issued until {@code now} (cancel). The cut-off only ever moves
     * forward, so concurrent writers cannot un-revoke a token; it expires after {@link #REVOCATION_TTL}, far beyond
     * any token's lifetime.
     */
    public void revokeTicket(String ticketId, java.time.Instant now) {
        redis.eval(RAISE_CUTOFF, ScriptOutputType.INTEGER,
                new String[] {dev.baton.protocol.token.TokenRevocation.ticketKey(ticketId)},
                dev.baton.protocol.token.TokenRevocation.cutoff(now), Long.toString(REVOCATION_TTL.toMillis()));
    }

    /** How long a ticket's revocation cut-off is kept. */
    public static final Duration REVOCATION_TTL = Duration.ofDays(7);

    private static final String RAISE_CUTOFF = """
            local current = tonumber(redis.call('GET', KEYS[1]) or '-1') or -1
            if tonumber(ARGV[1]) > current then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            end
            return 0""";

    /** Indexes when the ticket's current stage times out, or removes it from the index (null). */
    public void trackDeadline(String ticketId, java.time.Instant dueAt) {
        if (dueAt == null) {
            redis.zrem(Keys.DEADLINES, ticketId);
        } else {
            redis.zadd(Keys.DEADLINES, dueAt.toEpochMilli(), ticketId);
        }
    }

    /** Tickets whose indexed deadline is at or before {@code now}. */
    public List<String> dueTickets(java.time.Instant now, int limit) {
        return redis.zrangebyscore(Keys.DEADLINES,
                io.lettuce.core.Range.create(0, (double) now.toEpochMilli()), io.lettuce.core.Limit.create(0, limit));
    }

    /** Ticket ids, newest first. */
    public List<String> ticketIds(int limit) {
        return redis.zrevrange(Keys.TICKETS, 0, limit - 1L);
    }

    /** An agent's stored result for a stage, so a redelivered work order is answered without redoing it. */
    public Optional<String> stageResult(StageKey stage) {
        return Optional.ofNullable(redis.get(Keys.stage(stage)));
    }

    /** Records a stage's model transcript (JSON), for audit and replay. */
    public void putTranscript(StageKey stage, String json) {
        redis.setex(Keys.transcript(stage), OUTBOX_TTL.toSeconds() * 4, json);
    }

    public Optional<String> transcript(StageKey stage) {
        return Optional.ofNullable(redis.get(Keys.transcript(stage)));
    }

    public void putStageResult(StageKey stage, String encodedResult) {
        redis.setex(Keys.stage(stage), OUTBOX_TTL.toSeconds(), encodedResult);
    }

    private CasResult write(TicketRecord record, long expected, String messageId, List<OutboxRecord> outbox,
            java.time.Instant revokeTokens) {
        String id = record.id();
        String[] keys = {Keys.ticket(id), Keys.applied(id), Keys.outbox(id, messageId == null ? "-" : messageId),
                dev.baton.protocol.token.TokenRevocation.ticketKey(id)};
        String[] args = {Long.toString(expected), json(record), messageId == null ? "" : messageId,
                outbox.isEmpty() ? "" : json(outbox), Long.toString(OUTBOX_TTL.toSeconds()),
                revokeTokens == null ? "" : dev.baton.protocol.token.TokenRevocation.cutoff(revokeTokens),
                Long.toString(REVOCATION_TTL.toMillis())};
        long version = evalCas(keys, args);
        return version == -2 ? CasResult.DUPLICATE : version == -1 ? CasResult.STALE : CasResult.APPLIED;
    }

    private long evalCas(String[] keys, String[] args) {
        try {
            return redis.evalsha(casSha, ScriptOutputType.INTEGER, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(casScript, ScriptOutputType.INTEGER, keys, args);
        }
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt blackboard value of " + type.getSimpleName(), e);
        }
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt blackboard value", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Blackboard.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
