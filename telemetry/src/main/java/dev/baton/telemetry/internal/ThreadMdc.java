package dev.baton.telemetry.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.spi.MDCAdapter;

/**
 * The MDC of each thread. Unlike SLF4J's basic adapter it is not inherited: a thread started while a ticket's
 * work runs (a pool refill, a watcher) must not log as if it worked on that ticket. Thread-safe (thread-local).
 */
final class ThreadMdc implements MDCAdapter {
    private final ThreadLocal<Map<String, String>> values = ThreadLocal.withInitial(HashMap::new);
    private final ThreadLocal<Map<String, Deque<String>>> stacks = ThreadLocal.withInitial(HashMap::new);

    @Override
    public void put(String key, String value) {
        if (key == null) {
            throw new IllegalArgumentException("an MDC key cannot be null");
        }
        values.get().put(key, value);
    }

    @Override
    public String get(String key) {
        return values.get().get(key);
    }

    @Override
    public void remove(String key) {
        values.get().remove(key);
    }

    @Override
    public void clear() {
        values.remove();
    }

    /** The live map of this thread, for the sink only (read on the logging thread, never kept). */
    Map<String, String> view() {
        return values.get();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        return new HashMap<>(values.get());
    }

    @Override
    public void setContextMap(Map<String, String> context) {
        values.set(new HashMap<>(context));
    }

    @Override
    public void pushByKey(String key, String value) {
        stacks.get().computeIfAbsent(key, k -> new ArrayDeque<>()).push(value);
    }

    @Override
    public String popByKey(String key) {
        Deque<String> stack = stacks.get().get(key);
        return stack == null ? null : stack.poll();
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(String key) {
        Deque<String> stack = stacks.get().get(key);
        return stack == null ? null : new ArrayDeque<>(stack);
    }

    @Override
    public void clearDequeByKey(String key) {
        Deque<String> stack = stacks.get().get(key);
        if (stack != null) {
            stack.clear();
        }
    }
}
