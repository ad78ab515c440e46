package dev.baton.testkit.fuzz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Codec;
import dev.baton.protocol.Json;
import dev.baton.protocol.Payload;
import java.util.List;
import java.util.function.Supplier;

/**
 * Seeded record values for a Baton topic: valid envelopes, envelopes with their JSON tree mutated (wrong types,
 * missing and unknown fields, huge strings and numbers, deep nesting, other message types and schemas), their
 * bytes mutated (invalid UTF-8, truncation, flipped, deleted and repeated bytes), well-formed messages that do not
 * belong on the topic, records without a value, messages over {@link Codec#MAX_MESSAGE_BYTES}, and garbage. The
 * topic's fuzzer supplies valid messages and the wrong ones. Not thread-safe.
 */
public final class EnvelopeFuzzer {
    private static final List<String> TYPES = List.of("TicketSubmitted", "WorkResult", "WorkOrder", "HandoffEvent",
            "ToolCall", "ModelCall", "BudgetEvent", "GitCall", "ControlCommand", "DeadLetter", "ticketsubmitted",
            "WorkOrder ", "");

    private final FuzzValues values;

    public EnvelopeFuzzer(FuzzValues values) {
        this.values = values;
    }

    /**
     * One record value; null stands for a record without a value.
     *
     * @param valid a message that belongs on the topic
     * @param wrong a well-formed message that does not (another type, or another consumer's)
     */
    public byte[] next(Supplier<? extends Payload> valid, Supplier<? extends Payload> wrong) {
        int pick = values.nextInt(100);
        if (pick < 12) {
            return Codec.encode(valid.get());
        }
        if (pick < 52) {
            return mutateTree(valid.get());
        }
        if (pick < 77) {
            return values.mutateBytes(Codec.encode(valid.get()));
        }
        if (pick < 84) {
            return Codec.encode(wrong.get());
        }
        if (pick < 85) {
            return null;
        }
        if (pick == 85 && values.random().nextBoolean()) {
            return oversized(valid.get());
        }
        return values.garbage();
    }

    private byte[] mutateTree(Payload payload) {
        ObjectNode envelope = Json.MAPPER.valueToTree(Codec.wrap(payload, 1));
        for (int i = 1 + values.nextInt(3); i > 0; i--) {
            switch (values.nextInt(9)) {
                case 0 -> envelope.put("type", values.oneIn(4) ? values.huge() : values.pick(TYPES));
                case 1 -> envelope.set("schema", values.random().nextBoolean()
                        ? Json.MAPPER.getNodeFactory().numberNode(values.nextInt(5) - 1) : values.value(1));
                case 2 -> envelope.put("ticketId", values.oneIn(3) ? values.huge() : values.string(80));
                case 3 -> envelope.set(values.pick("attempt", "occurredAt", "id"), values.value(0));
                case 4 -> envelope.set("payload", values.random().nextBoolean()
                        ? values.nested(40 + values.nextInt(200)) : values.value(0));
                default -> values.mutate(envelope);
            }
        }
        return FuzzValues.utf8(envelope.toString());
    }

    /** Over the message limit: a valid envelope with a padded field. */
    private byte[] oversized(Payload payload) {
        ObjectNode envelope = Json.MAPPER.valueToTree(Codec.wrap(payload, 1));
        envelope.put("padding", "x".repeat(Codec.MAX_MESSAGE_BYTES + values.nextInt(200_000)));
        return FuzzValues.utf8(envelope.toString());
    }
}
