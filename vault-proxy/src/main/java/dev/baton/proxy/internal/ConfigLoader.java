package dev.baton.proxy.internal;

import dev.baton.protocol.Role;
import dev.baton.protocol.config.ConfigException;
import dev.baton.protocol.config.ConfigSource;
import dev.baton.proxy.Price;
import dev.baton.proxy.ProxyConfig;
import dev.baton.proxy.Route;
import dev.baton.proxy.Upstream;
import dev.baton.proxy.budget.BudgetLimits;
import dev.baton.proxy.git.GitForwarder;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@link ProxyConfig} from a {@link ConfigSource}; the key scheme is documented in the README. */
public final class ConfigLoader {
    public static final String DEFAULT_UPSTREAM = "default";
    private static final String PRICE_FIX = "set a non-negative USD amount per million tokens";

    private ConfigLoader() {}

    public static ProxyConfig load(ConfigSource source) {
        Duration timeout = source.duration("proxy.timeout", Duration.ofSeconds(120));
        Map<String, Upstream> upstreams = new LinkedHashMap<>();
        for (String name : list(source.string("proxy.upstreams", DEFAULT_UPSTREAM))) {
            upstreams.put(name, upstream(source, name, timeout));
        }
        Map<Role, Route> routes = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            Route route = route(source, role);
            for (Route.Target target : route.targets()) {
                if (!upstreams.containsKey(target.upstream())) {
                    throw new ConfigException("proxy.route." + role.id(), "names upstream '" + target.upstream()
                            + "', which is not in proxy.upstreams " + upstreams.keySet(),
                            "add it to proxy.upstreams or fix the route");
                }
            }
            routes.put(role, route);
        }
        Map<Role, BudgetLimits> budgets = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            budgets.put(role, budget(source, role));
        }
        String field = source.string("proxy.max-tokens-field", "max_tokens");
        if (!List.of("max_tokens", "max_completion_tokens").contains(field)) {
            throw new ConfigException("proxy.max-tokens-field", "is '" + field + "'",
                    "use max_tokens or max_completion_tokens");
        }
        return new ProxyConfig(source.string("proxy.host", "127.0.0.1"), source.integer("proxy.port", 8090, 0, 65535),
                upstreams, routes, source.integer("proxy.max-request-bytes", 8 << 20, 1024, 64 << 20),
                source.string("redis.uri", "redis://127.0.0.1:6379"), source.string("kafka.bootstrap", "127.0.0.1:9092"),
                budgets, source.integer("proxy.default-max-tokens", 4096, 1, 10_000_000), field,
                source.duration("proxy.audit.body-ttl", Duration.ofDays(7)), GitConfigLoader.load(source),
                idleTimeout(source, upstreams));
    }

    /**
     * {@code proxy.idle-timeout}: by default a minute more than the longest silence a call in progress may have
     * (the slowest upstream's timeout, or the git relay's); set lower than an upstream's timeout it would cut calls.
     */
    private static Duration idleTimeout(ConfigSource source, Map<String, Upstream> upstreams) {
        Duration slowest = upstreams.values().stream().map(Upstream::timeout).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        Duration silence = slowest.compareTo(GitForwarder.REMOTE_IDLE_TIMEOUT) > 0 ? slowest
                : GitForwarder.REMOTE_IDLE_TIMEOUT;
        Duration idle = source.duration("proxy.idle-timeout", silence.plusMinutes(1));
        if (idle.compareTo(slowest) <= 0) {
            throw new ConfigException("proxy.idle-timeout", "is " + idle.toSeconds() + "s, not longer than the "
                    + "slowest upstream's timeout (" + slowest.toSeconds() + "s)",
                    "set it above every proxy.upstream.<name>.timeout, or leave it unset");
        }
        return idle;
    }

    private static BudgetLimits budget(ConfigSource source, Role role) {
        String prefix = "budget." + role.id() + ".";
        return new BudgetLimits(optionalDecimal(source, prefix + "ticket-usd"),
                optionalDecimal(source, prefix + "day-usd"), optionalDecimal(source, prefix + "month-usd"),
                source.find(prefix + "call-tokens").isPresent()
                        ? source.integer(prefix + "call-tokens", 0, 1, 10_000_000) : null);
    }

    private static BigDecimal optionalDecimal(ConfigSource source, String key) {
        return source.find(key).isPresent() ? decimal(source, key, "set a non-negative USD amount") : null;
    }

    private static Upstream upstream(ConfigSource source, String name, Duration timeout) {
        String prefix = "proxy.upstream." + name + ".";
        boolean isDefault = name.equals(DEFAULT_UPSTREAM);
        String urlKey = prefix + "url";
        String url = source.find(urlKey).or(() -> isDefault ? source.find("proxy.upstream.url") : Optional.empty())
                .orElseThrow(() -> new ConfigException(isDefault ? "proxy.upstream.url" : urlKey, "is not set",
                        "set it to the provider's OpenAI-compatible base URL, e.g. https://api.openai.com/v1"));
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
            throw new ConfigException(urlKey, "is '" + url + "'", "use an absolute http(s) URL");
        }
        String secret = source.find(prefix + "key-secret")
                .or(() -> isDefault ? source.find("proxy.upstream.key-secret") : Optional.empty())
                .orElse(isDefault ? "provider_key" : "provider_key_" + name);
        Optional<String> keySecret = secret.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(secret);
        return new Upstream(name, uri, keySecret, source.duration(prefix + "timeout", timeout));
    }

    private static Route route(ConfigSource source, Role role) {
        String routeKey = "proxy.route." + role.id();
        List<Route.Target> targets = new ArrayList<>();
        Optional<String> spec = source.find(routeKey);
        if (spec.isPresent()) {
            for (String entry : list(spec.get())) {
                int at = entry.lastIndexOf('@');
                if (at <= 0 || at == entry.length() - 1) {
                    throw new ConfigException(routeKey, "has entry '" + entry + "'",
                            "write entries as model@upstream, comma-separated, e.g. gpt-4.1@openai,llama3:8b@local");
                }
                targets.add(new Route.Target(entry.substring(0, at), entry.substring(at + 1)));
            }
        } else {
            String model = source.required("proxy.model." + role.id(),
                    "set the model for the " + role.id() + " role, or proxy.route." + role.id());
            targets.add(new Route.Target(model.trim(), DEFAULT_UPSTREAM));
        }
        return new Route(role, targets, new Price(
                decimal(source, "proxy.price." + role.id() + ".input", PRICE_FIX),
                decimal(source, "proxy.price." + role.id() + ".output", PRICE_FIX)));
    }

    private static BigDecimal decimal(ConfigSource source, String key, String fix) {
        String value = source.string(key, "0");
        try {
            BigDecimal parsed = new BigDecimal(value.trim());
            if (parsed.signum() >= 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(key, "is '" + value + "'", fix);
    }

    private static List<String> list(String csv) {
        return List.of(csv.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
