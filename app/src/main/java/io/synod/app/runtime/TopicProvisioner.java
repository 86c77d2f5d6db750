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
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Synod's topics with explicit settings instead of relying on broker auto-creation. All
 * proposal-keyed topics get the same partition count, which co-partitioning requires.
 */
public final class TopicProvisioner {
    public static final String DEAD_LETTER_TOPIC = "consensus.dlq";

    private TopicProvisioner() {
    }

    public static List<String> ensure(Admin admin, Topics topics, int partitions, short replicationFactor)
            throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        for (Topic<?, ?> topic : topics.all()) {
            if (!existing.contains(topic.name())) {
                missing.add(new NewTopic(topic.name(), partitions, replicationFactor).configs(configFor(topic.compacted())));
            }
        }
        if (!existing.contains(DEAD_LETTER_TOPIC)) {
            missing.add(new NewTopic(DEAD_LETTER_TOPIC, partitions, replicationFactor).configs(configFor(false)));
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
        return missing.stream().map(NewTopic::name).toList();
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

    private static Map<String, String> configFor(boolean compacted) {
        Map<String, String> config = new HashMap<>();
        if (compacted) {
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            config.put(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, "60000");
        } else {
            config.put(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(7L * 24 * 3600 * 1000));
        }
        return config;
    }
}
