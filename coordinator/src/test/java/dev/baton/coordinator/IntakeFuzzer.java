package dev.baton.coordinator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.protocol.Codec;
import dev.baton.protocol.ControlCommand;
import dev.baton.protocol.ErrorCode;
import dev.baton.protocol.HandoffEvent;
import dev.baton.protocol.Json;
import dev.baton.protocol.Payload;
import dev.baton.protocol.Plan;
import dev.baton.protocol.Role;
import dev.baton.protocol.Task;
import dev.baton.protocol.TicketState;
import dev.baton.protocol.TicketSubmitted;
import dev.baton.protocol.Verdict;
import dev.baton.protocol.WorkResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Seeded inputs for the coordinator's intake topics: valid envelopes, envelopes with their JSON tree mutated
 * (wrong types, missing and unknown fields, huge strings and numbers, deep nesting, other message types), their
 * bytes mutated (invalid UTF-8, truncation, flipped, deleted and repeated bytes), and plain garbage. Not
 * thread-safe; one per test.
 */
final class IntakeFuzzer {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PUNCTUATION = "{}[]\",:\\0-e.";
    private static final byte[][] INVALID_UTF8 = {
        {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xFE, (byte) 0xFF},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
    private static final String[] STRINGS = {"", " ", "null", "true", "0", "-1", "fleet", "unknown", "../../etc/passwd",
        "baton/x", "a\u0000b", "\u202Eevil", "😀🎉", "\uFEFF", "'; DROP TABLE tickets;--", "{}", "[]", "\\", "\"",
        "t-1", "plan", "task-1", "PM", "engineer", "REVIEWER", "2026-01-01T00:00:00Z", "NaN", "1e309", "\n\r\t"};
    private static final String[] TYPES = {"TicketSubmitted", "WorkResult", "WorkOrder", "HandoffEvent", "ToolCall",
        "ModelCall", "BudgetEvent", "ControlCommand", "DeadLetter", "ticketsubmitted", "TicketSubmitted ", ""};

    private final Random random;
    private final String prefix;
    private final List<String> tickets = new ArrayList<>();
    private int serial;

    IntakeFuzzer(Random random, String prefix) {
        this.random = random;
        this.prefix = prefix;
    }

    /** Tickets created by valid inputs, so results can name them. */
    void known(String ticketId) {
        tickets.add(ticketId);
    }

    /** One input for {@code baton.tickets}; null stands for a record without a value. */
    byte[] ticketInput() {
        return input(this::validTicket);
    }

    /** One input for {@code baton.results}. */
    byte[] resultInput() {
        return input(this::validResult);
    }

    private byte[] input(java.util.function.Supplier<Payload> valid) {
        int pick = random.nextInt(100);
        if (pick < 12) {
            return Codec.encode(valid.get());
        }
        if (pick < 52) {
            return mutateTree(valid.get());
        }
        if (pick < 77) {
            return mutateBytes(Codec.encode(valid.get()));
        }
        if (pick < 84) {
            return Codec.encode(otherType());
        }
        if (pick < 85) {
            return null;
        }
        if (pick == 85 && random.nextBoolean()) {
            return oversized(valid.get());
        }
        return garbage();
    }

    String newTicketId() {
        return prefix + "-" + (++serial);
    }

    private Payload validTicket() {
        String id = random.nextInt(20) == 0 && !tickets.isEmpty() ? pick(tickets) : newTicketId();
        return new TicketSubmitted(id, "file:///fuzz/" + id + ".git", random.nextBoolean() ? "main" : null,
                "Fuzz " + string(40).strip() + ".", random.nextBoolean() ? string(200) : null, "fuzz");
    }

    private Payload validResult() {
        String id = tickets.isEmpty() || random.nextInt(10) == 0 ? newTicketId() : pick(tickets);
        Role role = Role.values()[random.nextInt(3)];
        String task = role == Role.PM && random.nextInt(4) > 0 ? "plan" : "task-" + (1 + random.nextInt(2));
        int round = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        int attempt = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        var outcome = switch (role) {
            case PM -> random.nextInt(5) == 0 ? WorkResult.Outcome.FAILED : WorkResult.Outcome.PLANNED;
            case ENGINEER -> random.nextInt(5) == 0 ? WorkResult.Outcome.FAILED : WorkResult.Outcome.COMMITTED;
            case REVIEWER -> random.nextInt(5) == 0 ? WorkResult.Outcome.FAILED : WorkResult.Outcome.REVIEWED;
        };
        Plan plan = outcome == WorkResult.Outcome.PLANNED ? plan() : null;
        String commit = outcome == WorkResult.Outcome.COMMITTED ? hex(40) : null;
        Verdict verdict = outcome == WorkResult.Outcome.REVIEWED ? verdict() : null;
        var failure = outcome == WorkResult.Outcome.FAILED
                ? new WorkResult.Failure(ErrorCode.values()[random.nextInt(ErrorCode.values().length)], string(100))
                : null;
        return new WorkResult(id, role, task, round, attempt, outcome, plan, commit, List.of(), verdict, failure,
                outcome == WorkResult.Outcome.COMMITTED ? List.of("BATON_NOTES.md") : List.of());
    }

    private Plan plan() {
        List<Task> tasks = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 1; i <= n; i++) {
            tasks.add(new Task("task-" + i, "Task " + i, string(50), List.of("f" + i + ".txt"),
                    List.of("criterion " + i), random.nextBoolean() ? null : "make test"));
        }
        return new Plan(string(30), tasks);
    }

    private Verdict verdict() {
        boolean approve = random.nextBoolean();
        return new Verdict(approve ? Verdict.Decision.APPROVED : Verdict.Decision.CHANGES_REQUESTED,
                List.of(new Verdict.CriterionVerdict("criterion 1", approve, string(40), approve ? "" : "do better")),
                string(40));
    }

    /** A well-formed message that does not belong on an intake topic (or on this one). */
    private Payload otherType() {
        String id = tickets.isEmpty() ? newTicketId() : pick(tickets);
        return switch (random.nextInt(4)) {
            case 0 -> new HandoffEvent(id, TicketState.PLANNING, TicketState.IMPLEMENTING, Role.PM, Role.ENGINEER,
                    "task-1", 1, "fuzz", 3);
            case 1 -> new ControlCommand(id, ControlCommand.Action.values()[random.nextInt(6)], "fuzz", "fuzz");
            case 2 -> validTicket();
            default -> validResult();
        };
    }

    private byte[] mutateTree(Payload payload) {
        ObjectNode envelope = (ObjectNode) Json.MAPPER.valueToTree(Codec.wrap(payload, 1));
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutateOnce(envelope);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(envelope);
        } catch (IOException e) {
            return envelope.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private void mutateOnce(ObjectNode envelope) {
        switch (random.nextInt(9)) {
            case 0 -> envelope.put("type", random.nextInt(4) == 0 ? huge() : TYPES[random.nextInt(TYPES.length)]);
            case 1 -> envelope.set("schema", random.nextBoolean() ? NODES.numberNode(random.nextInt(5) - 1) : value(1));
            case 2 -> envelope.put("ticketId", random.nextInt(3) == 0 ? huge() : string(80));
            case 3 -> {
                ObjectNode target = randomObject(envelope);
                List<String> names = names(target);
                if (!names.isEmpty()) {
                    target.remove(pick(names));
                }
            }
            case 4 -> {
                ObjectNode target = randomObject(envelope);
                List<String> names = names(target);
                String name = names.isEmpty() || random.nextInt(4) == 0 ? string(12) : pick(names);
                target.set(name, value(0));
            }
            case 5 -> {
                ObjectNode target = randomObject(envelope);
                List<String> names = names(target);
                if (!names.isEmpty()) {
                    target.put(pick(names), random.nextInt(3) == 0 ? huge() : string(300));
                }
            }
            case 6 -> envelope.set("payload", random.nextBoolean() ? nested(40 + random.nextInt(200)) : value(0));
            case 7 -> envelope.set(pick(List.of("attempt", "occurredAt", "id")), value(0));
            default -> {
                ObjectNode target = randomObject(envelope);
                List<String> names = names(target);
                if (!names.isEmpty()) {
                    target.set(pick(names), NODES.numberNode(pick(List.of(Long.MAX_VALUE, Long.MIN_VALUE,
                            (long) Integer.MAX_VALUE + 1, -1L, 0L))));
                }
            }
        }
    }

    /** The envelope, its payload, or an object nested in the payload. */
    private ObjectNode randomObject(ObjectNode envelope) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(envelope, objects);
        return pick(objects);
    }

    private static void collect(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collect(it.next(), into);
        }
    }

    private static List<String> names(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private byte[] mutateBytes(byte[] bytes) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(bytes);
        byte[] data = out.toByteArray();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations && data.length > 0; i++) {
            int at = random.nextInt(data.length);
            data = switch (random.nextInt(6)) {
                case 0 -> splice(data, at, 0, INVALID_UTF8[random.nextInt(INVALID_UTF8.length)]);
                case 1 -> {
                    data[at] = (byte) random.nextInt(256);
                    yield data;
                }
                case 2 -> splice(data, at, Math.min(data.length - at, 1 + random.nextInt(20)), new byte[0]);
                case 3 -> java.util.Arrays.copyOf(data, at);
                case 4 -> splice(data, at, 0, java.util.Arrays.copyOfRange(data, at, Math.min(data.length,
                        at + 1 + random.nextInt(40))));
                default -> splice(data, at, 0, 
                        new byte[] {(byte) PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length()))});
            };
        }
        return data;
    }

    private static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
        byte[] result = new byte[data.length - remove + insert.length];
        System.arraycopy(data, 0, result, 0, at);
        System.arraycopy(insert, 0, result, at, insert.length);
        System.arraycopy(data, at + remove, result, at + insert.length, data.length - at - remove);
        return result;
    }

    /** Over the 1 MiB message limit: a valid envelope with a padded field. */
    private byte[] oversized(Payload payload) {
        ObjectNode envelope = (ObjectNode) Json.MAPPER.valueToTree(Codec.wrap(payload, 1));
        envelope.put("padding", "x".repeat(Codec.MAX_MESSAGE_BYTES + random.nextInt(200_000)));
        return envelope.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] garbage() {
        return switch (random.nextInt(6)) {
            case 0 -> new byte[0];
            case 1 -> {
                byte[] bytes = new byte[1 + random.nextInt(2000)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 2 -> value(0).toString().getBytes(StandardCharsets.UTF_8);
            case 3 -> {
                int depth = 1000 + random.nextInt(5000);
                yield ("{\"n\":[".repeat(depth) + "1" + "]}".repeat(depth)).getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> ("[" + "1,".repeat(random.nextInt(50_000)) + "1]").getBytes(StandardCharsets.UTF_8);
            default -> string(300).getBytes(StandardCharsets.UTF_8);
        };
    }

    private JsonNode value(int depth) {
        return switch (random.nextInt(depth > 3 ? 7 : 9)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300));
            case 4 -> NODES.textNode(string(60));
            case 5 -> NODES.numberNode(new java.math.BigInteger(200, random));
            case 6 -> NODES.textNode(random.nextInt(10) == 0 ? huge() : pick(List.of(STRINGS)));
            case 7 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    array.add(value(depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) {
                    object.set(string(8), value(depth + 1));
                }
                yield object;
            }
        };
    }

    private JsonNode nested(int depth) {
        JsonNode node = NODES.textNode("deep");
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("n", node);
        }
        return node;
    }

    private String huge() {
        int dice = random.nextInt(20);
        int length = dice < 10 ? 20_001 : dice < 17 ? 65_536 : dice < 19 ? 300_000 : 1_000_000;
        return String.valueOf((char) ('a' + random.nextInt(26))).repeat(length);
    }

    private String string(int max) {
        var sb = new StringBuilder();
        int length = random.nextInt(max + 1);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            sb.append(kind < 6 ? (char) (' ' + random.nextInt(95))
                    : kind < 8 ? (char) random.nextInt(0x3000)
                    : kind == 8 ? (char) random.nextInt(32) : pick(List.of(STRINGS)));
        }
        return sb.toString();
    }

    private String hex(int length) {
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
