package dev.baton.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * A request the proxy refuses or cannot serve, answered as an OpenAI-shaped error with {@code status} and a
 * stable {@code code}; {@code details} adds fields to the error object (e.g. a budget's scope and amounts).
 * The message is shown to the agent, so it never contains a secret.
 */
public class ProxyException extends RuntimeException {
    private final int status;
    private final String code;
    private final transient Consumer<ObjectNode> details;

    public ProxyException(int status, String code, String message) {
        this(status, code, message, error -> {});
    }

    public ProxyException(int status, String code, String message, Consumer<ObjectNode> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Adds this error's extra fields to an OpenAI {@code error} object. */
    public void addDetails(ObjectNode error) {
        details.accept(error);
    }
}
