package dev.baton.testkit.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The shared, seeded generator of every Baton fuzzer: malformed JSON, values of the wrong type, huge strings and
 * numbers, deep nesting, invalid UTF-8, and byte-level mutations of valid inputs. A fuzzer builds its valid inputs
 * itself and uses this class to break them. Deterministic for a given {@link Random}; not thread-safe.
 */
public final class FuzzValues {
    /** Byte sequences that are not UTF-8: stray continuation, overlong, surrogate, truncated, 5-byte, BOM-like. */
    public static final List<byte[]> INVALID_UTF8 = List.of(new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            new byte[] {(byte) 0xE2, (byte) 0x82}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80,
                (byte) 0x80}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xFE, (byte) 0xFF},
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80});
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PUNCTUATION = "{}[]\",:\\0-e.";
    private static final List<String> COMMON = List.of("", " ", "null", "true", "0", "-1", "NaN", "1e309", "😀🎉",
            "\u0000", "a\u0000b", "\u202Eevil", "\uFEFF", "\\", "\"", "{}", "[]", "\r\n", "\n\r\t", "../../etc/passwd",
            "'; DROP TABLE x;--", "2026-01-01T00:00:00Z");

    private final Random random;
    private final List<String> strings;

    /** @param special strings that mean something to the target (role names, ids, states), mixed into every text */
    public FuzzValues(Random random, List<String> special) {
        this.random = random;
        this.strings = Stream.concat(COMMON.stream(), special.stream()).toList();
    }

    public Random random() {
        return random;
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** True once in {@code n} times. */
    public boolean oneIn(int n) {
        return random.nextInt(n) == 0;
    }

    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    @SafeVarargs
    public final <T> T pick(T... items) {
        return items[random.nextInt(items.length)];
    }

    /** One of the common and special strings. */
    public String special() {
        return pick(strings);
    }

    /** Up to {@code max} characters: printable ASCII mostly, then any BMP character, controls and specials. */
    public String string(int max) {
        var sb = new StringBuilder();
        for (int i = random.nextInt(max + 1); i > 0; i--) {
            int kind = random.nextInt(10);
            sb.append(kind < 6 ? (char) (' ' + random.nextInt(95)) : kind < 8 ? (char) random.nextInt(0x3000)
                    : kind == 8 ? (char) random.nextInt(32) : special());
        }
        return sb.toString();
    }

    /** A string over common length limits: 20,001 characters up to 1,000,000. */
    public String huge() {
        int dice = random.nextInt(20);
        int length = dice < 10 ? 20_001 : dice < 17 ? 65_536 : dice < 19 ? 300_000 : 1_000_000;
        return String.valueOf((char) ('a' + random.nextInt(26))).repeat(length);
    }

    public String hex(int length) {
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    public byte[] invalidUtf8() {
        return pick(INVALID_UTF8);
    }

    /** A number at or past the edge of what a field takes, or a number in a string, or NaN. */
    public JsonNode extremeNumber() {
        return switch (random.nextInt(11)) {
            case 0 -> NODES.numberNode(Long.MAX_VALUE);
            case 1 -> NODES.numberNode(Long.MIN_VALUE);
            case 2 -> NODES.numberNode((long) Integer.MAX_VALUE + 1);
            case 3 -> NODES.numberNode(-1);
            case 4 -> NODES.numberNode(0);
            case 5 -> NODES.numberNode(1e308);
            case 6 -> NODES.numberNode(new BigInteger(300, random));
            case 7 -> NODES.numberNode(new BigDecimal("1e-400"));
            case 8 -> NODES.numberNode(0.1234567891234);
            case 9 -> NODES.textNode("12");
            default -> NODES.numberNode(Double.NaN);
        };
    }

    /** Any JSON value: null, boolean, numbers of every size, text (sometimes huge), arrays, objects. */
    public JsonNode value(int depth) {
        return switch (random.nextInt(depth > 3 ? 7 : 9)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(600) - 300));
            case 4 -> NODES.textNode(string(60));
            case 5 -> extremeNumber();
            case 6 -> NODES.textNode(oneIn(10) ? huge() : special());
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
                    object.set(oneIn(2) ? special() : string(8), value(depth + 1));
                }
                yield object;
            }
        };
    }

    /** {@code depth} arrays and objects inside each other. */
    public JsonNode nested(int depth) {
        JsonNode node = NODES.textNode("deep");
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("n", node);
        }
        return node;
    }

    /**
     * One mutation of a random object in {@code root}'s tree: a field removed, set to a value of any type, made
     * huge, set to an extreme number, or replaced by deep nesting; or a new unknown field.
     */
    public void mutate(ObjectNode root) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(root, objects);
        ObjectNode target = pick(objects);
        List<String> names = new ArrayList<>();
        target.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
            target.set(string(12), value(0));
            return;
        }
        String name = pick(names);
        switch (random.nextInt(6)) {
            case 0 -> target.remove(name);
            case 1 -> target.set(oneIn(4) ? string(12) : name, value(0));
            case 2 -> target.put(name, oneIn(3) ? huge() : string(300));
            case 3 -> target.set(name, extremeNumber());
            case 4 -> target.set(name, nested(40 + random.nextInt(200)));
            default -> target.put(name, special());
        }
    }

    private static void collect(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collect(it.next(), into);
        }
    }

    /** One to four byte mutations: invalid UTF-8 spliced in, a byte changed, bytes deleted, repeated or cut off. */
    public byte[] mutateBytes(byte[] bytes) {
        byte[] data = bytes.clone();
        for (int i = 1 + random.nextInt(4); i > 0 && data.length > 0; i--) {
            int at = random.nextInt(data.length);
            data = switch (random.nextInt(6)) {
                case 0 -> splice(data, at, 0, invalidUtf8());
                case 1 -> {
                    data[at] = (byte) random.nextInt(256);
                    yield data;
                }
                case 2 -> splice(data, at, Math.min(data.length - at, 1 + random.nextInt(20)), new byte[0]);
                case 3 -> Arrays.copyOf(data, at);
                case 4 -> splice(data, at, 0, Arrays.copyOfRange(data, at, Math.min(data.length,
                        at + 1 + random.nextInt(40))));
                default -> splice(data, at, 0, new byte[] {(byte) PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length()))});
            };
        }
        return data;
    }

    /** Not a valid input at all: nothing, random bytes, a stray JSON value, deep or long arrays, text. */
    public byte[] garbage() {
        return switch (random.nextInt(7)) {
            case 0 -> new byte[0];
            case 1 -> {
                byte[] bytes = new byte[1 + random.nextInt(3000)];
                random.nextBytes(bytes);
                yield bytes;
            }
            case 2 -> utf8(value(0).toString());
            case 3 -> {
                int depth = 1000 + random.nextInt(5000);
                yield utf8("{\"n\":[".repeat(depth) + "1" + "]}".repeat(depth));
            }
            case 4 -> utf8("[" + "1,".repeat(random.nextInt(50_000)) + "1]");
            case 5 -> utf8("{\"a\":".repeat(100 + random.nextInt(2000)) + "1");
            default -> utf8(string(300));
        };
    }

    /** A value for an HTTP header: invalid UTF-8, a special string, thousands of bytes, or random text. */
    public byte[] headerValue() {
        return switch (random.nextInt(4)) {
            case 0 -> invalidUtf8();
            case 1 -> utf8(special().replaceAll("[\r\n\u0000]", ""));
            case 2 -> utf8("x".repeat(random.nextInt(3000)));
            default -> utf8(string(40).replaceAll("[\r\n\u0000]", ""));
        };
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code data} with {@code remove} bytes at {@code at} replaced by {@code insert}. */
    public static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
        byte[] result = new byte[data.length - remove + insert.length];
        System.arraycopy(data, 0, result, 0, at);
        System.arraycopy(insert, 0, result, at, insert.length);
        System.arraycopy(data, at + remove, result, at + insert.length, data.length - at - remove);
        return result;
    }
}
