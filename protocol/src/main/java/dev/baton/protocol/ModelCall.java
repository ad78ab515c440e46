package dev.baton.protocol;

import java.math.BigDecimal;
import java.util.Objects;

/** One model call through the vault proxy, as the proxy recorded it. Bodies are referenced by hash only. */
public record ModelCall(
        String ticketId, String taskId, Role role, String model, String upstream, long tokensIn, long tokensOut,
        BigDecimal costUsd, int status, long latencyMs, String requestSha256, String responseSha256)
        implements Payload.EventMessage {

    public ModelCall {
        Check.id(ticketId, "ticketId");
        Objects.requireNonNull(role, "role");
        costUsd = costUsd == null ? BigDecimal.ZERO : costUsd;
    }
}
