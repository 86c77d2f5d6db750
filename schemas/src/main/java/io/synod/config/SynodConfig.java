package io.synod.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Configuration with one precedence everywhere: code defaults, overridden by a properties file,
 * overridden by environment variables. A key {@code consensus.threshold} is read from the
 * environment as {@code SYNOD_CONSENSUS_THRESHOLD}. Keys under {@code kafka.} are passed through
 * to Kafka clients with the prefix removed, so any client setting (TLS, SASL) can be configured.
 */
public final class SynodConfig {
    public static final String ENV_PREFIX = "SYNOD_";
    private static final String KAFKA_PREFIX = "kafka.";

    private final Map<String, String> values;
    /** The keys a file, the environment or an override set, as opposed to the code defaults. */
    private final Set<String> explicit;

    private SynodConfig(Map<String, String> values, Set<String> explicit) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.explicit = Collections.unmodifiableSet(new TreeSet<>(explicit));
    }

    public static SynodConfig defaults() {
        return new SynodConfig(Defaults.VALUES, Set.of());
    }

    /** Defaults, then {@code file} (when not null), then the process environment. */
    public static SynodConfig load(Path file) {
        return load(file, System.getenv());
    }

    public static SynodConfig load(Path file, Map<String, String> environment) {
        Map<String, String> merged = new TreeMap<>(Defaults.VALUES);
        Set<String> explicit = new TreeSet<>();
        if (file != null) {
            Map<String, String> fromFile = readFile(file);
            merged.putAll(fromFile);
            explicit.addAll(fromFile.keySet());
        }
        Map<String, String> fromEnvironment = fromEnvironment(environment);
        merged.putAll(fromEnvironment);
        explicit.addAll(fromEnvironment.keySet());
        return new SynodConfig(merged, explicit);
    }

    /** A copy with some keys replaced, for tests and command-line flags. */
    public SynodConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(overrides);
        Set<String> set = new TreeSet<>(explicit);
        set.addAll(overrides.keySet());
        return new SynodConfig(merged, set);
    }

    public SynodConfig with(String key, String value) {
        return with(Map.of(key, value));
    }

    /**
     * Whether the key was set by a configuration file, the environment or an override rather than
     * left at its code default: a setting someone chose wins over a more specific default
     * (see {@code StreamsSettings}).
     */
    public boolean isExplicit(String key) {
        return explicit.contains(key);
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("missing configuration key " + key);
        }
        return value;
    }

    public String getOrBlank(String key) {
        return values.getOrDefault(key, "");
    }

    public int getInt(String key) {
        return parse(key, Integer::parseInt);
    }

    public long getLong(String key) {
        return parse(key, Long::parseLong);
    }

    public double getDouble(String key) {
        return parse(key, Double::parseDouble);
    }

    /**
     * How long an ended proposal is remembered by the apps that keep one (0: for ever; decision
     * 0060). Read here once for all of them, so that they agree and a negative value is refused alike.
     */
    public long endedRetentionMs() {
        long value = getLong("consensus.ended.retention.ms");
        if (value < 0) {
            throw new IllegalArgumentException("consensus.ended.retention.ms must be 0 (for ever) or positive, got " + value);
        }
        return value;
    }

    public boolean getBoolean(String key) {
        String value = get(key).trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("configuration key " + key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    /** Every {@code kafka.*} key with the prefix removed, ready for a Kafka client or Streams. */
    public Properties kafkaProperties() {
        Properties props = new Properties();
        values.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX) && !value.isEmpty()) {
                props.put(key.substring(KAFKA_PREFIX.length()), value);
            }
        });
        return props;
    }

    /**
     * The {@code kafka.*} keys that plain producers, consumers and admin clients understand; the
     * Kafka Streams settings (commit interval, poll, prefixed producer overrides) are left out.
     */
    public Properties kafkaClientProperties() {
        java.util.Set<String> clientKeys = new java.util.HashSet<>(org.apache.kafka.clients.producer.ProducerConfig.configNames());
        clientKeys.addAll(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
        clientKeys.addAll(org.apache.kafka.clients.admin.AdminClientConfig.configNames());
        Properties props = kafkaProperties();
        props.keySet().removeIf(key -> !clientKeys.contains(key.toString()));
        return props;
    }

    public Map<String, String> asMap() {
        return values;
    }

    private <T> T parse(String key, java.util.function.Function<String, T> parser) {
        String value = get(key).trim();
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration key " + key + " has an invalid number '" + value + "'", e);
        }
    }

    private static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        Map<String, String> map = new TreeMap<>();
        props.forEach((k, v) -> map.put(k.toString().trim(), v.toString().trim()));
        return map;
    }

    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> map = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                map.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return map;
    }
}
