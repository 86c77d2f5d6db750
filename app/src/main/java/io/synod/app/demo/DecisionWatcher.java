package io.synod.app.demo;

import io.synod.schemas.Decision;
import io.synod.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Tails consensus.decisions the way a user's service would: read-committed, from the start. */
final class DecisionWatcher implements AutoCloseable {
    private final KafkaConsumer<String, Decision> consumer;

    DecisionWatcher(Topics topics, Properties kafka, String groupId) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, topics.decisions.keySerde().deserializer(), topics.decisions.valueSerde().deserializer());
        consumer.subscribe(List.of(topics.decisions.name()));
    }

    /** Polls once, handing each decision to {@code sink}; returns how many arrived. */
    int poll(Duration timeout, Consumer<Decision> sink) {
        int count = 0;
        for (ConsumerRecord<String, Decision> record : consumer.poll(timeout)) {
            sink.accept(record.value());
            count++;
        }
        return count;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
