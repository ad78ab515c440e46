package dev.baton.telemetry.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.slf4j.event.Level;

/**
 * How a process logs: the format ({@code json} or {@code text}) and the level of each logger (longest matching
 * name prefix wins). Read once, highest first: system properties {@code baton.log.format}, {@code baton.log.level},
 * {@code baton.log.levels}; the environment {@code BATON_LOG_FORMAT}, {@code BATON_LOG_LEVEL},
 * {@code BATON_LOG_LEVELS} ({@code logger=level,…}); the first {@code baton-log.properties} on the class path
 * ({@code format=}, {@code level=}, {@code level.<logger>=}); then JSON at INFO with Kafka, Lettuce, Netty and
 * Vert.x at WARN. A bad value is reported once on standard error and ignored, never fatal. Immutable.
 */
record LogSettings(boolean json, boolean formatChosen, int rootThreshold, List<Map.Entry<String, Integer>> thresholds) {
    static final String RESOURCE = "baton-log.properties";
    private static final int OFF = Integer.MAX_VALUE;
    private static final List<String> QUIET = List.of("org.apache.kafka", "kafka", "io.lettuce", "io.netty",
            "io.vertx", "com.github.dockerjava", "org.apache.zookeeper");

    /** The threshold of logger {@code name}: events below it are dropped. */
    int threshold(String name) {
        for (Map.Entry<String, Integer> entry : thresholds) {
            String prefix = entry.getKey();
            if (name.equals(prefix) || name.startsWith(prefix) && name.charAt(prefix.length()) == '.') {
                return entry.getValue();
            }
        }
        return rootThreshold;
    }

    static LogSettings load(Map<String, String> env, Properties system, Consumer<String> complain) {
        Properties file = resource(complain);
        String chosen = first(system.getProperty("baton.log.format"), env.get("BATON_LOG_FORMAT"),
                file.getProperty("format"), null);
        String format = (chosen == null ? "json" : chosen).trim().toLowerCase(Locale.ROOT);
        if (!format.equals("json") && !format.equals("text")) {
            complain.accept("log format '" + format + "' is unknown; use json or text (logging JSON)");
        }
        var levels = new java.util.LinkedHashMap<String, Integer>();
        QUIET.forEach(logger -> levels.put(logger, Level.WARN.toInt()));
        file.stringPropertyNames().stream().filter(k -> k.startsWith("level.")).sorted().forEach(k ->
                parse(file.getProperty(k), RESOURCE + " " + k, complain).ifPresent(t -> levels.put(k.substring(6), t)));
        for (String list : new String[] {env.get("BATON_LOG_LEVELS"), system.getProperty("baton.log.levels")}) {
            levels(list, levels, complain);
        }
        int root = parse(first(system.getProperty("baton.log.level"), env.get("BATON_LOG_LEVEL"),
                file.getProperty("level"), "info"), "the log level", complain).orElse(Level.INFO.toInt());
        List<Map.Entry<String, Integer>> ordered = new ArrayList<>(levels.entrySet());
        ordered.sort(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getKey().length()).reversed());
        return new LogSettings(!format.equals("text"), chosen != null, root, List.copyOf(ordered));
    }

    private static void levels(String list, Map<String, Integer> into, Consumer<String> complain) {
        if (list == null || list.isBlank()) {
            return;
        }
        for (String item : list.split(",")) {
            String[] pair = item.split("=", 2);
            if (pair.length != 2 || pair[0].isBlank()) {
                complain.accept("log level entry '" + item.trim() + "' is not logger=level; ignored");
                continue;
            }
            parse(pair[1], "the level of " + pair[0].trim(), complain).ifPresent(t -> into.put(pair[0].trim(), t));
        }
    }

    private static java.util.Optional<Integer> parse(String value, String what, Consumer<String> complain) {
        String level = value.trim().toUpperCase(Locale.ROOT);
        if (level.equals("OFF")) {
            return java.util.Optional.of(OFF);
        }
        try {
            return java.util.Optional.of(Level.valueOf(level).toInt());
        } catch (IllegalArgumentException e) {
            complain.accept(what + " '" + value.trim() + "' is unknown; use trace, debug, info, warn, error or off");
            return java.util.Optional.empty();
        }
    }

    private static Properties resource(Consumer<String> complain) {
        Properties properties = new Properties();
        try (InputStream in = LogSettings.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException | IllegalArgumentException e) {
            complain.accept("cannot read " + RESOURCE + " (" + e.getMessage() + "); using the defaults");
        }
        return properties;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return values[values.length - 1];
    }
}
