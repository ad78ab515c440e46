package dev.baton.protocol;

import java.util.Objects;

/** A tool an agent called, as recorded by the layer that ran it. {@code exitCode} is null for tools that run nothing. */
public record ToolCall(
        String ticketId, String taskId, Role role, String tool, String arguments, Integer exitCode, long durationMs,
        String output, boolean refused) implements Payload.EventMessage {

    public ToolCall {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(role, "role");
        Check.text(tool, "tool", 200);
        arguments = arguments == null ? "" : Check.optional(arguments, "arguments", Check.MAX_OUTPUT);
        output = output == null ? "" : Check.optional(output, "output", Check.MAX_OUTPUT);
    }
}
