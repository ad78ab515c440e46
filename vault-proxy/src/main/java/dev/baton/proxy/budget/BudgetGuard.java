package dev.baton.proxy.budget;

import dev.baton.proxy.Price;
import dev.baton.proxy.internal.Resources;
import dev.baton.proxy.internal.VertxFutures;
import dev.baton.proxy.token.Caller;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.vertx.core.Future;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Enforces budgets: before a call, atomically reserves its worst case against the role's per-ticket, per-day
 * and per-month caps (one Lua script reads the caps and the spend and adds the reservation, so concurrent
 * calls, also from several proxies, can never overshoot); after it, replaces the reservation with the actual
 * cost. Caps are read from Redis on every call.
 *
 * <p>Thread-safe and non-blocking. A Redis failure fails the returned future (the call is refused, never
 * let through unmetered). The guarantee assumes the upstream honours {@code max_tokens}, which the proxy
 * always sets; a provider that bills more than the granted tokens is settled at its actual cost.
 */
public final class BudgetGuard {
    private static final String RESERVE = Resources.text(BudgetGuard.class, "reserve.lua");
    private static final String SETTLE = Resources.text(BudgetGuard.class, "settle.lua");
    private static final long[] TTL_SECONDS = {
        Duration.ofDays(90).toSeconds(), Duration.ofDays(3).toSeconds(), Duration.ofDays(40).toSeconds()};

    private final RedisAsyncCommands<String, String> redis;
    private final Clock clock;
    private final long defaultOutputTokens;

    public BudgetGuard(RedisAsyncCommands<String, String> redis, Clock clock, long defaultOutputTokens) {
        this.redis = redis;
        this.clock = clock;
        this.defaultOutputTokens = defaultOutputTokens;
    }

    /**
     * Reserves {@code promptTokens} (an upper bound) plus the output limit: {@code requestedOutput} if the
     * agent set one, else the default, clamped to the role's {@code call-tokens}. Fails with
     * {@link BudgetExceeded} when the worst case does not fit under every cap.
     */
    public Future<Reservation> reserve(Caller caller, Price price, long promptTokens, long requestedOutput) {
        List<String> counters = BudgetKeys.counters(caller.role(), caller.ticketId(), clock.instant());
        String[] keys = {BudgetKeys.limits(caller.role()), counters.get(0), counters.get(1), counters.get(2)};
        String[] args = {Long.toString(promptTokens), Long.toString(Math.max(0, requestedOutput)),
            Long.toString(defaultOutputTokens), price.inputPerMillion().toPlainString(),
            price.outputPerMillion().toPlainString(), Long.toString(TTL_SECONDS[0]), Long.toString(TTL_SECONDS[1]),
            Long.toString(TTL_SECONDS[2])};
        return VertxFutures.of(redis.<List<Object>>eval(RESERVE, ScriptOutputType.MULTI, keys, args))
                .map(result -> outcome(caller, counters, result));
    }

    /** Replaces the reservation with {@code actualMicros}. */
    public Future<Void> settle(Reservation reservation, long actualMicros) {
        String delta = Long.toString(actualMicros - reservation.reservedMicros());
        return VertxFutures.of(redis.<Long>eval(SETTLE, ScriptOutputType.INTEGER,
                reservation.counters().toArray(String[]::new), delta)).mapEmpty();
    }

    private static Reservation outcome(Caller caller, List<String> counters, List<Object> result) {
        if (((Long) result.get(0)) == 1L) {
            return new Reservation(counters, (Long) result.get(2), (Long) result.get(1));
        }
        String period = String.valueOf(result.get(1));
        String scope = "role=" + caller.role().id() + ",period=" + period
                + (period.equals("ticket") ? ",ticket=" + caller.ticketId() : "");
        throw new BudgetExceeded(scope, usd((Long) result.get(2)), usd((Long) result.get(3)));
    }

    /** Micro-USD as USD. */
    public static BigDecimal usd(long micros) {
        BigDecimal usd = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        return usd.scale() < 0 ? usd.setScale(0) : usd;
    }
}
