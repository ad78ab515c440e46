package dev.baton.coordinator;

import dev.baton.protocol.config.ConfigException;
import dev.baton.protocol.config.ConfigSource;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operators who may use the HTTP API, by name, each with a bearer token: {@code coordinator.operators}
 * ({@code name=token,…} in env {@code BATON_COORDINATOR_OPERATORS}, or a JSON object in the config file) plus
 * {@code coordinator.operator-token}, the single shared token of earlier versions, as operator
 * {@value #DEFAULT_NAME}. Tokens are at least {@value #MIN_TOKEN} characters and distinct, so a token names exactly
 * one operator. Immutable; {@link #toString()} never shows a token.
 *
 * @param tokens token by operator name; empty when none is configured
 */
public record Operators(Map<String, String> tokens) {
    public static final int MIN_TOKEN = 16;
    public static final String DEFAULT_NAME = "operator";
    static final String TOKEN_KEY = "coordinator.operator-token";
    static final String OPERATORS_KEY = "coordinator.operators";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final String TOKEN_FIX = "use a random secret of at least " + MIN_TOKEN
            + " characters, e.g. `openssl rand -hex 24` (baton up generates one)";

    public Operators {
        tokens = Map.copyOf(tokens);
        var seen = new HashSet<String>();
        for (var operator : tokens.entrySet()) {
            String key = operator.getKey().equals(DEFAULT_NAME) ? TOKEN_KEY : OPERATORS_KEY;
            if (!NAME.matcher(operator.getKey()).matches()) {
                throw new ConfigException(OPERATORS_KEY, "names an operator '" + operator.getKey() + "'",
                        "use 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
            }
            if (operator.getValue().length() < MIN_TOKEN) {
                throw new ConfigException(key, (key.equals(TOKEN_KEY) ? "is " : "gives " + operator.getKey()
                        + " a token of ") + operator.getValue().length() + " characters", TOKEN_FIX);
            }
            if (!seen.add(operator.getValue())) {
                throw new ConfigException(key, "gives two operators the same token", "give each operator its own");
            }
        }
    }

    public static Operators load(ConfigSource source) {
        Map<String, String> tokens = new LinkedHashMap<>(source.map(OPERATORS_KEY));
        source.find(TOKEN_KEY).map(String::trim).ifPresent(token -> {
            if (tokens.containsKey(DEFAULT_NAME)) {
                throw new ConfigException(OPERATORS_KEY, "names an operator '" + DEFAULT_NAME + "' while "
                        + TOKEN_KEY + " is set too", "drop one of the two");
            }
            tokens.put(DEFAULT_NAME, token);
        });
        return new Operators(tokens);
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }

    @Override
    public String toString() {
        return "Operators" + tokens.keySet();
    }
}
