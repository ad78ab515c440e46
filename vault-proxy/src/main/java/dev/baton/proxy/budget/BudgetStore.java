package dev.baton.proxy.budget;

import dev.baton.protocol.Role;
import io.lettuce.core.api.sync.RedisCommands;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads and tunes budgets on the blackboard, for operators, the launcher and tests. The proxy reads them on
 * every call, so a change applies to the next call without a restart.
 *
 * <p>Thread-safe if the given commands are (Lettuce's are). Calls block: never use it on an event loop.
 * Redis failures surface as {@link io.lettuce.core.RedisException}.
 */
public final class BudgetStore {
    private final RedisCommands<String, String> redis;

    public BudgetStore(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    /** Replaces the caps of {@code role}; null fields remove that cap. */
    public void set(Role role, BudgetLimits limits) {
        String key = BudgetKeys.limits(role);
        Map<String, String> values = fields(limits);
        redis.hdel(key, BudgetKeys.TICKET_USD, BudgetKeys.DAY_USD, BudgetKeys.MONTH_USD, BudgetKeys.CALL_TOKENS);
        if (!values.isEmpty()) {
            redis.hset(key, values);
        }
    }

    /** Sets the caps that are not set yet; caps tuned live are kept. */
    public void seed(Role role, BudgetLimits defaults) {
        fields(defaults).forEach((field, value) -> redis.hsetnx(BudgetKeys.limits(role), field, value));
    }

    public BudgetLimits limits(Role role) {
        Map<String, String> hash = redis.hgetall(BudgetKeys.limits(role));
        return new BudgetLimits(decimal(hash.get(BudgetKeys.TICKET_USD)), decimal(hash.get(BudgetKeys.DAY_USD)),
                decimal(hash.get(BudgetKeys.MONTH_USD)),
                hash.containsKey(BudgetKeys.CALL_TOKENS) ? Integer.valueOf(hash.get(BudgetKeys.CALL_TOKENS)) : null);
    }

    /** USD committed on a spend counter (settled plus reservations of calls still in flight). */
    public BigDecimal committedUsd(String counterKey) {
        String micros = redis.get(counterKey);
        return micros == null ? BigDecimal.ZERO : new BigDecimal(micros).movePointLeft(6);
    }

    private static Map<String, String> fields(BudgetLimits limits) {
        Map<String, String> values = new HashMap<>();
        put(values, BudgetKeys.TICKET_USD, limits.ticketUsd());
        put(values, BudgetKeys.DAY_USD, limits.dayUsd());
        put(values, BudgetKeys.MONTH_USD, limits.monthUsd());
        if (limits.callTokens() != null) {
            values.put(BudgetKeys.CALL_TOKENS, limits.callTokens().toString());
        }
        return values;
    }

    private static void put(Map<String, String> values, String field, BigDecimal usd) {
        if (usd != null) {
            values.put(field, usd.setScale(6, RoundingMode.DOWN).stripTrailingZeros().toPlainString());
        }
    }

    private static BigDecimal decimal(String value) {
        return value == null ? null : new BigDecimal(value);
    }
}
