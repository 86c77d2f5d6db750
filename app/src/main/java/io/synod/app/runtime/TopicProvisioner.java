package io.synod.app.runtime;

import io.synod.topics.Topic;
import io.synod.topics.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Synod's topics with explicit settings instead of relying on broker auto-creation. All
 * proposal-keyed topics get the same partition count, which co-partitioning requires.
 */
public final class TopicProvisioner {
    public static final String DEAD_LETTER_TOPIC = "consensus.dlq";
    /**
     * Largest record on Synod's topics (decision 0037): an oversized field reaches the apps and is
     * rejected with its reason instead of failing opaquely at the producer, and a round's decision,
     * which carries every ballot's justification, has room. Larger records are refused by the broker.
     */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    /** The dead-letter topic holds a refused record with its error headers: room for the largest record and more. */
    public static final int DEAD_LETTER_MAX_MESSAGE_BYTES = 2 * MAX_MESSAGE_BYTES;
    /**
     * Topics written by producers outside Synod: the broker refuses a record stamped further ahead of
     * its clock than this (decision 0036), so no input can carry a partition's event time into the future.
     */
    static final Set<String> INPUTS = Set.of(Topics.PROPOSALS, Topics.VOTES, Topics.ARBITRATIONS, Topics.OUTCOMES, Topics.RESETS);
    public static final long MAX_FUTURE_TIMESTAMP_MS = io.synod.events.InputLimits.MAX_CLOCK_SKEW_MS;
    /** The settings Synod's input screening relies on; retention and cleanup stay the operator's. */
    static final Set<String> LIMITS = Set.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    public static List<String> ensure(Admin admin, Topics topics, int partitions, short replicationFactor)
            throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        for (Topic<?, ?> topic : topics.all()) {
            if (!existing.contains(topic.name())) {
                missing.add(new NewTopic(topic.name(), partitions, replicationFactor).configs(configFor(topic.name(), topic.compacted())));
            }
        }
        if (!existing.contains(DEAD_LETTER_TOPIC)) {
            missing.add(new NewTopic(DEAD_LETTER_TOPIC, partitions, replicationFactor).configs(configFor(DEAD_LETTER_TOPIC, false)));
        }
        if (!missing.isEmpty()) {
            for (var created : admin.createTopics(missing).values().values()) {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    // Another Synod process (one per app in docker compose) created it first.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
        }
        List<String> created = missing.stream().map(NewTopic::name).toList();
        Map<String, Boolean> present = new HashMap<>();
        topics.all().forEach(topic -> present.put(topic.name(), topic.compacted()));
        present.put(DEAD_LETTER_TOPIC, false);
        present.keySet().removeAll(created);
        upgradeLimits(admin, present);
        return created;
    }

    /**
     * Topics created by an earlier version (or by hand) lack the size and timestamp limits of
     * decisions 0036 and 0037; without them the broker accepts a record stamped a year ahead. Sets
     * only those, and where the principal may not alter configs, says which are missing and goes on:
     * the apps' own checks still reject such records, only later and with more work.
     */
    static Map<String, Map<String, String>> upgradeLimits(Admin admin, Map<String, Boolean> existing) throws InterruptedException {
        Map<String, Map<String, String>> changed = new HashMap<>();
        if (existing.isEmpty()) {
            return changed;
        }
        Map<ConfigResource, Config> current;
        try {
            List<ConfigResource> resources = existing.keySet().stream().map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            current = admin.describeConfigs(resources).all().get();
        } catch (ExecutionException e) {
            LOG.warn("could not read the configs of Synod's existing topics to check their limits: {}", e.getCause().toString());
            return changed;
        }
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> ops = new HashMap<>();
        current.forEach((resource, config) -> {
            Map<String, String> wanted = new HashMap<>(configFor(resource.name(), existing.get(resource.name())));
            wanted.keySet().retainAll(LIMITS);
            Map<String, String> differing = new HashMap<>();
            wanted.forEach((key, value) -> {
                ConfigEntry entry = config.get(key);
                if (entry == null || !value.equals(entry.value())) {
                    differing.put(key, value);
                }
            });
            if (!differing.isEmpty()) {
                changed.put(resource.name(), differing);
                ops.put(resource, differing.entrySet().stream()
                        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList());
            }
        });
        for (var result : admin.incrementalAlterConfigs(ops).values().entrySet()) {
            try {
                result.getValue().get();
                LOG.info("topic {}: set {}", result.getKey().name(), changed.get(result.getKey().name()));
            } catch (ExecutionException e) {
                LOG.warn("topic {} lacks {} and this principal cannot set them ({}); ask the cluster operator to",
                        result.getKey().name(), changed.remove(result.getKey().name()), e.getCause().toString());
            }
        }
        return changed;
    }

    /**
     * Topic creation completes on the controller before the brokers lead the new partitions;
     * producing in that window makes idempotent producers retry into sequence errors.
     */
    private static void awaitLeaders(Admin admin, List<String> names) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean ready;
            try {
                ready = admin.describeTopics(names).allTopicNames().get().values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
            } catch (ExecutionException e) {
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions of " + names + " have no leader after 30 s");
            }
            Thread.sleep(50);
        }
    }

    static Map<String, String> configFor(String name, boolean compacted) {
        Map<String, String> config = new HashMap<>();
        config.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                String.valueOf(DEAD_LETTER_TOPIC.equals(name) ? DEAD_LETTER_MAX_MESSAGE_BYTES : MAX_MESSAGE_BYTES));
        if (INPUTS.contains(name)) {
            config.put(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, String.valueOf(MAX_FUTURE_TIMESTAMP_MS));
        }
        if (compacted) {
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            config.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000");
        } else {
            config.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7L * 24 * 3600 * 1000));
        }
        return config;
    }
}
