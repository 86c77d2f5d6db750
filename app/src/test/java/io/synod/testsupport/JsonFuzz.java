package io.synod.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Hostile JSON for parser properties, from valid samples: fields removed, added or given values
 * of every other type (huge and non-finite numbers, control characters, SQL, lone surrogates,
 * megabyte strings, deep nesting), the text cut, spliced or sprinkled with bytes, and plain noise.
 */
public final class JsonFuzz {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] NASTY = {"", " ", "'; DROP TABLE votes; --", "\u0000", "\u0007\u001b[31m", "\ud800", "line\nbreak",
        "tab\there", "/", "a/b", "\"quoted\"", "\\", "NaN", "Infinity", "-0", "9".repeat(400), "\u202e\u0644\u0627", "%s%n%x"};
    private static final String[] NUMBERS = {"0", "-1", "1e400", "-1e400", "1.5", "0.67", "9223372036854775808", "-9223372036854775809",
        "1E-400", "2147483648", "NaN", "Infinity", "-Infinity", "0x10", "01"};

    private final Random random;

    public JsonFuzz(long seed) {
        random = new Random(seed);
    }

    /** One hostile variant of a valid sample (or, now and then, no sample at all). */
    public String next(List<String> samples) {
        int kind = random.nextInt(10);
        if (kind == 0) {
            return noise();
        }
        if (kind == 1) {
            return depth(1 + random.nextInt(3000));
        }
        String sample = samples.get(random.nextInt(samples.size()));
        String structured = kind <= 6 ? structural(sample) : sample;
        return kind >= 5 ? textual(structured) : structured;
    }

    private String structural(String sample) {
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(sample);
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                mutate(node);
            }
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException("samples must be JSON objects", e);
        }
    }

    private void mutate(ObjectNode node) {
        List<String> fields = new ArrayList<>();
        Iterator<String> names = node.fieldNames();
        names.forEachRemaining(fields::add);
        String field = fields.isEmpty() ? "x" : fields.get(random.nextInt(fields.size()));
        switch (random.nextInt(4)) {
            case 0 -> node.remove(field);
            case 1 -> node.set("extra" + random.nextInt(5), value(2));
            case 2 -> {
                JsonNode inner = node.get(field);
                if (inner instanceof ObjectNode object) {
                    mutate(object);
                } else {
                    node.set(field, value(2));
                }
            }
            default -> node.set(field, value(2));
        }
    }

    private JsonNode value(int depth) {
        switch (random.nextInt(depth > 0 ? 8 : 6)) {
            case 0 -> {
                return NODES.nullNode();
            }
            case 1 -> {
                return NODES.booleanNode(random.nextBoolean());
            }
            case 2 -> {
                return NODES.textNode(NASTY[random.nextInt(NASTY.length)]);
            }
            case 3 -> {
                return random.nextInt(300) == 0 ? NODES.textNode("j".repeat(1 << 20)) : NODES.numberNode(random.nextInt());
            }
            case 4 -> {
                return NODES.numberNode(switch (random.nextInt(4)) {
                    case 0 -> Double.MAX_VALUE;
                    case 1 -> -random.nextDouble();
                    case 2 -> Long.MIN_VALUE;
                    default -> random.nextDouble() * 2;
                });
            }
            case 5 -> {
                return NODES.textNode(randomText(random.nextInt(30)));
            }
            case 6 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = 0, n = random.nextInt(4); i < n; i++) {
                    array.add(value(depth - 1));
                }
                return array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = 0, n = random.nextInt(3); i < n; i++) {
                    object.set("k" + i, value(depth - 1));
                }
                return object;
            }
        }
    }

    /** Text edits that usually break the JSON: a cut, a spliced literal, stray characters or bytes. */
    private String textual(String text) {
        StringBuilder out = new StringBuilder(text);
        for (int i = 0, n = 1 + random.nextInt(3); i < n && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(4)) {
                case 0 -> out.setLength(at);
                case 1 -> out.insert(at, NUMBERS[random.nextInt(NUMBERS.length)]);
                case 2 -> out.insert(at, (char) random.nextInt(0x10000));
                default -> out.deleteCharAt(at);
            }
        }
        return out.toString();
    }

    private String noise() {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return random.nextBoolean() ? new String(bytes, StandardCharsets.ISO_8859_1) : "\ufeff" + new String(bytes, StandardCharsets.UTF_8);
    }

    private static String depth(int levels) {
        return "{\"type\":" + "[".repeat(levels) + "]".repeat(levels) + "}";
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(0x3000));
        }
        return text.toString();
    }
}
