package io.synod.sdk;

import io.synod.keys.Keys;
import io.synod.schemas.Decision;
import io.synod.topics.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One subscription: its own consumer and thread, handing matching decisions to the listener. */
final class DecisionSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionSubscription.class);

    private final Topic<String, Decision> topic;
    private final SubscribeOptions options;
    private final DecisionListener listener;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean running = true;

    DecisionSubscription(Properties kafka, Topic<String, Decision> topic, SubscribeOptions options, DecisionListener listener) {
        this.topic = topic;
        this.options = options;
        this.listener = listener;
        Properties props = options.groupId() == null ? ClientProperties.reader(kafka)
                : ClientProperties.groupReader(kafka, options.groupId(), options.fromBeginning() ? "earliest" : "latest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions = ClientProperties.partitions(consumer, List.of(topic.name()));
            if (options.groupId() == null) {
                // Positions are fixed before the constructor returns: nothing decided after subscribe() is missed.
                consumer.assign(partitions);
                if (options.fromBeginning()) {
                    consumer.seekToBeginning(partitions);
                } else {
                    consumer.seekToEnd(partitions);
                }
                partitions.forEach(consumer::position);
            } else {
                consumer.subscribe(List.of(topic.name()));
            }
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        thread = new Thread(this::run, "synod-subscription-" + topic.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, byte[]> record : records) {
                    deliver(record);
                }
                if (options.groupId() != null && !records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("subscription to {} woken up unexpectedly", topic.name(), e);
            }
        } catch (RuntimeException e) {
            LOG.error("subscription to {} stopped", topic.name(), e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null
                || (options.tenant() != null && !options.tenant().equals(Keys.tenantOf(record.key())))) {
            return;
        }
        Decision decision;
        try {
            decision = topic.valueSerde().deserializer().deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            LOG.warn("skipping an unreadable decision at {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
            return;
        }
        if (options.finalOnly() && !ProposalStatus.isFinal(decision)) {
            return;
        }
        try {
            listener.onDecision(decision);
            delivered.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.error("decision listener failed on {}; continuing with the next decision", record.key(), e);
        }
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
