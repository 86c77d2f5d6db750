package io.synod.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** The client settings the SDK adds to the user's Kafka properties. */
final class ClientProperties {
    private ClientProperties() {
    }

    /** A group-less consumer that reads only committed transactions (the stream apps write with EOS). */
    static Properties reader(Properties kafka) {
        Properties props = copy(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    static Properties groupReader(Properties kafka, String groupId, String autoOffsetReset) {
        Properties props = reader(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        return props;
    }

    /** Idempotent and acknowledged by every in-sync replica: a sent proposal or vote is never duplicated or lost. */
    static Properties writer(Properties kafka) {
        Properties props = copy(kafka);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "1");
        return props;
    }

    /** Every partition of {@code topics}, or a clear error when one of them does not exist. */
    static List<TopicPartition> partitions(Consumer<?, ?> consumer, List<String> topics) {
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist on this cluster: is Synod running against it?");
            }
            infos.forEach(p -> all.add(new TopicPartition(p.topic(), p.partition())));
        }
        return all;
    }

    private static Properties copy(Properties kafka) {
        Properties props = new Properties();
        props.putAll(kafka);
        return props;
    }
}
