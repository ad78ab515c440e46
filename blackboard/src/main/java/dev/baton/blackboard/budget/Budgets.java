package dev.baton.blackboard.budget;

import dev.baton.protocol.Role;
import io.lettuce.core.api.sync.RedisCommands;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and tunes each role's budget on the blackboard, with the keys the vault proxy enforces (see
 * {@code vault-proxy/README.md}). The proxy reads the caps on every call, so a change applies to the next call.
 *
 * <pre>
 * baton:budget:{role}                HASH   ticket-usd, day-usd, month-usd (decimal USD), call-tokens
 * baton:spend:{role}:ticket:T        STRING micro-USD committed by ticket T
 * baton:spend:{role}:day:YYYY-MM-DD  STRING micro-USD committed in the UTC day
 * baton:spend:{role}:month:YYYY-MM   STRING micro-USD committed in the UTC month
 * </pre>
 *
 * <p>Thread-safe if the given commands are (Lettuce's are). Calls block: never use it on an event loop. Redis
 * failures surface as {@link io.lettuce.core.RedisException}.
 */
public final class Budgets {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

    private final RedisCommands<String, String> redis;
    private final Clock clock;

    public Budgets(RedisCommands<String, String> redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** The role's caps and its spend today and this month. */
    public RoleBudget read(Role role) {
        Instant now = clock.instant();
        return new RoleBudget(role, caps(role), usd(daySpendKey(role, now)), usd(monthSpendKey(role, now)));
    }

    /** The caps that are set; a cap not in the map is no cap. */
    public Map<Cap, BigDecimal> caps(Role role) {
        Map<String, String> hash = redis.hgetall(capsKey(role));
        Map<Cap, BigDecimal> caps = new EnumMap<>(Cap.class);
        for (Cap cap : Cap.values()) {
            parse(hash.get(cap.field())).ifPresent(value -> caps.put(cap, value));
        }
        return caps;
    }

    /**
     * Changes the given caps: a present value sets the cap, an empty one removes it; caps not in
     * {@code changes} are kept.
     *
     * @throws IllegalArgumentException for a negative cap or a {@link Cap#CALL_TOKENS} that is not a whole
     *     number of at least 1
     */
    public void change(Role role, Map<Cap, Optional<BigDecimal>> changes) {
        Map<String, String> set = new HashMap<>();
        List<String> remove = new java.util.ArrayList<>();
        changes.forEach((cap, value) -> value.ifPresentOrElse(v -> set.put(cap.field(), format(cap, v)),
                () -> remove.add(cap.field())));
        if (!set.isEmpty()) {
            redis.hset(capsKey(role), set);
        }
        if (!remove.isEmpty()) {
            redis.hdel(capsKey(role), remove.toArray(String[]::new));
        }
    }

    /** USD the role's calls on one ticket have committed. */
    public BigDecimal spentOnTicket(Role role, String ticketId) {
        return usd(ticketSpendKey(role, ticketId));
    }

    /** USD all roles' calls on one ticket have committed. */
    public BigDecimal spentOnTicket(String ticketId) {
        BigDecimal total = BigDecimal.ZERO;
        for (Role role : Role.values()) {
            total = total.add(spentOnTicket(role, ticketId));
        }
        return total;
    }

    public static String capsKey(Role role) {
        return "baton:budget:{" + role.id() + "}";
    }

    public static String ticketSpendKey(Role role, String ticketId) {
        return spendPrefix(role) + ":ticket:" + ticketId;
    }

    public static String daySpendKey(Role role, Instant at) {
        return spendPrefix(role) + ":day:" + DAY.format(at);
    }

    public static String monthSpendKey(Role role, Instant at) {
        return spendPrefix(role) + ":month:" + MONTH.format(at);
    }

    private static String spendPrefix(Role role) {
        return "baton:spend:{" + role.id() + "}";
    }

    static String format(Cap cap, BigDecimal value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException(cap.field() + " must not be negative, got " + value.toPlainString());
        }
        if (cap.isUsd()) {
            return value.setScale(6, RoundingMode.DOWN).stripTrailingZeros().toPlainString();
        }
        try {
            int tokens = value.intValueExact();
            if (tokens >= 1) {
                return Integer.toString(tokens);
            }
        } catch (ArithmeticException e) {
            // reported below
        }
        throw new IllegalArgumentException(cap.field() + " must be a whole number of at least 1, got "
                + value.toPlainString());
    }

    private BigDecimal usd(String key) {
        String micros = redis.get(key);
        return micros == null ? BigDecimal.ZERO : new BigDecimal(micros).movePointLeft(6);
    }

    private static Optional<BigDecimal> parse(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(new BigDecimal(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.of(BigDecimal.ZERO); // the proxy treats an unreadable cap as 0 (fails closed)
        }
    }
}
