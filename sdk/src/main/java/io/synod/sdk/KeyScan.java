package io.synod.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads every record of one key from a topic without a consumer group: only the partition the
 * default partitioner puts the key in, from its beginning to its current end. This is how a
 * proposal's records are found when they were not seen live.
 */
final class KeyScan {
    private KeyScan() {
    }

    /** The partition the producer's default partitioner (and Kafka Streams') chooses for {@code key}. */
    static int partitionFor(String key, int partitions) {
        byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
    }

    /** Hands each value stored under {@code key} to {@code sink}, oldest first; reports records read to {@code progress}. */
    static <V> void scan(Consumer<String, byte[]> consumer, String topic, String key, Deserializer<V> values,
                         BiConsumer<ConsumerRecord<String, byte[]>, V> sink, LongConsumer progress) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (partitions == null || partitions.isEmpty()) {
            throw new UnknownTopicOrPartitionException("topic " + topic + " does not exist");
        }
        TopicPartition partition = new TopicPartition(topic, partitionFor(key, partitions.size()));
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        Map<TopicPartition, Long> end = consumer.endOffsets(List.of(partition));
        long endOffset = end.get(partition);
        long read = 0;
        while (consumer.position(partition) < endOffset) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                read++;
                if (key.equals(record.key()) && record.value() != null) {
                    V value;
                    try {
                        value = values.deserialize(topic, record.value());
                    } catch (SerializationException unreadable) {
                        continue;
                    }
                    sink.accept(record, value);
                }
            }
            progress.accept(read);
        }
        consumer.assign(List.of());
    }
}
