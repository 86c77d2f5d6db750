package io.synod.testsupport;

import io.synod.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing and reading records in integration tests: typed through the Topics registry, or raw bytes. */
public final class KafkaIO {
    private final Properties kafka;

    public KafkaIO(Properties kafka) {
        this.kafka = kafka;
    }

    public <V> void produce(Topic<String, V> topic, String key, V value) {
        produce(topic, key, value, null);
    }

    /** With an explicit record timestamp (null: the producer's clock). */
    public <V> void produce(Topic<String, V> topic, String key, V value, Long timestamp) {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(kafka, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), null, timestamp, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic.name(), e);
        }
    }

    /** Raw bytes as a hostile or broken producer would write them; {@code maxRequestBytes} lifts the client's size limit. */
    public void produceRaw(String topic, String key, byte[] value, int maxRequestBytes) throws Exception {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(maxRequestBytes));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(Math.max(32L << 20, 2L * maxRequestBytes)));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, null, key, value, new RecordHeaders())).get();
        }
    }

    /** The end offsets of a topic now: read from them to see only what comes next. */
    public List<Long> endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            return partitions.stream().map(p -> consumer.endOffsets(partitions).get(p)).toList();
        }
    }

    /** The first committed record matching {@code filter} after {@code from} (null: the beginning), or an AssertionError. */
    public ConsumerRecord<String, byte[]> first(String topic, List<Long> from, Predicate<ConsumerRecord<String, byte[]>> filter, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> found = collect(topic, from, filter, timeout, 1);
        if (found.isEmpty()) {
            throw new AssertionError("no matching record on " + topic + " within " + timeout);
        }
        return found.get(0);
    }

    /** Every committed record matching {@code filter} after {@code from}, read for {@code window} (or until {@code max} were found). */
    public List<ConsumerRecord<String, byte[]>> collect(String topic, List<Long> from, Predicate<ConsumerRecord<String, byte[]>> filter,
                                                        Duration window, int max) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            for (int i = 0; i < partitions.size(); i++) {
                if (from == null) {
                    consumer.seekToBeginning(List.of(partitions.get(i)));
                } else {
                    consumer.seek(partitions.get(i), from.get(i));
                }
            }
            long deadline = System.nanoTime() + window.toNanos();
            while (System.nanoTime() < deadline && found.size() < max) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** Decodes a record's value with the topic's serde. */
    public static <V> V value(Topic<String, V> topic, ConsumerRecord<String, byte[]> record) {
        return topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(16 << 20));
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
    }
}
