package io.synod.app.record;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics from their oldest retained record (or from given offsets, such as those of the first records
 * written at or after a time) to where they ended when the read began (or to given offsets), committed records
 * only, without a consumer group: a snapshot that ends even while producers keep writing.
 */
public final class TopicSnapshot {
    /** What a read covered: how many partitions, and the offset it started at in each. */
    public record Read(int partitions, Map<TopicPartition, Long> starts) {
    }

    private TopicSnapshot() {
    }

    /**
     * Every retained record up to each partition's end when the read began.
     *
     * @param stall how long reading may go without progress before it fails
     * @return the number of partitions read
     */
    public static int read(Properties kafka, Collection<String> topics, Duration stall, Consumer<ConsumerRecord<String, byte[]>> each) {
        return read(kafka, topics, Map.of(), Map.of(), stall, each).partitions();
    }

    /**
     * The records from {@code from}'s offset (the oldest retained where it names no offset) up to {@code until}'s (the end
     * when the read began where it names none).
     */
    public static Read read(Properties kafka, Collection<String> topics, Map<TopicPartition, Long> from, Map<TopicPartition, Long> until,
                            Duration stall, Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            List<TopicPartition> partitions = partitions(consumer, topics, stall);
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, stall));
            until.forEach((partition, offset) -> ends.computeIfPresent(partition, (p, end) -> offset));
            Map<TopicPartition, Long> starts = new HashMap<>(consumer.beginningOffsets(partitions, stall));
            from.forEach((partition, offset) -> starts.computeIfPresent(partition, (p, oldest) -> Math.max(oldest, offset)));
            starts.replaceAll((partition, start) -> Math.min(start, ends.get(partition)));
            starts.forEach(consumer::seek);
            Set<TopicPartition> unread = new HashSet<>(partitions);
            long lastProgress = System.nanoTime();
            while (true) {
                List<TopicPartition> done = unread.stream().filter(partition -> consumer.position(partition, stall) >= ends.get(partition)).toList();
                // Paused, a partition read to its end is fetched no further (its end may be far from the log's).
                consumer.pause(done);
                done.forEach(unread::remove);
                if (unread.isEmpty()) {
                    return new Read(partitions.size(), starts);
                }
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    lastProgress = System.nanoTime();
                    for (ConsumerRecord<String, byte[]> record : records) {
                        // A partition read to a given offset stops there, though the poll may return records beyond it.
                        if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                            each.accept(record);
                        }
                    }
                } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
                    throw new IllegalStateException("no progress reading " + unread + " for " + stall.toSeconds() + " s");
                }
            }
        }
    }

    /** Per partition, the offset of the first record stamped at or after {@code timeMs}, or the end where there is none. */
    public static Map<TopicPartition, Long> offsetsAt(Properties kafka, Collection<String> topics, long timeMs, Duration timeout) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka)) {
            List<TopicPartition> partitions = partitions(consumer, topics, timeout);
            Map<TopicPartition, Long> at = new HashMap<>();
            partitions.forEach(partition -> at.put(partition, Math.max(0L, timeMs)));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            consumer.offsetsForTimes(at, timeout).forEach((partition, found) -> offsets.put(partition,
                    found == null ? ends.get(partition) : found.offset()));
            return offsets;
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(Properties kafka) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Reading must not create a topic the cluster does not have (a misspelt prefix, a tenant's first day).
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "synod-record");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, Collection<String> topics, Duration timeout) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos != null) {
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
        }
        return partitions;
    }
}
